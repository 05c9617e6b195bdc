import { Config } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_WAVE } from './annotations';
import { BaseLayerConfigError } from './configError';

/**
 * A wave declared in `baseLayer.waves`.
 *
 * @public
 */
export interface WaveDefinition {
  id: number;
  name: string;
}

/**
 * Reads an entity's wave from its annotation.
 *
 * @returns the wave number, `undefined` when the entity has no wave, or an
 * Error describing why the annotation is not a wave number.
 *
 * @public
 */
export function readEntityWave(entity: Entity): number | undefined | Error {
  const raw = entity.metadata.annotations?.[ANNOTATION_WAVE];
  if (raw === undefined) {
    return undefined;
  }
  if (!/^\d+$/.test(raw.trim())) {
    return new Error(
      `Annotation ${ANNOTATION_WAVE} must be a non-negative integer, got '${raw}'`,
    );
  }
  return Number(raw.trim());
}

/**
 * True for an absolute http(s) URL. Anything else (javascript:, data:,
 * relative) is rejected.
 *
 * @public
 */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Reads the wave plan from `baseLayer.waves`, sorted by id.
 *
 * @throws BaseLayerConfigError naming the offending entry when an id is repeated or not a
 * non-negative integer.
 *
 * @public
 */
export function readWaveDefinitions(config: Config): WaveDefinition[] {
  const entries = config.getOptionalConfigArray('baseLayer.waves') ?? [];
  const waves: WaveDefinition[] = [];
  const seen = new Set<number>();
  entries.forEach((entry, index) => {
    const id = entry.getNumber('id');
    const name = entry.getString('name');
    if (!Number.isInteger(id) || id < 0) {
      throw new BaseLayerConfigError(
        `baseLayer.waves[${index}].id`,
        `must be a non-negative integer, got ${id}`,
      );
    }
    if (seen.has(id)) {
      throw new BaseLayerConfigError(
        `baseLayer.waves[${index}].id`,
        `wave ${id} is declared twice`,
      );
    }
    seen.add(id);
    waves.push({ id, name });
  });
  return waves.sort((a, b) => a.id - b.id);
}

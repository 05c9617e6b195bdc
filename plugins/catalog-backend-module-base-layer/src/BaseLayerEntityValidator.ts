import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  ANNOTATION_WAVE,
  BASE_LAYER_ANNOTATION_PREFIX,
  DEPENDENCY_RULE,
  findInvertedDependencies,
  readEntityWave,
  WaveDefinition,
} from '@internal/plugin-base-layer-common';
import { EntityWaveIndex } from './EntityWaveIndex';
import { findLinkDataProblems } from './linkData';

/**
 * Options of {@link BaseLayerEntityValidator}.
 *
 * @public
 */
export interface BaseLayerEntityValidatorOptions {
  /** The wave plan, from `baseLayer.waves`. */
  waves: WaveDefinition[];
  /** Where the waves of other entities are looked up. */
  waveIndex: EntityWaveIndex;
  logger: LoggerService;
}

const MAX_VALUE_LENGTH = 120;

function quote(value: string): string {
  const shortened =
    value.length > MAX_VALUE_LENGTH
      ? `${value.slice(0, MAX_VALUE_LENGTH)}…`
      : value;
  return JSON.stringify(shortened);
}

function carriesBaseLayerData(entity: Entity): boolean {
  const keys = [
    ...Object.keys(entity.metadata.annotations ?? {}),
    ...Object.keys(entity.metadata.labels ?? {}),
  ];
  return keys.some(key => key.startsWith(BASE_LAYER_ANNOTATION_PREFIX));
}

/**
 * Reports BASE layer data problems of entities that carry `base-layer.io/`
 * annotations as catalog processing errors:
 *
 * - the wave is one that `baseLayer.waves` declares, and its label agrees with
 *   its annotation;
 * - nothing in `spec.dependsOn` sits in a later wave than the entity;
 * - link data holds only http(s) URLs or plain identifiers.
 *
 * Every problem is emitted, never thrown, and a failure of the processor
 * itself is logged and leaves the entity untouched.
 *
 * @public
 */
export class BaseLayerEntityValidator implements CatalogProcessor {
  private readonly declaredWaves: Set<number>;

  constructor(private readonly options: BaseLayerEntityValidatorOptions) {
    this.declaredWaves = new Set(options.waves.map(w => w.id));
  }

  getProcessorName(): string {
    return 'BaseLayerEntityValidator';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!carriesBaseLayerData(entity)) {
      return entity;
    }
    const entityRef = stringifyEntityRef(entity);
    const report = (message: string) =>
      emit(processingResult.inputError(location, message));

    try {
      const wave = this.checkWave(entity, entityRef, report);
      this.checkLinkData(entity, entityRef, report);
      await this.options.waveIndex.record(entityRef, wave);
      if (wave !== undefined) {
        await this.checkDependencies(entity, entityRef, wave, report);
      }
    } catch (error) {
      // Not the entity's fault (for example the cache is unreachable): keep
      // processing, the next pass checks again.
      this.options.logger.warn(
        `BASE layer validation of ${entityRef} could not complete, ${stringifyError(
          error,
        )}`,
        { entity: entityRef },
      );
    }
    return entity;
  }

  private checkWave(
    entity: Entity,
    entityRef: string,
    report: (message: string) => void,
  ): number | undefined {
    const field = `metadata.annotations["${ANNOTATION_WAVE}"]`;
    const wave = readEntityWave(entity);
    const label = entity.metadata.labels?.[ANNOTATION_WAVE];

    if (wave instanceof Error) {
      report(`${entityRef} has an invalid ${field}: ${wave.message}`);
      return undefined;
    }
    if (label !== undefined && label.trim() !== String(wave)) {
      report(
        wave === undefined
          ? `${entityRef} has the label metadata.labels["${ANNOTATION_WAVE}"] ${quote(
              label,
            )} but no ${field}; set both to the same wave`
          : `${entityRef} has metadata.labels["${ANNOTATION_WAVE}"] ${quote(
              label,
            )} but ${field} ${quote(
              String(wave),
            )}; they must name the same wave`,
      );
    }
    if (wave !== undefined && !this.declaredWaves.has(wave)) {
      const declared = [...this.declaredWaves].join(', ') || 'none';
      report(
        `${entityRef} is in wave ${wave} (${field}), which baseLayer.waves does not declare (declared: ${declared})`,
      );
    }
    return wave;
  }

  private checkLinkData(
    entity: Entity,
    entityRef: string,
    report: (message: string) => void,
  ) {
    for (const problem of findLinkDataProblems(entity)) {
      report(
        `${entityRef} has unsafe link data in ${problem.field}: ${quote(
          problem.value,
        )} is not ${problem.expected}`,
      );
    }
  }

  private async checkDependencies(
    entity: Entity,
    entityRef: string,
    wave: number,
    report: (message: string) => void,
  ) {
    const dependsOn: unknown = entity.spec?.dependsOn;
    if (!Array.isArray(dependsOn)) {
      return;
    }
    const targets = new Map<string, number>();
    dependsOn.forEach((target: unknown, index) => {
      if (typeof target !== 'string') {
        return;
      }
      try {
        const ref = stringifyEntityRef(
          parseEntityRef(target, {
            defaultNamespace: entity.metadata.namespace,
          }),
        );
        if (!targets.has(ref)) {
          targets.set(ref, index);
        }
      } catch {
        // The built-in processor already reports malformed references.
      }
    });

    const waves = await this.options.waveIndex.lookup([...targets.keys()]);
    const violations = findInvertedDependencies(
      { ref: entityRef, wave },
      targets.keys(),
      ref => waves.get(ref),
    );
    for (const { dependsOnRef, dependsOnWave } of violations) {
      report(
        `Inverted dependency: ${entityRef} is in wave ${wave} but its spec.dependsOn[${targets.get(
          dependsOnRef,
        )}] names ${dependsOnRef}, which is in the later wave ${dependsOnWave}; ${DEPENDENCY_RULE}`,
      );
    }
  }
}

import {
  ApplicationStatus,
  DependencyViolation,
  findInvertedDependencies,
  SourceStatus,
  WaveDefinition,
  WaveState,
  WaveStatus,
} from '@internal/plugin-base-layer-common';
import { IndexedEntity } from '../catalog/CatalogEntityIndex';

function countBy<K extends string>(values: K[]): Partial<Record<K, number>> {
  const counts: Partial<Record<K, number>> = {};
  for (const value of values) {
    counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}

const isHealthy = (app: ApplicationStatus) =>
  app.sync === 'Synced' && app.health === 'Healthy';
const isDegraded = (app: ApplicationStatus) =>
  app.health === 'Degraded' ||
  app.operationPhase === 'Failed' ||
  app.operationPhase === 'Error';

/** The state of a wave from its own applications, before earlier waves are considered. */
function ownState(
  apps: ApplicationStatus[],
  failedSources: SourceStatus[],
): { state: WaveState; reason?: string } {
  const unreachable = failedSources.filter(
    s => apps.length === 0 || apps.some(a => a.source === s.name),
  );
  if (unreachable.length > 0) {
    return {
      state: 'Unknown',
      reason: unreachable
        .map(s => `Source '${s.name}' is unreachable: ${s.error}`)
        .join('; '),
    };
  }
  if (apps.some(isDegraded)) {
    const names = apps.filter(isDegraded).map(a => a.name);
    return { state: 'Degraded', reason: `Degraded: ${names.join(', ')}` };
  }
  if (apps.every(isHealthy)) {
    return apps.length === 0
      ? { state: 'Healthy', reason: 'No applications in this wave' }
      : { state: 'Healthy' };
  }
  return { state: 'Progressing' };
}

/**
 * Groups applications into the declared waves (plus any undeclared wave an
 * application names) and derives each wave's state. Precedence: Unknown (its
 * source is unreachable) > Degraded > Blocked (an earlier wave is not Healthy)
 * > Progressing > Healthy. A Degraded wave stays Degraded even behind a
 * blocked one, because that is the more urgent fact.
 */
export function computeWaves(
  definitions: WaveDefinition[],
  applications: ApplicationStatus[],
  sources: SourceStatus[],
): { waves: WaveStatus[]; unassigned: ApplicationStatus[] } {
  const byWave = new Map<number, ApplicationStatus[]>();
  const unassigned: ApplicationStatus[] = [];
  for (const app of applications) {
    if (app.wave === null) {
      unassigned.push(app);
    } else {
      byWave.set(app.wave, [...(byWave.get(app.wave) ?? []), app]);
    }
  }
  const names = new Map(definitions.map(d => [d.id, d.name]));
  for (const id of byWave.keys()) {
    if (!names.has(id)) {
      names.set(id, `Wave ${id}`);
    }
  }
  const failedSources = sources.filter(s => !s.ok);
  const waves: WaveStatus[] = [];
  let firstNotHealthy: WaveStatus | undefined;
  for (const id of [...names.keys()].sort((a, b) => a - b)) {
    const apps = byWave.get(id) ?? [];
    let { state, reason } = ownState(apps, failedSources);
    let blockedBy: number | undefined;
    if (firstNotHealthy && (state === 'Progressing' || state === 'Healthy')) {
      blockedBy = firstNotHealthy.id;
      state = 'Blocked';
      reason = `Wave ${firstNotHealthy.id} (${firstNotHealthy.name}) is ${firstNotHealthy.state}`;
    }
    const wave: WaveStatus = {
      id,
      name: names.get(id)!,
      state,
      ...(reason && { reason }),
      ...(blockedBy !== undefined && { blockedBy }),
      total: apps.length,
      counts: {
        sync: countBy(apps.map(a => a.sync)),
        health: countBy(apps.map(a => a.health)),
      },
      applications: apps,
    };
    if (!firstNotHealthy && state !== 'Healthy') {
      firstNotHealthy = wave;
    }
    waves.push(wave);
  }
  return { waves, unassigned };
}

/**
 * Entities that depend on something deployed in a later wave, which the wave
 * order cannot satisfy. An entity's wave is its annotation, else the wave of
 * its applications.
 */
export function findDependencyViolations(
  entities: IndexedEntity[],
  applicationWaves: Map<string, number>,
): DependencyViolation[] {
  const waveOf = (ref: string, entity?: IndexedEntity) =>
    entity?.wave ?? applicationWaves.get(ref);
  const byRef = new Map(entities.map(e => [e.ref, e]));
  return entities.flatMap(entity => {
    const wave = waveOf(entity.ref, entity);
    return wave === undefined
      ? []
      : findInvertedDependencies(
          { ref: entity.ref, wave },
          entity.dependsOn,
          ref => waveOf(ref, byRef.get(ref)),
        );
  });
}

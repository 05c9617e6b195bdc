import {
  ApplicationStatus,
  DependencyViolation,
  findInvertedDependencies,
  SourceStatus,
  UnassignedReason,
  WaveDefinition,
  WaveState,
  WaveStatus,
} from '@internal/plugin-base-layer-common';
import { IndexedEntity } from '../catalog/CatalogEntityIndex';
import { noWaveMessage } from '../model/toApplicationStatus';
import { CauseChains, DependencyLookup, isHealthy } from './causeChains';

function countBy<K extends string>(values: K[]): Partial<Record<K, number>> {
  const counts: Partial<Record<K, number>> = {};
  for (const value of values) {
    counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}

const isDeleting = (app: ApplicationStatus) =>
  app.deleting === true || app.health === 'Deleting';
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
  const deleting = apps.filter(isDeleting).map(a => a.name);
  return deleting.length > 0
    ? { state: 'Progressing', reason: `Deleting: ${deleting.join(', ')}` }
    : { state: 'Progressing' };
}

/**
 * The reason an application is in no wave: what `toApplicationStatus` found
 * wrong with its declared wave, else that it has none, naming its entity when
 * one matched (without a wave).
 */
function unassignedReason(app: ApplicationStatus): UnassignedReason {
  const reason = app.unassignedReason;
  if (reason && reason.kind !== 'no-wave') {
    return reason;
  }
  const message = noWaveMessage(app.entityRef);
  return reason?.message === message ? reason : { kind: 'no-wave', message };
}

/**
 * Groups applications into the declared waves (plus any undeclared wave an
 * application names) and derives each wave's state. Precedence: Unknown (its
 * source is unreachable) > Degraded > Blocked (an earlier wave is not Healthy)
 * > Progressing > Healthy. A Degraded wave stays Degraded even behind a
 * blocked one, because that is the more urgent fact. An application being
 * deleted, or with an operation Running or Terminating, keeps its wave
 * Progressing (never Healthy). Every unassigned application carries its
 * `unassignedReason`; an application in a wave carries none.
 *
 * Given a catalog `lookup`, every application that is not Healthy and every
 * Blocked wave also carries `waitsOn`: its cause chains (see
 * {@link CauseChains}).
 */
export function computeWaves(
  definitions: WaveDefinition[],
  applications: ApplicationStatus[],
  sources: SourceStatus[],
  lookup?: DependencyLookup,
): { waves: WaveStatus[]; unassigned: ApplicationStatus[] } {
  const byWave = new Map<number, ApplicationStatus[]>();
  const unassigned: ApplicationStatus[] = [];
  const causes = lookup && new CauseChains(applications, lookup);
  const withCauses = (app: ApplicationStatus): ApplicationStatus => {
    const waitsOn = causes?.forApplication(app) ?? [];
    return waitsOn.length > 0 ? { ...app, waitsOn } : app;
  };
  for (const original of applications) {
    const app = withCauses(original);
    if (app.wave === null) {
      const reason = unassignedReason(app);
      unassigned.push(
        reason === app.unassignedReason
          ? app
          : { ...app, unassignedReason: reason },
      );
    } else {
      let assigned = app;
      if (app.unassignedReason) {
        // Its entity gave it the wave its own label or annotation did not.
        const { unassignedReason: _, ...rest } = app;
        assigned = rest;
      }
      const wave = byWave.get(app.wave);
      if (wave) {
        wave.push(assigned);
      } else {
        byWave.set(app.wave, [assigned]);
      }
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
    const waitsOn = state === 'Blocked' ? causes?.forWave(apps) ?? [] : [];
    const wave: WaveStatus = {
      id,
      name: names.get(id)!,
      state,
      ...(reason && { reason }),
      ...(blockedBy !== undefined && { blockedBy }),
      ...(waitsOn.length > 0 && { waitsOn }),
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

import {
  ApplicationStatus,
  HealthStatus,
  SyncStatus,
  WaveStatus,
} from '@internal/plugin-base-layer-common';

/** Waves sorted by id, the order in which they roll out. */
export function sortWaves(waves: WaveStatus[]): WaveStatus[] {
  return [...waves].sort((a, b) => a.id - b.id);
}

/** How many of the wave's applications are Healthy, out of how many. */
export function waveProgress(wave: WaveStatus): {
  healthy: number;
  total: number;
} {
  return { healthy: wave.counts.health.Healthy ?? 0, total: wave.total };
}

/**
 * The same wave, narrowed to the applications that match. Counts are
 * recomputed so the progress bar describes what is shown; the wave's state
 * and reason stay those of the whole wave, since a wave rolls out as one.
 */
export function restrictWave(
  wave: WaveStatus,
  predicate: (application: ApplicationStatus) => boolean,
): WaveStatus {
  const applications = wave.applications.filter(predicate);
  const sync: Partial<Record<SyncStatus, number>> = {};
  const health: Partial<Record<HealthStatus, number>> = {};
  for (const app of applications) {
    sync[app.sync] = (sync[app.sync] ?? 0) + 1;
    health[app.health] = (health[app.health] ?? 0) + 1;
  }
  return {
    ...wave,
    applications,
    total: applications.length,
    counts: { sync, health },
  };
}

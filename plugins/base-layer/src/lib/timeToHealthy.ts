import { WaveTransition } from '@internal/plugin-base-layer-common';

/** How long one wave took to become Healthy in the last rollout. */
export interface WaveTimeToHealthy {
  waveId: number;
  /** When the wave left Healthy (or was first recorded not Healthy). */
  startedAt: string;
  /** When it became Healthy again; absent while it still is not. */
  healthyAt?: string;
  /** `healthyAt - startedAt` in seconds, once Healthy. */
  seconds?: number;
}

/**
 * Time to Healthy of each wave in its last rollout, from the recorded
 * transitions (any order). A wave's rollout starts when it leaves Healthy
 * (Progressing, Blocked, Degraded or Unknown all count as not there yet),
 * or at its first record when that is not Healthy, and ends at the next
 * transition to Healthy. A wave only ever recorded Healthy has no rollout
 * to measure and is left out. Sorted by wave.
 */
export function timeToHealthy(
  transitions: WaveTransition[],
): WaveTimeToHealthy[] {
  const byWave = new Map<number, WaveTransition[]>();
  for (const t of transitions) {
    byWave.set(t.waveId, [...(byWave.get(t.waveId) ?? []), t]);
  }
  const result: WaveTimeToHealthy[] = [];
  for (const [waveId, list] of byWave) {
    const ordered = [...list].sort(
      (a, b) => Date.parse(a.at) - Date.parse(b.at),
    );
    let last: WaveTimeToHealthy | undefined;
    let startedAt: string | undefined;
    for (const t of ordered) {
      if (t.to === 'Healthy') {
        if (startedAt) {
          last = {
            waveId,
            startedAt,
            healthyAt: t.at,
            seconds: Math.max(
              0,
              Math.round((Date.parse(t.at) - Date.parse(startedAt)) / 1000),
            ),
          };
        }
        startedAt = undefined;
      } else if (!startedAt) {
        startedAt = t.at;
        last = { waveId, startedAt };
      }
    }
    if (last) {
      result.push(last);
    }
  }
  return result.sort((a, b) => a.waveId - b.waveId);
}

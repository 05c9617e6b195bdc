/**
 * The wave gate: which applications a sync acts on and what keeps a wave
 * from being synced. One rule for the backend, which enforces it, and the
 * portal, which explains it before anyone clicks.
 */
import type { WaveGate, WaveGateCause } from './actions';
import type { ApplicationStatus, WaveStatus } from './types';

/**
 * Whether an application is Synced and Healthy: a wave sync leaves it alone.
 *
 * @public
 */
export const isSyncedAndHealthy = (app: ApplicationStatus): boolean =>
  app.sync === 'Synced' && app.health === 'Healthy';

/**
 * The applications a sync of the wave acts on: those not Synced and Healthy.
 *
 * @public
 */
export const applicationsToSync = (wave: WaveStatus): ApplicationStatus[] =>
  wave.applications.filter(a => !isSyncedAndHealthy(a));

/** Application names listed in a cause without a reason of its own. */
const MAX_NAMED_APPLICATIONS = 5;

function toCause(wave: WaveStatus): WaveGateCause {
  let reason = wave.reason;
  if (!reason) {
    const pending = applicationsToSync(wave).map(
      a => `${a.name} (${a.sync}, ${a.health})`,
    );
    if (pending.length > 0) {
      const more = pending.length - MAX_NAMED_APPLICATIONS;
      reason = `not Synced and Healthy: ${pending
        .slice(0, MAX_NAMED_APPLICATIONS)
        .join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
    }
  }
  return {
    id: wave.id,
    name: wave.name,
    state: wave.state,
    ...(reason && { reason }),
  };
}

/**
 * The wave gate in front of wave `waveId`: a wave may be synced only while
 * every earlier wave is Healthy (all its applications Synced and Healthy).
 * Returns the first earlier wave that is not, with the chain of waves
 * blocking it (`blockedBy`) as its causes; undefined when the way is clear.
 *
 * @public
 */
export function findWaveGate(
  waves: readonly WaveStatus[],
  waveId: number,
): WaveGate | undefined {
  const earlier = waves.filter(w => w.id < waveId).sort((a, b) => a.id - b.id);
  const blocking = earlier.find(w => w.state !== 'Healthy');
  if (!blocking) {
    return undefined;
  }
  const byId = new Map(waves.map(w => [w.id, w]));
  const causes = [toCause(blocking)];
  const seen = new Set([blocking.id]);
  let current = blocking;
  while (current.blockedBy !== undefined && !seen.has(current.blockedBy)) {
    const next = byId.get(current.blockedBy);
    if (!next) {
      break;
    }
    causes.push(toCause(next));
    seen.add(next.id);
    current = next;
  }
  return { wave: waveId, blockingWave: causes[0], causes };
}

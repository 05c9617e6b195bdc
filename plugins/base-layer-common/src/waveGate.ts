import {
  WaveGate,
  WaveGateCause,
  WaveStatus,
} from '@internal/plugin-base-layer-common';

/** Application names listed in a cause without a reason of its own. */
const MAX_NAMED_APPLICATIONS = 5;

function toCause(wave: WaveStatus): WaveGateCause {
  let reason = wave.reason;
  if (!reason) {
    const pending = wave.applications
      .filter(a => a.sync !== 'Synced' || a.health !== 'Healthy')
      .map(a => `${a.name} (${a.sync}, ${a.health})`);
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

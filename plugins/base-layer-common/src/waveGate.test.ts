import { WaveStatus } from './types';
import { applicationsToSync, findWaveGate } from './waveGate';

function wave(
  id: number,
  state: WaveStatus['state'],
  extra: Partial<WaveStatus> = {},
): WaveStatus {
  return {
    id,
    name: `Wave ${id}`,
    state,
    total: 0,
    counts: { sync: {}, health: {} },
    applications: [],
    ...extra,
  };
}

describe('findWaveGate', () => {
  it('is open when every earlier wave is Healthy, whatever the later ones', () => {
    const waves = [wave(0, 'Healthy'), wave(1, 'Healthy'), wave(2, 'Degraded')];
    expect(findWaveGate(waves, 2)).toBeUndefined();
    expect(findWaveGate(waves, 0)).toBeUndefined();
  });

  it('names the first earlier wave that is not Healthy, with its reason', () => {
    const waves = [
      wave(0, 'Healthy'),
      wave(1, 'Unknown', { reason: "Source 'argocd' is unreachable: timeout" }),
      wave(2, 'Blocked', {
        blockedBy: 1,
        reason: 'Wave 1 (Wave 1) is Unknown',
      }),
    ];
    expect(findWaveGate(waves, 3)).toEqual({
      wave: 3,
      blockingWave: {
        id: 1,
        name: 'Wave 1',
        state: 'Unknown',
        reason: "Source 'argocd' is unreachable: timeout",
      },
      causes: [
        {
          id: 1,
          name: 'Wave 1',
          state: 'Unknown',
          reason: "Source 'argocd' is unreachable: timeout",
        },
      ],
    });
  });

  it('follows blockedBy for the cause chain', () => {
    const chained = [
      wave(0, 'Healthy'),
      wave(1, 'Blocked', { blockedBy: 3 }),
      wave(3, 'Degraded', { reason: 'Degraded: kafka' }),
    ];
    expect(findWaveGate(chained, 2)?.causes.map(c => [c.id, c.reason])).toEqual(
      [
        [1, undefined],
        [3, 'Degraded: kafka'],
      ],
    );
  });

  it('lists the applications that are not Synced and Healthy when the wave gives no reason', () => {
    const app = (name: string, sync: string, health: string) =>
      ({ name, sync, health } as WaveStatus['applications'][number]);
    const waves = [
      wave(0, 'Progressing', {
        applications: [
          app('vault', 'Synced', 'Healthy'),
          app('cert-manager', 'OutOfSync', 'Healthy'),
          app('crossplane', 'Synced', 'Progressing'),
        ],
      }),
    ];
    expect(findWaveGate(waves, 1)?.blockingWave.reason).toBe(
      'not Synced and Healthy: cert-manager (OutOfSync, Healthy), crossplane (Synced, Progressing)',
    );
  });

  it('syncs only the applications that are not Synced and Healthy', () => {
    const app = (name: string, sync: string, health: string) =>
      ({ name, sync, health } as WaveStatus['applications'][number]);
    const pending = applicationsToSync(
      wave(0, 'Progressing', {
        applications: [
          app('vault', 'Synced', 'Healthy'),
          app('cert-manager', 'OutOfSync', 'Healthy'),
          app('crossplane', 'Synced', 'Degraded'),
        ],
      }),
    );
    expect(pending.map(a => a.name)).toEqual(['cert-manager', 'crossplane']);
  });
});

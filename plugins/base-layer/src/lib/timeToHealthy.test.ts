import { WaveTransition } from '@internal/plugin-base-layer-common';
import { timeToHealthy } from './timeToHealthy';

const t = (
  waveId: number,
  from: WaveTransition['from'],
  to: WaveTransition['to'],
  at: string,
): WaveTransition => ({ waveId, from, to, at: `2026-12-01T${at}:00.000Z` });

describe('timeToHealthy', () => {
  it('measures from leaving Healthy to the next Healthy, per wave, last rollout only', () => {
    // Newest first, as /history serves them.
    const history = [
      t(1, 'Progressing', 'Healthy', '10:45'),
      t(1, 'Blocked', 'Progressing', '10:30'),
      t(0, 'Degraded', 'Healthy', '10:20'),
      t(0, 'Progressing', 'Degraded', '10:10'),
      t(1, 'Healthy', 'Blocked', '10:05'),
      t(0, 'Healthy', 'Progressing', '10:00'),
      t(0, 'Progressing', 'Healthy', '09:05'),
      t(0, null, 'Progressing', '09:00'),
      t(1, null, 'Healthy', '09:00'),
    ];
    expect(timeToHealthy(history)).toEqual([
      {
        waveId: 0,
        startedAt: '2026-12-01T10:00:00.000Z',
        healthyAt: '2026-12-01T10:20:00.000Z',
        seconds: 1200,
      },
      {
        waveId: 1,
        startedAt: '2026-12-01T10:05:00.000Z',
        healthyAt: '2026-12-01T10:45:00.000Z',
        seconds: 2400,
      },
    ]);
  });

  it('reports a rollout still under way without an end, and leaves out a wave only ever Healthy', () => {
    expect(
      timeToHealthy([
        t(2, 'Healthy', 'Degraded', '11:00'),
        t(2, 'Progressing', 'Healthy', '10:30'),
        t(2, null, 'Progressing', '10:00'),
        t(3, null, 'Healthy', '10:00'),
      ]),
    ).toEqual([{ waveId: 2, startedAt: '2026-12-01T11:00:00.000Z' }]);
    expect(timeToHealthy([])).toEqual([]);
  });
});

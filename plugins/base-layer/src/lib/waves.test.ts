import {
  ApplicationStatus,
  WaveStatus,
} from '@internal/plugin-base-layer-common';
import { restrictWave, sortWaves, waveProgress } from './waves';

const app = (name: string, health: ApplicationStatus['health']) =>
  ({
    source: 'test',
    name,
    namespace: 'argocd',
    project: 'base-layer',
    wave: 3,
    sync: 'Synced',
    health,
    sources: [],
    destination: {},
    conditions: [],
    entityRef: `component:default/${name}`,
  } as ApplicationStatus);

const wave: WaveStatus = {
  id: 3,
  name: 'BASE layer',
  state: 'Degraded',
  total: 3,
  counts: { sync: { Synced: 3 }, health: { Healthy: 2, Degraded: 1 } },
  applications: [
    app('data-ingestion', 'Healthy'),
    app('data-quality', 'Degraded'),
    app('data-storage', 'Healthy'),
  ],
};

describe('waves', () => {
  it('sorts waves by id without touching the input', () => {
    const input = [
      { ...wave, id: 4 },
      { ...wave, id: 0 },
    ];
    expect(sortWaves(input).map(w => w.id)).toEqual([0, 4]);
    expect(input.map(w => w.id)).toEqual([4, 0]);
  });

  it('reports healthy out of total', () => {
    expect(waveProgress(wave)).toEqual({ healthy: 2, total: 3 });
  });

  it('recounts a restricted wave but keeps its state', () => {
    const restricted = restrictWave(wave, a => a.name !== 'data-ingestion');
    expect(restricted.state).toBe('Degraded');
    expect(waveProgress(restricted)).toEqual({ healthy: 1, total: 2 });
    expect(restricted.counts.sync).toEqual({ Synced: 2 });
  });
});

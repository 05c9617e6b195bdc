import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { CatalogEntityIndex } from './catalog/CatalogEntityIndex';
import { WaveHistoryStore } from './history/WaveHistoryStore';
import { engineTimings, readBaseLayerOptions } from './options';
import { scheduleBaseLayerTasks } from './scheduleTasks';
import { WaveStatusService } from './waves/WaveStatusService';

const optionsOf = (baseLayer: object) =>
  readBaseLayerOptions(new ConfigReader({ baseLayer }));

describe('engineTimings', () => {
  it('derives the read timeout, stale threshold and task timeout from the config', () => {
    expect(engineTimings(optionsOf({}))).toEqual({
      refreshIntervalMs: 30_000,
      readTimeoutMs: 17_000,
      staleAfterMs: 90_000,
      refreshTaskTimeoutMs: 47_000,
    });
    expect(
      engineTimings(optionsOf({ refreshInterval: '2s', requestTimeout: '1s' })),
    ).toEqual({
      refreshIntervalMs: 2_000,
      readTimeoutMs: 5_000,
      // Never less than one interval plus one read.
      staleAfterMs: 7_000,
      refreshTaskTimeoutMs: 7_000,
    });
  });
});

describe('scheduleBaseLayerTasks', () => {
  it('refreshes globally with a bounded claim and recomputes locally without reading sources', async () => {
    const scheduler = mockServices.scheduler.mock();
    const waves = {
      refresh: jest.fn(async () => {}),
      recompute: jest.fn(async () => {}),
    };
    const entities = { refresh: jest.fn(async () => {}) };
    const options = optionsOf({ refreshInterval: '10s' });
    await scheduleBaseLayerTasks({
      scheduler,
      logger: mockServices.logger.mock(),
      options,
      timings: engineTimings(options),
      waves: waves as unknown as WaveStatusService,
      entities: entities as unknown as CatalogEntityIndex,
      history: {} as WaveHistoryStore,
    });

    const tasks = new Map(
      scheduler.scheduleTask.mock.calls.map(([task]) => [task.id, task]),
    );
    expect(tasks.get('base-layer-refresh-waves')).toMatchObject({
      scope: 'global',
      frequency: options.refreshInterval,
      timeout: { milliseconds: 27_000 },
    });
    expect(tasks.get('base-layer-refresh-catalog-index')).toMatchObject({
      scope: 'local',
    });

    await tasks
      .get('base-layer-refresh-catalog-index')!
      .fn(new AbortController().signal);
    expect(entities.refresh).toHaveBeenCalledTimes(1);
    expect(waves.recompute).toHaveBeenCalledTimes(1);
    expect(waves.refresh).not.toHaveBeenCalled();
    await tasks
      .get('base-layer-refresh-waves')!
      .fn(new AbortController().signal);
    expect(waves.refresh).toHaveBeenCalledWith();
  });
});

import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { CatalogEntityIndex } from './catalog/CatalogEntityIndex';
import { WaveHistoryStore } from './history/WaveHistoryStore';
import { BaseLayerOptions, EngineTimings } from './options';
import { WaveStatusService } from './waves/WaveStatusService';

export interface BaseLayerTasksOptions {
  scheduler: SchedulerService;
  logger: LoggerService;
  options: BaseLayerOptions;
  timings: EngineTimings;
  waves: WaveStatusService;
  entities: CatalogEntityIndex;
  history: WaveHistoryStore;
}

/**
 * Schedules the engine's work:
 *
 * - `base-layer-refresh-waves` (global): reads every source once per
 *   interval across all replicas and publishes the status to the shared
 *   cache. Whichever replica claims a run in the database runs it; when one
 *   dies, the others claim the next runs. Its timeout bounds how long the
 *   claim of a replica killed mid-run blocks the task (see
 *   {@link EngineTimings.refreshTaskTimeoutMs}).
 * - `base-layer-refresh-catalog-index` (local, every replica): re-reads the
 *   catalog entities and recomputes from the data the replica already holds,
 *   without reading any source.
 * - `base-layer-prune-history` (global): prunes old wave transitions.
 */
export async function scheduleBaseLayerTasks(
  tasks: BaseLayerTasksOptions,
): Promise<void> {
  const { scheduler, options, waves } = tasks;
  await scheduler.scheduleTask({
    id: 'base-layer-refresh-waves',
    scope: 'global',
    frequency: options.refreshInterval,
    timeout: { milliseconds: tasks.timings.refreshTaskTimeoutMs },
    fn: () => waves.refresh(),
  });
  await scheduler.scheduleTask({
    id: 'base-layer-refresh-catalog-index',
    scope: 'local',
    frequency: options.catalogRefreshInterval,
    timeout: { minutes: 5 },
    // Applications of entities added to the catalog since the last refresh
    // are matched at once, from data already read.
    fn: async () => {
      await tasks.entities.refresh();
      await waves.recompute();
    },
  });
  await scheduler.scheduleTask({
    id: 'base-layer-prune-history',
    scope: 'global',
    frequency: { hours: 6 },
    timeout: { minutes: 5 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const removed = await tasks.history.prune(
        new Date(Date.now() - options.historyRetentionMs),
      );
      tasks.logger.info('Pruned wave history', { removed });
    },
  });
}

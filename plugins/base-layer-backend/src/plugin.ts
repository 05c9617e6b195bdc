import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { durationToMilliseconds } from '@backstage/types';
import {
  baseLayerPermissions,
  readWaveDefinitions,
} from '@internal/plugin-base-layer-common';
import { CatalogEntityIndex } from './service/catalog/CatalogEntityIndex';
import { EntityStatusService } from './service/EntityStatusService';
import { WaveHistoryStore } from './service/history/WaveHistoryStore';
import { readBaseLayerOptions } from './service/options';
import { createRouter } from './service/router';
import { createApplicationSources } from './service/sources/createApplicationSources';
import { ModuleLinkBuilder } from './service/tools/ModuleLinkBuilder';
import { ToolHealthService } from './service/tools/ToolHealthService';
import { WaveStatusService } from './service/waves/WaveStatusService';

/**
 * The base-layer backend plugin: wave and health status of the BASE layer rollout.
 *
 * @public
 */
export const baseLayerPlugin = createBackendPlugin({
  pluginId: 'base-layer',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        cache: coreServices.cache,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        auth,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        cache,
        database,
        scheduler,
        lifecycle,
        catalog,
      }) {
        permissionsRegistry.addPermissions(baseLayerPermissions);
        const options = readBaseLayerOptions(config);
        const waveDefinitions = readWaveDefinitions(config);
        const sources = createApplicationSources(config, {
          logger,
          timeoutMs: options.requestTimeoutMs,
        });
        logger.info('BASE layer engine configured', {
          waves: waveDefinitions.length,
          sources: sources.map(s => `${s.type}:${s.name}`).join(', '),
        });

        const history = await WaveHistoryStore.create(database);
        const entities = new CatalogEntityIndex({ catalog, auth, logger });
        const refreshMs = durationToMilliseconds(options.refreshInterval);
        const waves = new WaveStatusService({
          sources,
          waves: waveDefinitions,
          entities,
          cache,
          history,
          logger,
          // A read may retry twice with backoff before it counts as failed.
          readTimeoutMs: options.requestTimeoutMs * 3 + 2000,
          staleAfterMs: refreshMs * 3,
        });
        const tools = new ToolHealthService({
          tools: options.tools,
          cache,
          logger,
          timeoutMs: options.requestTimeoutMs,
          cacheTtlMs: options.toolHealthCacheTtlMs,
        });
        const entityStatus = new EntityStatusService({
          waves,
          entities,
          links: new ModuleLinkBuilder(options.tools),
          tools,
          configuredEnvironments: Object.keys(options.tools),
        });

        await scheduler.scheduleTask({
          id: 'base-layer-refresh-waves',
          scope: 'global',
          frequency: options.refreshInterval,
          timeout: { minutes: 5 },
          fn: () => waves.refresh(),
        });
        await scheduler.scheduleTask({
          id: 'base-layer-refresh-catalog-index',
          scope: 'local',
          frequency: options.catalogRefreshInterval,
          timeout: { minutes: 5 },
          // Recompute (without re-reading the sources) so apps of entities
          // added to the catalog since the last refresh are matched at once.
          fn: async () => {
            await entities.refresh();
            await waves.refresh([]);
          },
        });
        await scheduler.scheduleTask({
          id: 'base-layer-prune-history',
          scope: 'global',
          frequency: { hours: 6 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const removed = await history.prune(
              new Date(Date.now() - options.historyRetentionMs),
            );
            logger.info('Pruned wave history', { removed });
          },
        });
        lifecycle.addShutdownHook(() => waves.stop());

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            waves,
            entities: entityStatus,
            history,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});

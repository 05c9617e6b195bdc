import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  baseLayerPermissions,
  readWaveDefinitions,
} from '@internal/plugin-base-layer-common';
import { CatalogEntityIndex } from './service/catalog/CatalogEntityIndex';
import { EntityStatusService } from './service/EntityStatusService';
import { WaveHistoryStore } from './service/history/WaveHistoryStore';
import { engineTimings, readBaseLayerOptions } from './service/options';
import { createRouter } from './service/router';
import { scheduleBaseLayerTasks } from './service/scheduleTasks';
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
        const timings = engineTimings(options);
        const waves = new WaveStatusService({
          sources,
          waves: waveDefinitions,
          entities,
          cache,
          history,
          logger,
          readTimeoutMs: timings.readTimeoutMs,
          staleAfterMs: timings.staleAfterMs,
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

        await scheduleBaseLayerTasks({
          scheduler,
          logger,
          options,
          timings,
          waves,
          entities,
          history,
        });
        lifecycle.addShutdownHook(() => waves.stop());

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            waves,
            entityStatus,
            history,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { baseLayerPermissions } from '@internal/plugin-base-layer-common';
import { createActionsRouter } from './service/actions/actionsRouter';
import { createRolloutActionService } from './service/actions/createRolloutActionService';
import { createBaseLayerEngine } from './service/createBaseLayerEngine';
import { createHistoryRouter } from './service/history/historyRouter';
import { createRevisionsRouter } from './service/revisions/revisionsRouter';
import { RevisionHistoryService } from './service/revisions/RevisionHistoryService';
import { createRouter } from './service/router';
import { scheduleBaseLayerTasks } from './service/scheduleTasks';

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
        auditor: coreServices.auditor,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        cache: coreServices.cache,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
      },
      async init(deps) {
        const { httpRouter, logger, scheduler } = deps;
        deps.permissionsRegistry.addPermissions(baseLayerPermissions);
        const engine = await createBaseLayerEngine(deps);
        await scheduleBaseLayerTasks({ scheduler, logger, ...engine });
        deps.lifecycle.addShutdownHook(() => engine.waves.stop());
        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            ...engine,
          }),
        );
        httpRouter.use(
          await createActionsRouter({
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            actions: createRolloutActionService({
              ...deps,
              waves: engine.waves,
              history: engine.history,
              timeoutMs: engine.options.requestTimeoutMs,
            }),
          }),
        );
        httpRouter.use(
          await createRevisionsRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            revisions: RevisionHistoryService.fromConfig(deps.config, {
              waves: engine.waves,
              timeoutMs: engine.options.requestTimeoutMs,
            }),
          }),
        );
        httpRouter.use(
          await createHistoryRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            history: engine.history,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  baseLayerPermissions,
  readWaveDefinitions,
} from '@internal/plugin-base-layer-common';
import { createRouter } from './service/router';

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
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        config,
        logger,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
      }) {
        permissionsRegistry.addPermissions(baseLayerPermissions);
        const waves = readWaveDefinitions(config);
        logger.info('BASE layer wave plan loaded', { waves: waves.length });

        httpRouter.use(await createRouter({ httpAuth, permissions, waves }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});

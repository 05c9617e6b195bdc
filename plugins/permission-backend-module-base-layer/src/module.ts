import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { BaseLayerPermissionPolicy } from './BaseLayerPermissionPolicy';

/**
 * Installs {@link BaseLayerPermissionPolicy}: the platform's roles
 * (`baseLayer.roles`) decide what each signed-in user may do.
 *
 * @public
 */
export const permissionModuleBaseLayerPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'base-layer-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        userInfo: coreServices.userInfo,
        policy: policyExtensionPoint,
      },
      async init({ config, logger, userInfo, policy }) {
        const baseLayerPolicy = BaseLayerPermissionPolicy.fromConfig(config, {
          userInfo,
        });
        const holders = baseLayerPolicy.roleHolders();
        logger.info('BASE layer roles', {
          roles: JSON.stringify(holders),
        });
        if (holders.admin.length === 0) {
          logger.warn(
            'Nobody holds the admin role: set baseLayer.roles.admin to the admins group',
          );
        }
        policy.setPolicy(baseLayerPolicy);
      },
    });
  },
});

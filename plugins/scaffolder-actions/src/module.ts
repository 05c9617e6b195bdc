import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';

/**
 * Registers the BASE layer scaffolder actions.
 *
 * @public
 */
export const scaffolderModuleBaseLayer = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'base-layer',
  register(reg) {
    reg.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions();
      },
    });
  },
});

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readWaveDefinitions } from '@internal/plugin-base-layer-common';
import { BaseLayerEntityValidator } from './BaseLayerEntityValidator';

/**
 * Validates the BASE layer annotations of catalog entities.
 *
 * @public
 */
export const catalogModuleBaseLayer = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'base-layer',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        catalog: catalogProcessingExtensionPoint,
      },
      async init({ config, catalog }) {
        catalog.addProcessor(
          new BaseLayerEntityValidator(readWaveDefinitions(config)),
        );
      },
    });
  },
});

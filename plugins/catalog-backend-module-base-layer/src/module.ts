import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readWaveDefinitions } from '@internal/plugin-base-layer-common';
import { BaseLayerEntityValidator } from './BaseLayerEntityValidator';
import { EntityWaveIndex } from './EntityWaveIndex';

/**
 * Validates the BASE layer annotations of catalog entities: declared waves,
 * no dependency on a later wave, and safe link data.
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
        cache: coreServices.cache,
        logger: coreServices.logger,
        catalog: catalogProcessingExtensionPoint,
      },
      async init({ config, cache, logger, catalog }) {
        catalog.addProcessor(
          new BaseLayerEntityValidator({
            waves: readWaveDefinitions(config),
            waveIndex: new EntityWaveIndex(cache),
            logger,
          }),
        );
      },
    });
  },
});

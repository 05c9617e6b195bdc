import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { baseLayerApiRef, BaseLayerClient } from './api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { BaseModuleRevisionPicker } from './components/BaseModuleRevisionPicker';
import { rootRouteRef, scaffolderTemplateRouteRef } from './routes';

/**
 * The BASE layer plugin for apps still on the legacy frontend system.
 *
 * @public
 */
export const baseLayerPlugin = createPlugin({
  id: 'base-layer',
  routes: { root: rootRouteRef },
  externalRoutes: { scaffolderTemplate: scaffolderTemplateRouteRef },
  apis: [
    createApiFactory({
      api: baseLayerApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new BaseLayerClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/** The Waves page, for a legacy app's routes. @public */
export const BaseLayerPage = baseLayerPlugin.provide(
  createRoutableExtension({
    name: 'BaseLayerPage',
    component: () => import('./components/WavesPage').then(m => m.WavesPage),
    mountPoint: rootRouteRef,
  }),
);

/** The Waves tab of a System entity page. @public */
export const EntityWavesContent = baseLayerPlugin.provide(
  createComponentExtension({
    name: 'EntityWavesContent',
    component: {
      lazy: () =>
        import('./components/EntityWavesContent').then(
          m => m.EntityWavesContent,
        ),
    },
  }),
);

/** The Module card of a BASE module entity page. @public */
export const EntityBaseLayerModuleCard = baseLayerPlugin.provide(
  createComponentExtension({
    name: 'EntityBaseLayerModuleCard',
    component: {
      lazy: () => import('./components/ModuleCard').then(m => m.ModuleCard),
    },
  }),
);

/** The tool Links card of a BASE module entity page. @public */
export const EntityBaseLayerLinksCard = baseLayerPlugin.provide(
  createComponentExtension({
    name: 'EntityBaseLayerLinksCard',
    component: {
      lazy: () => import('./components/LinksCard').then(m => m.LinksCard),
    },
  }),
);

/** The Health card of a BASE module entity page. @public */
export const EntityBaseLayerHealthCard = baseLayerPlugin.provide(
  createComponentExtension({
    name: 'EntityBaseLayerHealthCard',
    component: {
      lazy: () => import('./components/HealthCard').then(m => m.HealthCard),
    },
  }),
);

/** The Rollout history card of a BASE module entity page. @public */
export const EntityBaseLayerHistoryCard = baseLayerPlugin.provide(
  createComponentExtension({
    name: 'EntityBaseLayerHistoryCard',
    component: {
      lazy: () =>
        import('./components/ModuleHistoryCard').then(m => m.ModuleHistoryCard),
    },
  }),
);

/**
 * The `BaseModuleRevisionPicker` field of the "Roll back BASE module"
 * template, for a legacy app's `<ScaffolderFieldExtensions>`.
 *
 * @public
 */
export const BaseModuleRevisionPickerFieldExtension = baseLayerPlugin.provide(
  createScaffolderFieldExtension({
    name: 'BaseModuleRevisionPicker',
    component: BaseModuleRevisionPicker,
  }),
);

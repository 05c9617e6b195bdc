import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { baseLayerApiRef, BaseLayerClient } from './api';
import { rootRouteRef } from './routes';

/**
 * The BASE layer plugin for apps still on the legacy frontend system.
 *
 * @public
 */
export const baseLayerPlugin = createPlugin({
  id: 'base-layer',
  routes: { root: rootRouteRef },
  apis: [
    createApiFactory({
      api: baseLayerApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new BaseLayerClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/** The BASE layer waves page, for a legacy app's routes. @public */
export const BaseLayerPage = baseLayerPlugin.provide(
  createRoutableExtension({
    name: 'BaseLayerPage',
    component: () => import('./components/WavesPage').then(m => m.WavesPage),
    mountPoint: rootRouteRef,
  }),
);

import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import DashboardIcon from '@material-ui/icons/Dashboard';
import { baseLayerApiRef, BaseLayerClient } from './api';
import { rootRouteRef } from './routes';

export const baseLayerApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: baseLayerApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new BaseLayerClient({ discoveryApi, fetchApi }),
    }),
});

export const baseLayerPage = PageBlueprint.make({
  params: {
    path: '/base-layer',
    title: 'BASE layer',
    icon: <DashboardIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () => import('./components/WavesPage').then(m => <m.WavesPage />),
  },
});

/**
 * The BASE layer plugin for the new frontend system.
 *
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'base-layer',
  title: 'BASE layer',
  icon: <DashboardIcon />,
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
  extensions: [baseLayerApi, baseLayerPage],
});

import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import DashboardIcon from '@material-ui/icons/Dashboard';
import { z } from 'zod';
import { baseLayerApiRef, BaseLayerClient } from './api';
import { baseLayerModulePredicate } from './conditions';
import { rootRouteRef, scaffolderTemplateRouteRef } from './routes';

/** Seconds between reloads of the waves; 0 turns auto-refresh off. */
const refreshConfigSchema = {
  refreshIntervalSeconds: z.number().min(0).default(15),
};

export const baseLayerApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: baseLayerApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new BaseLayerClient({ discoveryApi, fetchApi }),
    }),
});

/** `page:base-layer`: the Waves page. */
export const baseLayerPage = PageBlueprint.makeWithOverrides({
  configSchema: refreshConfigSchema,
  factory(originalFactory, { config }) {
    return originalFactory({
      path: '/base-layer',
      title: 'Waves',
      icon: <DashboardIcon />,
      // The page brings its own core-components header, as in a legacy app.
      noHeader: true,
      routeRef: convertLegacyRouteRef(rootRouteRef),
      loader: () =>
        import('./components/WavesPage').then(m => (
          <m.WavesPage
            refreshIntervalMs={config.refreshIntervalSeconds * 1000}
          />
        )),
    });
  },
});

/** `entity-content:base-layer/waves`: the Waves tab of a System. */
export const entityWavesContent = EntityContentBlueprint.makeWithOverrides({
  name: 'waves',
  configSchema: refreshConfigSchema,
  factory(originalFactory, { config }) {
    return originalFactory({
      path: '/waves',
      title: 'Waves',
      group: 'deployment',
      filter: { kind: 'system' },
      loader: () =>
        import('./components/EntityWavesContent').then(m => (
          <m.EntityWavesContent
            refreshIntervalMs={config.refreshIntervalSeconds * 1000}
          />
        )),
    });
  },
});

/** `entity-card:base-layer/module`: where a BASE module lives and how it ships. */
export const entityModuleCard = EntityCardBlueprint.make({
  name: 'module',
  params: {
    type: 'info',
    filter: baseLayerModulePredicate,
    loader: () => import('./components/ModuleCard').then(m => <m.ModuleCard />),
  },
});

/** `entity-card:base-layer/links`: the module's tools per environment, with their health. */
export const entityLinksCard = EntityCardBlueprint.make({
  name: 'links',
  params: {
    filter: baseLayerModulePredicate,
    loader: () => import('./components/LinksCard').then(m => <m.LinksCard />),
  },
});

/**
 * `entity-card:base-layer/health`: sync, health, operation and last sync,
 * with Refresh, Sync and Roll back.
 */
export const entityHealthCard = EntityCardBlueprint.makeWithOverrides({
  name: 'health',
  configSchema: refreshConfigSchema,
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: baseLayerModulePredicate,
      loader: () =>
        import('./components/HealthCard').then(m => (
          <m.HealthCard
            refreshIntervalMs={config.refreshIntervalSeconds * 1000}
          />
        )),
    });
  },
});

/**
 * `entity-card:base-layer/history`: the recorded sync and health changes of
 * the module's applications.
 */
export const entityHistoryCard = EntityCardBlueprint.makeWithOverrides({
  name: 'history',
  configSchema: refreshConfigSchema,
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: baseLayerModulePredicate,
      loader: () =>
        import('./components/ModuleHistoryCard').then(m => (
          <m.ModuleHistoryCard
            refreshIntervalMs={config.refreshIntervalSeconds * 1000}
          />
        )),
    });
  },
});

/**
 * `scaffolder-form-field:base-layer/base-module-revision-picker`: the
 * `BaseModuleRevisionPicker` field of the "Roll back BASE module" template.
 */
export const baseModuleRevisionPickerFormField = FormFieldBlueprint.make({
  name: 'base-module-revision-picker',
  params: {
    field: () =>
      import('./components/BaseModuleRevisionPicker/field').then(
        m => m.baseModuleRevisionPickerField,
      ),
  },
});

/**
 * The BASE layer plugin for the new frontend system.
 *
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'base-layer',
  title: 'Waves',
  icon: <DashboardIcon />,
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
  externalRoutes: {
    scaffolderTemplate: convertLegacyRouteRef(scaffolderTemplateRouteRef),
  },
  extensions: [
    baseLayerApi,
    baseLayerPage,
    entityWavesContent,
    entityModuleCard,
    entityLinksCard,
    entityHealthCard,
    entityHistoryCard,
    baseModuleRevisionPickerFormField,
  ],
});

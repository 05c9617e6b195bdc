/**
 * BASE layer portal UI. The default export is the plugin for the new frontend
 * system; the named exports serve apps on the legacy frontend system.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export {
  baseLayerPlugin,
  BaseLayerPage,
  EntityBaseLayerHealthCard,
  EntityBaseLayerLinksCard,
  EntityBaseLayerModuleCard,
  EntityWavesContent,
} from './legacy';
export type { WavesPageProps } from './components/WavesPage';
export type { EntityWavesContentProps } from './components/EntityWavesContent';
export { isBaseLayerModule } from './conditions';
export { baseLayerApiRef, BaseLayerClient } from './api';
export type { BaseLayerApi } from './api';
export { rootRouteRef } from './routes';

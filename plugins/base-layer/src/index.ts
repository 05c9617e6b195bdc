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
  EntityBaseLayerHistoryCard,
  EntityBaseLayerLinksCard,
  EntityBaseLayerModuleCard,
  EntityWavesContent,
  BaseModuleRevisionPickerFieldExtension,
} from './legacy';
export type { WavesPageProps } from './components/WavesPage';
export type { EntityWavesContentProps } from './components/EntityWavesContent';
export type { HealthCardProps } from './components/HealthCard';
export type { ModuleHistoryCardProps } from './components/ModuleHistoryCard';
export { isBaseLayerModule } from './conditions';
export { baseLayerApiRef, BaseLayerClient } from './api';
export type { BaseLayerApi, HistoryQuery } from './api';
export { rootRouteRef, scaffolderTemplateRouteRef } from './routes';
export { BaseModuleRevisionPicker } from './components/BaseModuleRevisionPicker';
export type { BaseModuleRevisionPickerUiOptions } from './components/BaseModuleRevisionPicker';
export { RollbackButton } from './components/RollbackButton';
export type { RollbackButtonProps } from './components/RollbackButton';

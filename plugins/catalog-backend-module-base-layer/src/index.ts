/**
 * Catalog module that validates the BASE layer annotations of entities.
 *
 * @packageDocumentation
 */
export { catalogModuleBaseLayer as default } from './module';
export { BaseLayerEntityValidator } from './BaseLayerEntityValidator';
export type { BaseLayerEntityValidatorOptions } from './BaseLayerEntityValidator';
export { EntityWaveIndex } from './EntityWaveIndex';

/**
 * Scaffolder actions that generate a BASE layer module.
 *
 * @packageDocumentation
 */
export { scaffolderModuleBaseLayer as default } from './module';

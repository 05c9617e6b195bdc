/**
 * Types, permissions and annotation keys shared by the BASE layer plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './types';
export * from './wave';

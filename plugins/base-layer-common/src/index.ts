/**
 * Types, permissions and annotation keys shared by the BASE layer plugins.
 *
 * @packageDocumentation
 */
export * from './actions';
export * from './annotations';
export * from './causes';
export * from './commaList';
export * from './configError';
export * from './dependencies';
export * from './permissions';
export * from './revisions';
export * from './signals';
export * from './tools';
export * from './types';
export * from './wave';
export * from './waveGate';

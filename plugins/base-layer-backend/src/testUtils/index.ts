/**
 * Loopback servers that speak the Kubernetes and Argo CD APIs, with realistic
 * Application fixtures, for tests and benchmarks of the BASE layer engine.
 *
 * @packageDocumentation
 */
export * from './loopbackServer';
export * from './loopbackKubernetes';
export * from './loopbackArgoCd';
export * from './loopbackTool';
export * from '../__fixtures__/applications';

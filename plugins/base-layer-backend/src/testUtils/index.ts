/**
 * Loopback servers that speak the Kubernetes and Argo CD APIs, with realistic
 * Application and workload fixtures, for tests and benchmarks of the BASE
 * layer engine and the portal's Kubernetes tab.
 *
 * @packageDocumentation
 */
export * from './loopbackServer';
export * from './loopbackKubernetes';
export * from './loopbackKubernetesWorkloads';
export * from './loopbackArgoCd';
export * from './loopbackTool';
export * from '../__fixtures__/applications';
export * from '../__fixtures__/workloads';

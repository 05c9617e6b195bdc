/**
 * Loopback servers that speak the Kubernetes and Argo CD APIs, with realistic
 * Application and workload fixtures, for tests and benchmarks of the BASE
 * layer engine and the portal's Kubernetes tab.
 *
 * This entry point is public API: the end-to-end tests import it as
 * `@internal/plugin-base-layer-backend/testUtils`, so it keeps its name and
 * its exports. Helpers used only by this package's own tests live in
 * `src/__testUtils__`.
 *
 * @packageDocumentation
 */
export * from './loopbackServer';
export * from './loopbackKubernetes';
export * from './loopbackKubernetesWorkloads';
export * from './loopbackArgoCd';
export * from './loopbackTool';
export * from './applications';
export * from './workloads';

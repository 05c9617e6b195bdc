/**
 * Loopback servers that speak the Kubernetes and Argo CD APIs, with realistic
 * Application and workload fixtures, for tests and benchmarks of the BASE
 * layer engine and the portal's Kubernetes tab.
 *
 * This entry point is public API: the end-to-end tests import it as the
 * package's `/testUtils` entry point, so it keeps its name and its exports.
 * Helpers used only by this package's own tests live in `src/__testUtils__`.
 *
 * @packageDocumentation
 */
// The comment above must not spell out the package name: its scope reads as
// the internal release tag to `stripInternal`, which then drops the comment
// and the first export below from the emitted types.
export * from './loopbackServer';
export * from './loopbackKubernetes';
export * from './loopbackKubernetesWorkloads';
export * from './loopbackArgoCd';
export type {
  LoopbackActionLog,
  LoopbackActionRequest,
} from './loopbackActions';
export * from './loopbackTool';
export * from './applications';
export * from './revisionHistory';
export * from './workloads';
// Types only: the fixtures are typed by the engine's ArgoCdApplication, the
// `z.infer` of its schema, while the schema itself stays the engine's.
export type {
  ArgoCdApplication,
  argoCdApplicationSchema,
} from '../service/sources/applications';

/**
 * The base-layer backend plugin: wave and health engine over Argo CD and Kubernetes.
 *
 * @packageDocumentation
 */
export { baseLayerPlugin as default } from './plugin';

export { baseLayerApiRef } from './BaseLayerApi';
export type { BaseLayerApi } from './BaseLayerApi';
export { BaseLayerClient } from './BaseLayerClient';

export { baseLayerApiRef } from './BaseLayerApi';
export type { BaseLayerApi, HistoryQuery } from './BaseLayerApi';
export { BaseLayerClient } from './BaseLayerClient';

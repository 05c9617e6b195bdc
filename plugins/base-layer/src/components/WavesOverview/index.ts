export { DEFAULT_REFRESH_INTERVAL_MS, WavesOverview } from './WavesOverview';
export type { WavesOverviewProps } from './WavesOverview';

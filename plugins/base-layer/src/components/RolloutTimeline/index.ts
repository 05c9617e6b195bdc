export { RolloutTimeline } from './RolloutTimeline';
export type { RolloutTimelineProps } from './RolloutTimeline';

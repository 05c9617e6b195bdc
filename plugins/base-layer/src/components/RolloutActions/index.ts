export { RolloutActions } from './RolloutActions';
export type { RolloutActionsProps } from './RolloutActions';

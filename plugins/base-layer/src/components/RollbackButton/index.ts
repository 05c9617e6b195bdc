export { RollbackButton, ROLLBACK_TEMPLATE } from './RollbackButton';
export type { RollbackButtonProps } from './RollbackButton';

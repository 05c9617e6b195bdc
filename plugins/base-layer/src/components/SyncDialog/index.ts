export { SyncDialog } from './SyncDialog';
export type { SyncChoice, SyncDialogProps } from './SyncDialog';

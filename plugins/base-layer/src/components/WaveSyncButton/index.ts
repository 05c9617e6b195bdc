export { WaveSyncButton } from './WaveSyncButton';
export type { WaveSyncButtonProps } from './WaveSyncButton';

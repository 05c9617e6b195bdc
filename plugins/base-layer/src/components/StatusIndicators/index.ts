export {
  HealthStatusIndicator,
  OperationPhaseIndicator,
  SyncStatusIndicator,
  ToolHealthChip,
  WaveStateChip,
  waveStateTone,
} from './StatusIndicators';
export { lastSyncColumn, statusColumns } from './statusColumns';

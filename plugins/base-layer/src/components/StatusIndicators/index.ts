export {
  DeletingChip,
  HealthStatusIndicator,
  OperationPhaseIndicator,
  SyncStatusIndicator,
  ToolHealthChip,
  WaveStateChip,
  waveStateTone,
} from './StatusIndicators';
export { statusColumns } from './statusColumns';

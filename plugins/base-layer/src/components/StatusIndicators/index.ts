export {
  HealthStatusIndicator,
  OperationPhaseIndicator,
  SyncStatusIndicator,
  ToolHealthChip,
  WaveStateChip,
  waveStateTone,
} from './StatusIndicators';

import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import {
  HealthStatus,
  OperationPhase,
  SyncStatus,
  ToolHealth,
  WaveState,
} from '@internal/plugin-base-layer-common';
import Chip from '@material-ui/core/Chip';
import DeleteOutlineIcon from '@material-ui/icons/DeleteOutline';
import { PropsWithChildren, ReactNode } from 'react';

type Tone = 'ok' | 'warning' | 'error' | 'pending' | 'running' | 'aborted';

const toneComponent: Record<
  Tone,
  (props: PropsWithChildren<{}>) => JSX.Element
> = {
  ok: StatusOK,
  warning: StatusWarning,
  error: StatusError,
  pending: StatusPending,
  running: StatusRunning,
  aborted: StatusAborted,
};

const StatusText = ({
  tone,
  children,
}: {
  tone: Tone;
  children: ReactNode;
}) => {
  const Status = toneComponent[tone];
  return <Status>{children}</Status>;
};

const waveTone: Record<WaveState, Tone> = {
  Healthy: 'ok',
  Progressing: 'running',
  Degraded: 'error',
  Blocked: 'warning',
  Unknown: 'aborted',
};

/** The tone of a wave state, shared by the chip and the progress bar. */
export function waveStateTone(state: WaveState): Tone {
  return waveTone[state] ?? 'aborted';
}

/** A chip naming the state of a wave. */
export const WaveStateChip = ({ state }: { state: WaveState }) => (
  <Chip
    size="small"
    variant="outlined"
    label={<StatusText tone={waveStateTone(state)}>{state}</StatusText>}
    data-testid={`wave-state-${state}`}
  />
);

const syncTone: Record<SyncStatus, Tone> = {
  Synced: 'ok',
  OutOfSync: 'warning',
  Unknown: 'aborted',
};

/** Argo CD sync status. */
export const SyncStatusIndicator = ({ status }: { status: SyncStatus }) => (
  <StatusText tone={syncTone[status] ?? 'aborted'}>{status}</StatusText>
);

const healthTone: Record<HealthStatus, Tone> = {
  Healthy: 'ok',
  Progressing: 'running',
  Degraded: 'error',
  Suspended: 'pending',
  Missing: 'warning',
  Deleting: 'pending',
  Unknown: 'aborted',
};

/**
 * An application being deleted: a chip of its own, so it never reads as one
 * more Healthy or Progressing row.
 */
export const DeletingChip = () => (
  <Chip
    size="small"
    variant="outlined"
    icon={<DeleteOutlineIcon fontSize="small" />}
    label={<StatusText tone="pending">Deleting</StatusText>}
    title="Being deleted: Argo CD is removing what it deployed"
    data-testid="health-Deleting"
  />
);

/** Argo CD health status, or the Deleting chip while the application is being deleted. */
export const HealthStatusIndicator = ({ status }: { status: HealthStatus }) =>
  status === 'Deleting' ? (
    <DeletingChip />
  ) : (
    <StatusText tone={healthTone[status] ?? 'aborted'}>{status}</StatusText>
  );

const operationTone: Record<OperationPhase, Tone> = {
  Running: 'running',
  Terminating: 'pending',
  Succeeded: 'ok',
  Failed: 'error',
  Error: 'error',
};

/** Phase of the current or last Argo CD operation; a dash when there was none. */
export const OperationPhaseIndicator = ({
  phase,
}: {
  phase?: OperationPhase;
}) =>
  phase ? (
    <StatusText tone={operationTone[phase] ?? 'aborted'}>{phase}</StatusText>
  ) : (
    <>—</>
  );

/** A chip with the health of one tool, or "unknown" when the backend did not check it. */
export const ToolHealthChip = ({ health }: { health?: ToolHealth }) => {
  let label: ReactNode;
  if (!health) {
    label = <StatusText tone="pending">unknown</StatusText>;
  } else if (health.status === 'up') {
    label = <StatusText tone="ok">up</StatusText>;
  } else if (health.status === 'down') {
    label = <StatusText tone="error">down</StatusText>;
  } else {
    label = <StatusText tone="aborted">not configured</StatusText>;
  }
  return (
    <Chip
      size="small"
      variant="outlined"
      label={label}
      title={health?.message}
    />
  );
};

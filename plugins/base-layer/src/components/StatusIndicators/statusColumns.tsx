import { TableColumn } from '@backstage/core-components';
import { ApplicationStatus } from '@internal/plugin-base-layer-common';
import Tooltip from '@material-ui/core/Tooltip';
import { formatRelativeTime } from '../../lib/format';
import {
  HealthStatusIndicator,
  OperationPhaseIndicator,
  SyncStatusIndicator,
} from './StatusIndicators';

/** Sync, health and operation columns of a table of applications. */
export const statusColumns: TableColumn<ApplicationStatus>[] = [
  {
    title: 'Sync',
    field: 'sync',
    render: app => <SyncStatusIndicator status={app.sync} />,
  },
  {
    title: 'Health',
    field: 'health',
    render: app => <HealthStatusIndicator status={app.health} />,
  },
  {
    title: 'Operation',
    field: 'operationPhase',
    render: app => <OperationPhaseIndicator phase={app.operationPhase} />,
  },
];

/** When the application last synced, relative, with the exact time on hover. */
export const lastSyncColumn: TableColumn<ApplicationStatus> = {
  title: 'Last sync',
  field: 'lastSyncedAt',
  render: app =>
    app.lastSyncedAt ? (
      <Tooltip title={app.lastSyncedAt}>
        <span>{formatRelativeTime(app.lastSyncedAt) ?? app.lastSyncedAt}</span>
      </Tooltip>
    ) : (
      'never'
    ),
};

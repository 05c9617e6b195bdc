import { TableColumn } from '@backstage/core-components';
import { ApplicationStatus } from '@internal/plugin-base-layer-common';
import Tooltip from '@material-ui/core/Tooltip';
import { formatRelativeTime, shortRevision } from '../../lib/format';
import {
  HealthStatusIndicator,
  OperationPhaseIndicator,
  SyncStatusIndicator,
} from './StatusIndicators';

/**
 * The columns every table of applications shows after the application
 * itself: sync, health, operation, revision and last sync.
 */
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
  {
    title: 'Revision',
    field: 'revision',
    render: app =>
      app.revision ? (
        <Tooltip title={app.revision}>
          <code>{shortRevision(app.revision)}</code>
        </Tooltip>
      ) : (
        '—'
      ),
  },
  {
    // Relative, with the exact time on hover.
    title: 'Last sync',
    field: 'lastSyncedAt',
    render: app =>
      app.lastSyncedAt ? (
        <Tooltip title={app.lastSyncedAt}>
          <span>
            {formatRelativeTime(app.lastSyncedAt) ?? app.lastSyncedAt}
          </span>
        </Tooltip>
      ) : (
        'never'
      ),
  },
];

import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ApplicationState,
  ApplicationTransition,
} from '@internal/plugin-base-layer-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useCallback } from 'react';
import { baseLayerApiRef } from '../../api';
import { useAutoRefresh } from '../../hooks/useAutoRefresh';
import {
  HealthStatusIndicator,
  SyncStatusIndicator,
} from '../StatusIndicators';

/** How often the history reloads unless configured otherwise. */
const DEFAULT_REFRESH_INTERVAL_MS = 15_000;

/**
 * Props of the module's Rollout history card (`EntityBaseLayerHistoryCard`).
 *
 * @public
 */
export interface ModuleHistoryCardProps {
  /** Reload interval in milliseconds; 0 turns auto-refresh off. */
  refreshIntervalMs?: number;
}

const State = ({ state }: { state: ApplicationState }) => (
  <Box display="flex" style={{ gap: 8 }}>
    <SyncStatusIndicator status={state.sync} />
    <HealthStatusIndicator status={state.health} />
  </Box>
);

const columns: TableColumn<ApplicationTransition>[] = [
  { title: 'When', render: t => new Date(t.at).toLocaleString() },
  { title: 'Application', field: 'name' },
  {
    title: 'From',
    render: t => (t.from ? <State state={t.from} /> : 'first seen'),
  },
  {
    title: 'To',
    render: t =>
      t.requested ? (
        <Typography variant="body2">
          {t.requested.action === 'sync' ? 'Sync' : 'Refresh'} started from the
          portal by {t.requested.by}
          {t.requested.force ? ', past the wave gate' : ''}
        </Typography>
      ) : (
        <State state={t.to} />
      ),
  },
];

/**
 * The recorded sync and health transitions of the module's applications,
 * and the syncs and refreshes started from the portal, newest first.
 */
export const ModuleHistoryCard = ({
  refreshIntervalMs = DEFAULT_REFRESH_INTERVAL_MS,
}: ModuleHistoryCardProps) => {
  const api = useApi(baseLayerApiRef);
  const { entity } = useEntity();
  const load = useCallback(
    () => api.getEntityHistory(getCompoundEntityRef(entity)),
    [api, entity],
  );
  const { value, error, loading } = useAutoRefresh(load, refreshIntervalMs);

  let body;
  if (loading && !value) {
    body = <Progress />;
  } else if (error && !value) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!value || value.items.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No changes recorded yet"
        description="A change of sync status or health of the module's applications shows here once the portal has seen it."
      />
    );
  } else {
    body = (
      <Table<ApplicationTransition>
        columns={columns}
        data={value.items}
        options={{
          paging: false,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
      />
    );
  }
  return (
    <InfoCard
      title="Rollout history"
      subheader="Sync and health changes of the module's applications"
    >
      <div data-testid="module-history">{body}</div>
    </InfoCard>
  );
};

import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ApplicationStatus } from '@internal/plugin-base-layer-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { useRolloutStatus } from '../../hooks/useRolloutStatus';
import { CauseChain } from '../CauseChain';
import { RollbackButton } from '../RollbackButton';
import { RolloutActions } from '../RolloutActions';
import { StalenessNotice } from '../StalenessNotice';
import { statusColumns } from '../StatusIndicators';

const columns: TableColumn<ApplicationStatus>[] = [
  {
    title: 'Application',
    field: 'name',
    render: app => (
      <>
        {app.name}
        {[
          ...(app.error ? [app.error] : []),
          ...app.conditions.map(c => `${c.type}: ${c.message}`),
        ].map(message => (
          <Typography
            key={message}
            variant="caption"
            color="error"
            display="block"
          >
            {message}
          </Typography>
        ))}
        <CauseChain chains={app.waitsOn} subject={app.name} />
      </>
    ),
  },
  ...statusColumns,
];

/** How often the card reloads unless told otherwise. */
const DEFAULT_REFRESH_INTERVAL_MS = 15_000;

/**
 * Props of the Health card (`EntityBaseLayerHealthCard`).
 *
 * @public
 */
export interface HealthCardProps {
  /** Reload interval; 0 turns auto-refresh off (an action is still followed). */
  refreshIntervalMs?: number;
}

/**
 * Sync, health, operation and last sync of the module's Argo CD
 * applications, with Refresh, Sync and Roll back. After an action the card
 * reloads every few seconds until the operation it started has settled.
 */
export const HealthCard = ({
  refreshIntervalMs = DEFAULT_REFRESH_INTERVAL_MS,
}: HealthCardProps) => {
  const { entity } = useEntity();
  const { value, loading, error, follow } = useRolloutStatus(
    entity,
    refreshIntervalMs,
  );
  const status = value?.status;
  const rows = useMemo(
    () => status?.applications.map(app => ({ ...app })) ?? [],
    [status],
  );

  let body;
  if (loading && !status) {
    body = <Progress />;
  } else if (error && !status) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!status || rows.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No Argo CD application found"
        description="No source reports an Argo CD application for this module. Check its argocd/app-name annotation."
      />
    );
  } else {
    body = (
      <>
        {status.stale && (
          <Box mb={2}>
            <StalenessNotice
              stale={status.stale}
              ageSeconds={status.ageSeconds}
            />
          </Box>
        )}
        <Table<ApplicationStatus>
          columns={columns}
          data={rows}
          options={{
            paging: false,
            search: false,
            toolbar: false,
            padding: 'dense',
          }}
        />
      </>
    );
  }

  return (
    <InfoCard
      title="Health"
      subheader="Argo CD sync, health and last operation"
      action={
        <Box display="flex" style={{ gap: 8 }}>
          <RolloutActions
            status={status}
            waves={value?.waves}
            onActed={follow}
          />
          <RollbackButton />
        </Box>
      }
    >
      {body}
    </InfoCard>
  );
};

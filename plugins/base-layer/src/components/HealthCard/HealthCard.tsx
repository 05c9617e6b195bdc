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
import { useEntityStatus } from '../../hooks/useEntityStatus';
import { RollbackButton } from '../RollbackButton';
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
      </>
    ),
  },
  ...statusColumns,
];

/** Sync, health, operation and last sync of the module's Argo CD applications. */
export const HealthCard = () => {
  const { entity } = useEntity();
  const { value: status, loading, error } = useEntityStatus(entity);
  const rows = useMemo(
    () => status?.applications.map(app => ({ ...app })) ?? [],
    [status],
  );

  let body;
  if (loading && !status) {
    body = <Progress />;
  } else if (error) {
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
      action={<RollbackButton />}
    >
      {body}
    </InfoCard>
  );
};

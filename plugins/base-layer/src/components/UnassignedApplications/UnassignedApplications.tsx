import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import {
  ApplicationStatus,
  UnassignedReason,
} from '@internal/plugin-base-layer-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  HealthStatusIndicator,
  SyncStatusIndicator,
} from '../StatusIndicators';

/** Props of {@link UnassignedApplications}. */
export interface UnassignedApplicationsProps {
  /** `WavesResponse.unassigned`. */
  applications: ApplicationStatus[];
}

/** A short name for the kind of reason, beside the backend's sentence. */
function reasonLabel(reason: UnassignedReason | undefined): string {
  switch (reason?.kind) {
    case 'invalid-wave':
      return `Invalid wave label '${reason.value}'`;
    case 'unconfigured-wave':
      return `Wave ${reason.wave} is not in the plan`;
    default:
      return 'No wave label';
  }
}

const columns: TableColumn<ApplicationStatus>[] = [
  {
    title: 'Application',
    field: 'name',
    render: app => (
      <>
        <Typography variant="body2">{app.name}</Typography>
        <Typography variant="caption" color="textSecondary">
          {app.namespace} · {app.source}
        </Typography>
      </>
    ),
  },
  {
    title: 'Why it is in no wave',
    render: app => (
      <>
        <Typography variant="body2">
          {reasonLabel(app.unassignedReason)}
        </Typography>
        {app.unassignedReason && (
          <Typography variant="caption" color="textSecondary">
            {app.unassignedReason.message}
          </Typography>
        )}
      </>
    ),
  },
  {
    title: 'Sync',
    render: app => <SyncStatusIndicator status={app.sync} />,
  },
  {
    title: 'Health',
    render: app => <HealthStatusIndicator status={app.health} />,
  },
];

/**
 * The applications of no wave, each with why: no wave label, a label that
 * is not a wave number (with its value), or a wave that is not in the plan.
 * Renders nothing when every application is in a wave.
 */
export const UnassignedApplications = ({
  applications,
}: UnassignedApplicationsProps) =>
  applications.length === 0 ? null : (
    <Box mt={2} data-testid="unassigned-applications">
      <InfoCard
        title={`Not in any wave (${applications.length})`}
        subheader="These applications are not part of the rollout order until they get a valid wave."
      >
        <Table<ApplicationStatus>
          options={{
            paging: false,
            search: false,
            toolbar: false,
            padding: 'dense',
          }}
          columns={columns}
          data={[...applications].sort((a, b) => a.name.localeCompare(b.name))}
        />
      </InfoCard>
    </Box>
  );

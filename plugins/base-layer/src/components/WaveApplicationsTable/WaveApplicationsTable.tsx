import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ApplicationStatus } from '@internal/plugin-base-layer-common';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { CauseChain } from '../CauseChain';
import { statusColumns } from '../StatusIndicators';

/** Rows per page; large waves (hundreds of apps) stay cheap to render. */
export const APPLICATIONS_PAGE_SIZE = 20;

const columns: TableColumn<ApplicationStatus>[] = [
  {
    title: 'Application',
    field: 'name',
    highlight: true,
    render: app => (
      <>
        {app.entityRef ? (
          <EntityRefLink entityRef={app.entityRef} title={app.name} />
        ) : (
          app.name
        )}
        <Typography variant="caption" color="textSecondary" display="block">
          {app.project} · {app.source}
        </Typography>
        {app.error && (
          <Typography variant="caption" color="error" display="block">
            {app.error}
          </Typography>
        )}
        <CauseChain chains={app.waitsOn} subject={app.name} />
      </>
    ),
  },
  ...statusColumns,
];

/** The applications of one wave, paged so a wave of 2,000 apps renders 20 rows. */
export const WaveApplicationsTable = ({
  applications,
}: {
  applications: ApplicationStatus[];
}) => {
  // The table writes its own bookkeeping into each row; give it copies so the
  // shared response stays untouched.
  const rows = useMemo(
    () => applications.map(app => ({ ...app })),
    [applications],
  );
  const paged = rows.length > APPLICATIONS_PAGE_SIZE;
  return (
    <Table<ApplicationStatus>
      columns={columns}
      data={rows}
      options={{
        paging: paged,
        pageSize: APPLICATIONS_PAGE_SIZE,
        pageSizeOptions: [APPLICATIONS_PAGE_SIZE, 50, 100],
        emptyRowsWhenPaging: false,
        search: rows.length > 5,
        showTitle: false,
        toolbar: rows.length > 5,
        padding: 'dense',
      }}
      localization={{
        body: { emptyDataSourceMessage: 'No applications in this wave.' },
      }}
    />
  );
};

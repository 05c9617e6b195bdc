import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { makeApplication } from '../../__testUtils__/fixtures';
import { WaveApplicationsTable } from './WaveApplicationsTable';

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

describe('WaveApplicationsTable', () => {
  it('shows each application with its entity link, status, revision and last sync', async () => {
    await renderInTestApp(
      <WaveApplicationsTable
        applications={[
          makeApplication({
            name: 'data-ingestion',
            entityRef: 'component:default/data-ingestion',
            sync: 'OutOfSync',
            health: 'Degraded',
            operationPhase: 'Failed',
          }),
          makeApplication({ name: 'orphan-app', revision: 'v1.4.0' }),
        ]}
      />,
      { mountedRoutes },
    );
    expect(
      screen.getByRole('link', { name: 'data-ingestion' }),
    ).toHaveAttribute('href', '/catalog/default/component/data-ingestion');
    expect(screen.getByText('orphan-app')).toBeInTheDocument();
    expect(screen.getByText('OutOfSync')).toBeInTheDocument();
    expect(screen.getByText('Degraded')).toBeInTheDocument();
    expect(screen.getByText('Failed')).toBeInTheDocument();
    expect(screen.getByText('0123456')).toBeInTheDocument();
    expect(screen.getByText('v1.4.0')).toBeInTheDocument();
    expect(screen.getAllByText('5m ago')).toHaveLength(2);
  });

  it('says beside a waiting application what it waits on', async () => {
    await renderInTestApp(
      <WaveApplicationsTable
        applications={[
          makeApplication({
            name: 'feature-engineering',
            sync: 'OutOfSync',
            health: 'Progressing',
            waitsOn: [
              {
                links: [
                  {
                    kind: 'application',
                    entityRef: 'component:default/vault',
                    source: 'demo',
                    name: 'vault',
                    evidence: { sync: 'Synced', health: 'Degraded' },
                  },
                ],
              },
            ],
          }),
          makeApplication({ name: 'data-ingestion' }),
        ]}
      />,
    );
    expect(screen.getAllByTestId('cause-chain')).toHaveLength(1);
    expect(screen.getByTestId('cause-chain')).toHaveTextContent(
      'feature-engineering waits on vault → vault Degraded',
    );
  });

  it('shows an application being deleted with the Deleting chip', async () => {
    await renderInTestApp(
      <WaveApplicationsTable
        applications={[
          makeApplication({
            name: 'kafka',
            health: 'Deleting',
            deleting: true,
          }),
          makeApplication({ name: 'redis' }),
        ]}
      />,
    );
    expect(screen.getAllByTestId('health-Deleting')).toHaveLength(1);
    expect(screen.getByTestId('health-Deleting')).toHaveTextContent('Deleting');
    expect(screen.getAllByText('Healthy')).toHaveLength(1);
  });

  it('renders only one page of a large wave', async () => {
    const applications = Array.from({ length: 2000 }, (_, i) =>
      makeApplication({ name: `app-${String(i).padStart(4, '0')}` }),
    );
    await renderInTestApp(
      <WaveApplicationsTable applications={applications} />,
    );
    expect(screen.getByText('app-0000')).toBeInTheDocument();
    expect(screen.getByText('app-0019')).toBeInTheDocument();
    expect(screen.queryByText('app-0020')).not.toBeInTheDocument();
    // header row + 20 rows
    expect(screen.getAllByRole('row').length).toBeLessThanOrEqual(22);
  });
});

import { screen } from '@testing-library/react';
import {
  makeApplication,
  makeEntityStatus,
} from '../../__testUtils__/fixtures';
import { forbiddenClient } from '../../__testUtils__/forbiddenClient';
import { renderEntityCard } from '../../__testUtils__/renderEntityCard';
import { HealthCard } from './HealthCard';

describe('HealthCard', () => {
  it('shows sync, health, operation and last sync', async () => {
    await renderEntityCard(<HealthCard />, {
      getEntityStatus: async () =>
        makeEntityStatus({
          applications: [
            makeApplication({
              name: 'data-ingestion',
              sync: 'OutOfSync',
              health: 'Progressing',
              operationPhase: 'Running',
              conditions: [{ type: 'SyncError', message: 'quota exceeded' }],
            }),
          ],
        }),
    });
    expect(await screen.findByText('OutOfSync')).toBeInTheDocument();
    expect(screen.getByText('Progressing')).toBeInTheDocument();
    expect(screen.getByText('Running')).toBeInTheDocument();
    expect(screen.getByText('5m ago')).toBeInTheDocument();
    expect(screen.getByText('0123456')).toBeInTheDocument();
    expect(screen.getByText('SyncError: quota exceeded')).toBeInTheDocument();
  });

  it('shows an application being deleted as Deleting, not Healthy', async () => {
    await renderEntityCard(<HealthCard />, {
      getEntityStatus: async () =>
        makeEntityStatus({
          applications: [
            makeApplication({
              name: 'data-ingestion',
              health: 'Deleting',
              deleting: true,
            }),
          ],
        }),
    });
    expect(await screen.findByTestId('health-Deleting')).toHaveTextContent(
      'Deleting',
    );
    expect(screen.queryByText('Healthy')).not.toBeInTheDocument();
  });

  it('flags stale data', async () => {
    await renderEntityCard(<HealthCard />, {
      getEntityStatus: async () =>
        makeEntityStatus({ stale: true, ageSeconds: 7200 }),
    });
    expect(
      await screen.findByText(/Stale data: last refreshed 2h ago/),
    ).toBeInTheDocument();
  });

  it('shows an empty state without applications', async () => {
    await renderEntityCard(<HealthCard />, {
      getEntityStatus: async () => makeEntityStatus({ applications: [] }),
    });
    expect(
      await screen.findByText('No Argo CD application found'),
    ).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    await renderEntityCard(<HealthCard />, {
      getEntityStatus: async () => {
        throw new Error('entity status unavailable');
      },
    });
    expect(
      (await screen.findAllByText(/entity status unavailable/)).length,
    ).toBeGreaterThan(0);
  });

  it('shows the refusal when the user may not read the BASE layer status (403)', async () => {
    await renderEntityCard(<HealthCard />, forbiddenClient());
    expect(
      await screen.findByText(/Request failed with 403 Forbidden/),
    ).toBeInTheDocument();
    expect(screen.getByText('403: NotAllowedError')).toBeInTheDocument();
    expect(
      screen.getAllByText(/Unauthorized to read BASE layer status/).length,
    ).toBeGreaterThan(0);
    expect(
      screen.queryByText('No Argo CD application found'),
    ).not.toBeInTheDocument();
  });

  it('shows a progress bar while loading', async () => {
    await renderEntityCard(<HealthCard />, {
      getEntityStatus: () => new Promise(() => {}),
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });
});

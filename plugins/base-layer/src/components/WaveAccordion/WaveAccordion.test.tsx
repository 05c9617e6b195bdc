import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeApplication, makeWave } from '../../__testUtils__/fixtures';
import { WaveAccordion } from './WaveAccordion';

describe('WaveAccordion', () => {
  it('shows progress and state, and the table only once expanded', async () => {
    await renderInTestApp(
      <WaveAccordion
        wave={makeWave({
          id: 2,
          name: 'Orchestration',
          state: 'Degraded',
          applications: [
            makeApplication({ name: 'airflow' }),
            makeApplication({ name: 'mlflow', health: 'Degraded' }),
          ],
        })}
      />,
    );
    expect(screen.getByText('Wave 2 · Orchestration')).toBeInTheDocument();
    expect(screen.getByText('1/2 healthy')).toBeInTheDocument();
    expect(screen.getByText('Degraded')).toBeInTheDocument();
    expect(screen.queryByText('airflow')).not.toBeInTheDocument();

    await userEvent.click(screen.getByText('Wave 2 · Orchestration'));
    expect(await screen.findByText('airflow')).toBeInTheDocument();
    expect(screen.getByText('mlflow')).toBeInTheDocument();
  });

  it('names the applications being deleted in a Progressing wave', async () => {
    await renderInTestApp(
      <WaveAccordion
        wave={makeWave({
          id: 1,
          name: 'Shared services',
          state: 'Progressing',
          reason: 'Deleting: kafka',
          applications: [
            makeApplication({ name: 'redis' }),
            makeApplication({
              name: 'kafka',
              health: 'Deleting',
              deleting: true,
            }),
          ],
        })}
        defaultExpanded
      />,
    );
    expect(screen.getByText('Progressing')).toBeInTheDocument();
    expect(screen.getByText('Deleting: kafka')).toBeInTheDocument();
    expect(screen.getByText('1/2 healthy · 1 deleting')).toBeInTheDocument();
    expect(await screen.findByTestId('health-Deleting')).toBeInTheDocument();
  });

  it('gives the reason of a Blocked wave', async () => {
    await renderInTestApp(
      <WaveAccordion
        wave={makeWave({
          id: 3,
          name: 'BASE layer',
          state: 'Blocked',
          reason: 'Wave 2 (Orchestration) is Degraded',
        })}
      />,
    );
    expect(screen.getByText('Blocked')).toBeInTheDocument();
    expect(
      screen.getByText('Wave 2 (Orchestration) is Degraded'),
    ).toBeInTheDocument();
    expect(screen.getByText('0/0 healthy')).toBeInTheDocument();
  });

  it('gives the reason of an Unknown wave but not of a Healthy one', async () => {
    await renderInTestApp(
      <>
        <WaveAccordion
          wave={makeWave({
            id: 1,
            name: 'Shared services',
            state: 'Unknown',
            reason: 'Source argocd-prod could not be read',
          })}
        />
        <WaveAccordion
          wave={makeWave({
            id: 0,
            name: 'Core services',
            state: 'Healthy',
            reason: 'not shown',
          })}
        />
      </>,
    );
    expect(
      screen.getByText('Source argocd-prod could not be read'),
    ).toBeInTheDocument();
    expect(screen.queryByText('not shown')).not.toBeInTheDocument();
  });
});

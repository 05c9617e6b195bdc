import { CauseChain as CauseChainValue } from '@internal/plugin-base-layer-common';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { CauseChain } from './CauseChain';

const vaultDegraded = (source = 'demo'): CauseChainValue['links'][number] => ({
  kind: 'application',
  entityRef: 'component:default/vault',
  source,
  name: 'vault',
  evidence: {
    sync: 'Synced',
    health: 'Degraded',
    conditionType: 'SyncError',
    message: 'Vault is sealed',
    operationPhase: 'Failed',
    operationStartedAt: '2026-12-06T12:03:00Z',
  },
});

describe('CauseChain', () => {
  it('says what the application waits on, down to the evidence of the root cause', async () => {
    await renderInTestApp(
      <CauseChain
        subject="mlflow"
        chains={[
          {
            links: [
              {
                kind: 'application',
                entityRef: 'component:default/airflow',
                source: 'demo',
                name: 'airflow',
                evidence: { sync: 'OutOfSync', health: 'Progressing' },
              },
              vaultDegraded(),
            ],
          },
        ]}
      />,
    );
    expect(screen.getByTestId('cause-chain')).toHaveTextContent(
      'mlflow waits on airflow → airflow waits on vault → vault Degraded: SyncError "Vault is sealed" (Failed, since 2026-12-06 12:03 UTC)',
    );
  });

  it('reports a cycle, a missing entity, an undeployed one and a source down', async () => {
    await renderInTestApp(
      <CauseChain
        chains={[
          {
            links: [
              {
                kind: 'cycle',
                entityRef: 'component:default/a',
                cycle: [
                  'component:default/a',
                  'component:default/b',
                  'component:default/a',
                ],
              },
            ],
          },
          {
            links: [
              { kind: 'missing-entity', entityRef: 'component:default/ghost' },
            ],
          },
          {
            links: [
              { kind: 'not-deployed', entityRef: 'component:default/redis' },
            ],
          },
          {
            links: [
              {
                kind: 'application',
                entityRef: 'component:default/monitoring',
                source: 'mgmt',
                name: 'monitoring',
                evidence: {
                  sync: 'Unknown',
                  health: 'Unknown',
                  sourceError: 'answered 503',
                },
              },
            ],
          },
        ]}
      />,
    );
    expect(
      screen.getAllByTestId('cause-chain').map(e => e.textContent),
    ).toEqual([
      'Waits on a → a is in a dependsOn cycle: a → b → a',
      'Waits on ghost → ghost has no catalog entity',
      'Waits on redis → redis in no source: no Argo CD application found',
      'Waits on monitoring → monitoring Unknown: its source is down (answered 503)',
    ]);
  });

  it('names the source of an application seen in two', async () => {
    await renderInTestApp(
      <CauseChain
        subject="mlflow"
        chains={[
          { links: [vaultDegraded('dev')] },
          { links: [vaultDegraded('dr')] },
        ]}
      />,
    );
    expect(screen.getAllByTestId('cause-chain')[1]).toHaveTextContent(
      'mlflow waits on vault (dr) → vault (dr) Degraded',
    );
  });

  it('renders nothing without chains', async () => {
    await renderInTestApp(<CauseChain chains={[]} />);
    expect(screen.queryByTestId('cause-chain')).not.toBeInTheDocument();
  });
});

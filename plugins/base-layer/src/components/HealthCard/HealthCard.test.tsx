import { ResponseError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ActionResponse,
  WavesResponse,
} from '@internal/plugin-base-layer-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BaseLayerApi } from '../../api';
import {
  makeApplication,
  makeEntityStatus,
  makeWavesResponse,
  moduleEntity,
} from '../../__testUtils__/fixtures';
import { forbiddenClient } from '../../__testUtils__/forbiddenClient';
import {
  PermissionDecisions,
  renderEntityCard,
} from '../../__testUtils__/renderEntityCard';
import { HealthCard } from './HealthCard';

const MODULE = {
  kind: 'Component',
  namespace: 'default',
  name: 'data-ingestion',
};

/** The default plan with every wave Healthy: the gate is open. */
const openWaves = (): WavesResponse => {
  const waves = makeWavesResponse();
  return {
    ...waves,
    waves: waves.waves.map(w => ({
      ...w,
      state: 'Healthy',
      reason: undefined,
      blockedBy: undefined,
      applications: w.applications.map(a => ({
        ...a,
        sync: 'Synced',
        health: 'Healthy',
      })),
    })),
  };
};

const synced = (action: ActionResponse['action']): ActionResponse => ({
  action,
  target: { entityRef: 'component:default/data-ingestion' },
  force: false,
  results: [
    {
      name: 'data-ingestion',
      namespace: 'argocd',
      source: 'argocd-dev',
      entityRef: 'component:default/data-ingestion',
      wave: 3,
      result: 'ok',
      upstreamStatus: 200,
    },
  ],
});

/** A refusal as the client throws it: the backend's status, message and details. */
const refusal = (status: number, statusText: string, error: object) =>
  ResponseError.fromResponse(
    new Response(JSON.stringify({ error, response: { statusCode: status } }), {
      status,
      statusText,
      headers: { 'content-type': 'application/json' },
    }),
  );

/** The Health card of data-ingestion, with the gate open unless `getWaves` says otherwise. */
function renderHealthCard(
  api: Partial<BaseLayerApi> = {},
  decisions: PermissionDecisions = {},
) {
  return renderEntityCard(
    <HealthCard refreshIntervalMs={0} />,
    {
      getEntityStatus: async () => makeEntityStatus(),
      getWaves: async () => openWaves(),
      ...api,
    },
    moduleEntity,
    decisions,
  );
}

/** The card's Refresh and Sync buttons. */
const actions = () =>
  within(screen.getByRole('group', { name: 'Rollout actions' }));

/** The button's tooltip, shown on hover: why it is disabled. */
async function tooltipOf(name: RegExp) {
  await screen.findByRole('group', { name: 'Rollout actions' });
  const button = await actions().findByRole('button', { name });
  await userEvent.hover(button.parentElement!);
  return (await screen.findByRole('tooltip')).textContent;
}

describe('HealthCard', () => {
  it('shows sync, health, operation and last sync', async () => {
    await renderHealthCard({
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

  it('says what the module waits on', async () => {
    await renderHealthCard({
      getEntityStatus: async () =>
        makeEntityStatus({
          applications: [
            makeApplication({
              name: 'data-ingestion',
              sync: 'OutOfSync',
              waitsOn: [
                {
                  links: [
                    {
                      kind: 'application',
                      entityRef: 'component:default/vault',
                      source: 'demo',
                      name: 'vault',
                      evidence: {
                        sync: 'Synced',
                        health: 'Degraded',
                        message: 'Vault is sealed',
                      },
                    },
                  ],
                },
              ],
            }),
          ],
        }),
    });
    expect(await screen.findByTestId('cause-chain')).toHaveTextContent(
      'data-ingestion waits on vault → vault Degraded: "Vault is sealed"',
    );
  });

  it('shows an application being deleted as Deleting, not Healthy', async () => {
    await renderHealthCard({
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
    await renderHealthCard({
      getEntityStatus: async () =>
        makeEntityStatus({ stale: true, ageSeconds: 7200 }),
    });
    expect(
      await screen.findByText(/Stale data: last refreshed 2h ago/),
    ).toBeInTheDocument();
  });

  it('shows an empty state without applications', async () => {
    await renderHealthCard({
      getEntityStatus: async () => makeEntityStatus({ applications: [] }),
    });
    expect(
      await screen.findByText('No Argo CD application found'),
    ).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    await renderHealthCard({
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
    // The waves are refused too; the card shows the status's refusal.
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
    await renderHealthCard({
      getEntityStatus: () => new Promise(() => {}),
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  describe('Refresh and Sync', () => {
    it('refreshes, tells how each application went, and reloads the status', async () => {
      const getEntityStatus = jest.fn(async () => makeEntityStatus());
      const refresh = jest.fn(async () => synced('refresh'));
      await renderHealthCard({ getEntityStatus, refresh });
      const button = await actions().findByRole('button', { name: /Refresh/ });
      await waitFor(() => expect(button).toBeEnabled());
      const loads = getEntityStatus.mock.calls.length;
      await userEvent.click(button);
      expect(refresh).toHaveBeenCalledWith(MODULE);
      expect(
        await screen.findByText(
          'Refresh of component:default/data-ingestion: data-ingestion ok',
        ),
      ).toBeInTheDocument();
      await waitFor(() =>
        expect(getEntityStatus.mock.calls.length).toBeGreaterThan(loads),
      );
    });

    it('asks before a sync, naming the applications, then syncs', async () => {
      const sync = jest.fn(async () => synced('sync'));
      await renderHealthCard({
        getEntityStatus: async () =>
          makeEntityStatus({
            applications: [
              makeApplication({ name: 'data-ingestion', sync: 'OutOfSync' }),
              makeApplication({ name: 'data-ingestion-jobs' }),
            ],
          }),
        sync,
      });
      const button = await actions().findByRole('button', { name: /^Sync$/ });
      await waitFor(() => expect(button).toBeEnabled());
      await userEvent.click(button);
      const dialog = await screen.findByRole('dialog');
      expect(
        within(dialog).getByText('Sync data-ingestion?'),
      ).toBeInTheDocument();
      const apps = within(dialog).getByRole('list', {
        name: 'Applications to sync',
      });
      expect(within(apps).getByText('data-ingestion')).toBeInTheDocument();
      expect(within(apps).getByText(/OutOfSync, Healthy/)).toBeInTheDocument();
      expect(within(apps).getByText('data-ingestion-jobs')).toBeInTheDocument();
      expect(sync).not.toHaveBeenCalled();

      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Sync' }),
      );
      expect(sync).toHaveBeenCalledWith(MODULE, {});
      expect(
        await screen.findByText(
          'Sync of component:default/data-ingestion: data-ingestion ok',
        ),
      ).toBeInTheDocument();
    });

    it('disables Sync while an earlier wave is not Healthy, naming it', async () => {
      await renderHealthCard(
        { getWaves: async () => makeWavesResponse() },
        { 'base-layer.wave.force': AuthorizeResult.DENY },
      );
      expect(await tooltipOf(/^Sync$/)).toBe(
        'Gated by wave 2 (Orchestration), which is Degraded: not Synced and Healthy: mlflow (Synced, Degraded). Sync that wave first',
      );
      expect(actions().getByRole('button', { name: /^Sync$/ })).toBeDisabled();
      expect(actions().getByRole('button', { name: /Refresh/ })).toBeEnabled();
    });

    it('lets an admin sync past the gate once "Sync anyway" is ticked', async () => {
      const sync = jest.fn(async () => ({ ...synced('sync'), force: true }));
      await renderHealthCard({
        getWaves: async () => makeWavesResponse(),
        sync,
      });
      expect(await tooltipOf(/^Sync$/)).toMatch(
        /^Gated by wave 2 \(Orchestration\).*As an admin you may sync anyway$/,
      );
      await userEvent.click(actions().getByRole('button', { name: /^Sync$/ }));
      const dialog = await screen.findByRole('dialog');
      expect(
        within(dialog).getByText(/Syncing now goes past the wave gate/),
      ).toBeInTheDocument();
      const confirm = within(dialog).getByRole('button', { name: 'Sync' });
      expect(confirm).toBeDisabled();
      await userEvent.click(
        within(dialog).getByLabelText('Sync anyway, past the wave gate'),
      );
      await userEvent.click(confirm);
      expect(sync).toHaveBeenCalledWith(MODULE, { force: true });
      expect(
        await screen.findByText(
          'Sync of component:default/data-ingestion (forced past the wave gate): data-ingestion ok',
        ),
      ).toBeInTheDocument();
    });

    it('disables Sync without the permission and keeps Refresh (data scientist)', async () => {
      await renderHealthCard(
        {},
        { 'base-layer.application.sync': AuthorizeResult.DENY },
      );
      expect(await tooltipOf(/^Sync$/)).toBe(
        'You are not allowed to sync component:default/data-ingestion (base-layer.application.sync): only its owners and admins may',
      );
      expect(actions().getByRole('button', { name: /^Sync$/ })).toBeDisabled();
      expect(actions().getByRole('button', { name: /Refresh/ })).toBeEnabled();
    });

    it('disables both for an application read from a snapshot', async () => {
      await renderHealthCard({
        getWaves: async () => ({
          ...openWaves(),
          sources: [
            { name: 'argocd-dev', type: 'snapshot', ok: true, stale: false },
          ],
        }),
      });
      const reason =
        'data-ingestion is read from the snapshot source argocd-dev, which is read-only';
      expect(await tooltipOf(/Refresh/)).toBe(reason);
      await userEvent.unhover(
        actions().getByRole('button', { name: /Refresh/ }).parentElement!,
      );
      expect(actions().getByRole('button', { name: /Refresh/ })).toBeDisabled();
      expect(actions().getByRole('button', { name: /^Sync$/ })).toBeDisabled();
    });

    it('disables Sync while an operation runs', async () => {
      await renderHealthCard({
        getEntityStatus: async () =>
          makeEntityStatus({
            applications: [
              makeApplication({
                name: 'data-ingestion',
                operationPhase: 'Running',
              }),
            ],
          }),
      });
      expect(await tooltipOf(/^Sync$/)).toBe(
        'An operation is Running on data-ingestion; wait for it to finish',
      );
    });

    it("shows the backend's refusal and its status in the snackbar", async () => {
      const error = await refusal(409, 'Conflict', {
        name: 'ConflictError',
        message: 'Wave 3 is gated by wave 0 (Core services)',
      });
      await renderHealthCard({
        sync: async () => {
          throw error;
        },
      });
      const button = await actions().findByRole('button', { name: /^Sync$/ });
      await waitFor(() => expect(button).toBeEnabled());
      await userEvent.click(button);
      await userEvent.click(
        within(await screen.findByRole('dialog')).getByRole('button', {
          name: 'Sync',
        }),
      );
      expect(
        await screen.findByText(
          'Sync of component:default/data-ingestion failed (409): Wave 3 is gated by wave 0 (Core services)',
        ),
      ).toBeInTheDocument();
    });

    it('lists each application of a failed (502) action', async () => {
      const error = await refusal(502, 'Bad Gateway', {
        name: 'RolloutActionFailedError',
        message: 'refresh failed for 1 of 2 applications',
        results: [
          { ...synced('refresh').results[0] },
          {
            ...synced('refresh').results[0],
            name: 'data-ingestion-jobs',
            result: 'failed',
            upstreamStatus: 403,
            message: 'permission denied',
          },
        ],
      });
      await renderHealthCard({
        refresh: async () => {
          throw error;
        },
      });
      const button = await actions().findByRole('button', { name: /Refresh/ });
      await waitFor(() => expect(button).toBeEnabled());
      await userEvent.click(button);
      expect(
        await screen.findByText(
          'Refresh of component:default/data-ingestion failed (502): data-ingestion ok; data-ingestion-jobs failed (403): permission denied',
        ),
      ).toBeInTheDocument();
    });
  });
});

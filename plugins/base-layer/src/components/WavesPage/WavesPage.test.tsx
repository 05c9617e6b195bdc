import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BaseLayerApi, baseLayerApiRef } from '../../api';
import {
  makeApplication,
  makeWave,
  makeWavesResponse,
} from '../../__testUtils__/fixtures';
import { forbiddenClient } from '../../__testUtils__/forbiddenClient';
import {
  PermissionDecisions,
  TestActionApis,
} from '../../__testUtils__/renderEntityCard';
import { WavesPage } from './WavesPage';

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

function renderWith(
  api: Partial<BaseLayerApi>,
  refreshIntervalMs?: number,
  decisions?: PermissionDecisions,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[baseLayerApiRef, api]]}>
      <TestActionApis decisions={decisions}>
        <WavesPage refreshIntervalMs={refreshIntervalMs} />
      </TestActionApis>
    </TestApiProvider>,
    { mountedRoutes },
  );
}

describe('WavesPage', () => {
  it('shows a progress bar while loading', async () => {
    await renderWith({ getWaves: () => new Promise(() => {}) });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('lists the waves in order with progress, state and the Blocked reason', async () => {
    const response = makeWavesResponse();
    response.waves.reverse();
    await renderWith({ getWaves: async () => response });

    const titles = (await screen.findAllByRole('heading', { level: 3 })).map(
      h => h.textContent,
    );
    expect(titles).toEqual([
      'Wave 0 · Core services',
      'Wave 2 · Orchestration',
      'Wave 3 · BASE layer',
    ]);
    const degraded = screen.getByTestId('wave-2');
    expect(within(degraded).getByText('Degraded')).toBeInTheDocument();
    expect(within(degraded).getByText('1/2 healthy')).toBeInTheDocument();
    const blocked = screen.getByTestId('wave-3');
    expect(within(blocked).getByText('Blocked')).toBeInTheDocument();
    expect(
      within(blocked).getByText('Wave 2 (Orchestration) is Degraded'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Stale data/)).not.toBeInTheDocument();
  });

  it('expands a wave into its applications', async () => {
    await renderWith({ getWaves: async () => makeWavesResponse() });
    await userEvent.click(await screen.findByText('Wave 3 · BASE layer'));
    expect(
      await screen.findByRole('link', { name: 'data-ingestion' }),
    ).toHaveAttribute('href', '/catalog/default/component/data-ingestion');
    expect(screen.getByText('OutOfSync')).toBeInTheDocument();
    expect(screen.getByText('Missing')).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    await renderWith({
      getWaves: async () => {
        throw new Error('base-layer backend unreachable');
      },
    });
    expect(
      await screen.findByText(/Could not load the waves/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/base-layer backend unreachable/).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText(/Wave \d/)).not.toBeInTheDocument();
  });

  it('shows the refusal when the user may not read the BASE layer status (403)', async () => {
    await renderWith(forbiddenClient());
    expect(
      await screen.findByText(/Could not load the waves/),
    ).toBeInTheDocument();
    expect(screen.getByText('403: NotAllowedError')).toBeInTheDocument();
    expect(
      screen.getAllByText(/Unauthorized to read BASE layer status/).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText(/Wave \d/)).not.toBeInTheDocument();
  });

  it('shows an empty state when there are no waves', async () => {
    await renderWith({
      getWaves: async () => makeWavesResponse({ waves: [] }),
    });
    expect(await screen.findByText('No waves yet')).toBeInTheDocument();
  });

  it('flags stale data with its age and names each failing source', async () => {
    await renderWith({
      getWaves: async () =>
        makeWavesResponse({
          stale: true,
          ageSeconds: 900,
          sources: [
            {
              name: 'argocd-prod',
              type: 'argocd',
              ok: false,
              stale: true,
              ageSeconds: 900,
              error: 'connect ECONNREFUSED 127.0.0.1:8080',
            },
          ],
        }),
    });
    expect(
      await screen.findByText(/Stale data from argocd-prod/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Source argocd-prod \(argocd\) could not be read/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/connect ECONNREFUSED 127.0.0.1:8080/),
    ).toBeInTheDocument();
    // The waves the other sources know about are still shown.
    expect(screen.getByText('Wave 0 · Core services')).toBeInTheDocument();
  });

  it('renders 2,000 applications without building their tables', async () => {
    const applications = Array.from({ length: 2000 }, (_, i) =>
      makeApplication({ name: `base-app-${i}` }),
    );
    await renderWith({
      getWaves: async () =>
        makeWavesResponse({
          waves: [makeWave({ id: 3, name: 'BASE layer', applications })],
        }),
    });
    expect(await screen.findByText('2000/2000 healthy')).toBeInTheDocument();
    expect(screen.queryByText('base-app-0')).not.toBeInTheDocument();
    await userEvent.click(screen.getByText('Wave 3 · BASE layer'));
    expect(await screen.findByText('base-app-0')).toBeInTheDocument();
    expect(screen.getAllByRole('row').length).toBeLessThanOrEqual(25);
  });

  it('says the page updates live when the app has signals, and how often it re-reads without one', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [baseLayerApiRef, { getWaves: async () => makeWavesResponse() }],
          [signalApiRef, { subscribe: () => ({ unsubscribe: () => {} }) }],
        ]}
      >
        <TestActionApis>
          <WavesPage />
        </TestActionApis>
      </TestApiProvider>,
      { mountedRoutes },
    );
    expect(
      await screen.findByText(
        /updates live · re-reads every 60 s as a fallback/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/refreshes every/)).not.toBeInTheDocument();
  });

  describe('auto-refresh', () => {
    beforeEach(() => {
      jest.useFakeTimers();
    });
    afterEach(() => {
      jest.useRealTimers();
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => 'visible',
      });
    });

    function setVisibility(state: DocumentVisibilityState) {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => state,
      });
      act(() => {
        document.dispatchEvent(new Event('visibilitychange'));
      });
    }

    async function advance(ms: number) {
      await act(async () => {
        jest.advanceTimersByTime(ms);
      });
    }

    it('reloads every 15 s and pauses while the tab is hidden', async () => {
      const getWaves = jest.fn(async () => makeWavesResponse());
      await renderWith({ getWaves });
      await advance(0);
      expect(getWaves).toHaveBeenCalledTimes(1);

      await advance(15_000);
      expect(getWaves).toHaveBeenCalledTimes(2);

      setVisibility('hidden');
      await advance(5 * 60_000);
      expect(getWaves).toHaveBeenCalledTimes(2);

      setVisibility('visible');
      await advance(0);
      expect(getWaves).toHaveBeenCalledTimes(3);
    });

    it('honours a configured interval', async () => {
      const getWaves = jest.fn(async () => makeWavesResponse());
      await renderWith({ getWaves }, 60_000);
      await advance(0);
      await advance(30_000);
      expect(getWaves).toHaveBeenCalledTimes(1);
      await advance(30_000);
      expect(getWaves).toHaveBeenCalledTimes(2);
    });
  });

  describe('Sync wave', () => {
    /** Wave 2 can be synced: wave 0 before it is Healthy. */
    const wave2Sync = () => within(screen.getByTestId('wave-2'));

    it('asks, listing the applications it will sync, then syncs and reloads', async () => {
      const getWaves = jest.fn(async () => makeWavesResponse());
      const syncWave = jest.fn(async () => ({
        action: 'sync' as const,
        target: { waveId: 2 },
        force: false,
        results: [
          {
            name: 'mlflow',
            namespace: 'argocd',
            source: 'argocd-dev',
            wave: 2,
            result: 'ok' as const,
            upstreamStatus: 200,
          },
        ],
      }));
      await renderWith({ getWaves, syncWave }, 0);
      await screen.findByTestId('wave-2');
      const button = wave2Sync().getByRole('button', { name: 'Sync wave 2' });
      await waitFor(() => expect(button).toBeEnabled());
      await userEvent.click(button);

      const dialog = await screen.findByRole('dialog');
      expect(
        within(dialog).getByText('Sync wave 2 (Orchestration)?'),
      ).toBeInTheDocument();
      const apps = within(dialog).getByRole('list', {
        name: 'Applications to sync',
      });
      // airflow is Synced and Healthy: a wave sync leaves it alone.
      expect(within(apps).getByText('mlflow')).toBeInTheDocument();
      expect(within(apps).queryByText('airflow')).not.toBeInTheDocument();
      // The accordion did not open under the dialog.
      expect(screen.queryByRole('link', { name: 'mlflow' })).toBeNull();

      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Sync' }),
      );
      expect(syncWave).toHaveBeenCalledWith(2, {});
      expect(
        await screen.findByText('Sync of wave 2: mlflow ok'),
      ).toBeInTheDocument();
      await waitFor(() => expect(getWaves).toHaveBeenCalledTimes(2));
    });

    it('is disabled behind the gate, naming the blocking wave', async () => {
      await renderWith({ getWaves: async () => makeWavesResponse() }, 0, {
        'base-layer.wave.force': AuthorizeResult.DENY,
      });
      const wave3 = within(await screen.findByTestId('wave-3'));
      const button = wave3.getByRole('button', { name: 'Sync wave 3' });
      await userEvent.hover(button.parentElement!);
      expect((await screen.findByRole('tooltip')).textContent).toBe(
        'Gated by wave 2 (Orchestration), which is Degraded: not Synced and Healthy: mlflow (Synced, Degraded). Sync that wave first',
      );
      expect(button).toBeDisabled();
    });

    it('is disabled without the permission on an entity of the wave', async () => {
      await renderWith({ getWaves: async () => makeWavesResponse() }, 0, {
        'base-layer.wave.sync': AuthorizeResult.DENY,
      });
      await screen.findByTestId('wave-2');
      const button = wave2Sync().getByRole('button', { name: 'Sync wave 2' });
      await userEvent.hover(button.parentElement!);
      expect((await screen.findByRole('tooltip')).textContent).toBe(
        'You are not allowed to sync this wave (base-layer.wave.sync) on applications no entity claims',
      );
      expect(button).toBeDisabled();
    });

    it('is disabled when every application is Synced and Healthy', async () => {
      await renderWith({ getWaves: async () => makeWavesResponse() }, 0);
      const wave0 = within(await screen.findByTestId('wave-0'));
      expect(wave0.getByRole('button', { name: 'Sync wave 0' })).toBeDisabled();
    });
  });
});

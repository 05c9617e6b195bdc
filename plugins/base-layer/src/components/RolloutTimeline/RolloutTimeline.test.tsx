import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { WaveTransition } from '@internal/plugin-base-layer-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BaseLayerApi, baseLayerApiRef, HistoryQuery } from '../../api';
import { RolloutTimeline } from './RolloutTimeline';

const at = (hhmm: string) => `2026-12-01T${hhmm}:00.000Z`;

const history: WaveTransition[] = [
  { waveId: 1, from: 'Blocked', to: 'Healthy', at: at('10:45') },
  { waveId: 0, from: 'Degraded', to: 'Healthy', at: at('10:20') },
  {
    waveId: 1,
    from: 'Healthy',
    to: 'Blocked',
    reason: 'Wave 0 (Core services) is Degraded',
    at: at('10:05'),
  },
  {
    waveId: 0,
    from: 'Healthy',
    to: 'Degraded',
    reason: 'Degraded: vault',
    at: at('10:00'),
  },
];

const waves = [
  { id: 0, name: 'Core services' },
  { id: 1, name: 'Shared services' },
];

function renderTimeline() {
  const getHistory = jest.fn(async (query: HistoryQuery = {}) => ({
    items: history.filter(
      t => query.wave === undefined || t.waveId === query.wave,
    ),
  }));
  const api: Partial<BaseLayerApi> = { getHistory };
  return {
    getHistory,
    rendered: renderInTestApp(
      <TestApiProvider apis={[[baseLayerApiRef, api]]}>
        <RolloutTimeline waves={waves} />
      </TestApiProvider>,
    ),
  };
}

const rowTexts = () =>
  within(screen.getByTestId('rollout-timeline'))
    .getAllByRole('row')
    .slice(1)
    .map(r => r.textContent);

describe('RolloutTimeline', () => {
  it('lists the transitions newest first with time to Healthy per wave', async () => {
    const { rendered } = renderTimeline();
    await rendered;
    await screen.findByText('Degraded: vault');
    const rows = rowTexts();
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain('Wave 1 (Shared services)');
    expect(rows[0]).toMatch(/Blocked.*Healthy/);
    expect(rows[3]).toMatch(/Healthy.*Degraded.*Degraded: vault/);

    const summary = screen.getByTestId('time-to-healthy');
    expect(
      within(summary).getByText(/^Wave 0 \(Core services\): 20m/),
    ).toBeInTheDocument();
    expect(
      within(summary).getByText(/^Wave 1 \(Shared services\): 40m/),
    ).toBeInTheDocument();
  });

  it('filters by wave', async () => {
    const { rendered, getHistory } = renderTimeline();
    await rendered;
    await screen.findByText('Degraded: vault');
    await userEvent.selectOptions(
      screen.getByLabelText('Filter by wave'),
      'Wave 1 (Shared services)',
    );
    await waitFor(() => expect(rowTexts()).toHaveLength(2));
    expect(rowTexts().every(r => r?.includes('Wave 1'))).toBe(true);
    expect(getHistory).toHaveBeenCalledWith({ wave: 1, limit: 200 });
    // Time to Healthy still covers every wave.
    expect(
      within(screen.getByTestId('time-to-healthy')).getByText(/^Wave 0/),
    ).toBeInTheDocument();
  });

  it('says so when nothing is recorded, and shows a failure', async () => {
    const api: Partial<BaseLayerApi> = {
      getHistory: async () => ({ items: [] }),
    };
    await renderInTestApp(
      <TestApiProvider apis={[[baseLayerApiRef, api]]}>
        <RolloutTimeline waves={waves} />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('No wave transitions recorded yet.'),
    ).toBeInTheDocument();
  });

  it('shows why the history could not be loaded', async () => {
    const api: Partial<BaseLayerApi> = {
      getHistory: async () => {
        throw new Error('backend down');
      },
    };
    await renderInTestApp(
      <TestApiProvider apis={[[baseLayerApiRef, api]]}>
        <RolloutTimeline waves={waves} />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(/Could not load the rollout history/),
    ).toBeInTheDocument();
  });
});

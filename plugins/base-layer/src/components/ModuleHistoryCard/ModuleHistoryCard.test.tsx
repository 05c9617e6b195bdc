import { screen, within } from '@testing-library/react';
import { BaseLayerApi } from '../../api';
import { renderEntityCard } from '../../__testUtils__/renderEntityCard';
import { ModuleHistoryCard } from './ModuleHistoryCard';

describe('ModuleHistoryCard', () => {
  it("lists the module's application transitions, newest first", async () => {
    const getEntityHistory = jest.fn<
      ReturnType<BaseLayerApi['getEntityHistory']>,
      Parameters<BaseLayerApi['getEntityHistory']>
    >(async () => ({
      items: [
        {
          source: 'argocd-dev',
          namespace: 'argocd',
          name: 'data-ingestion',
          entityRef: 'component:default/data-ingestion',
          wave: 3,
          from: { sync: 'OutOfSync', health: 'Progressing' },
          to: { sync: 'Synced', health: 'Healthy' },
          at: '2026-12-01T10:05:00.000Z',
        },
        {
          source: 'argocd-dev',
          namespace: 'argocd',
          name: 'data-ingestion',
          wave: 3,
          from: null,
          to: { sync: 'OutOfSync', health: 'Progressing' },
          at: '2026-12-01T10:00:00.000Z',
        },
      ],
    }));
    await renderEntityCard(<ModuleHistoryCard refreshIntervalMs={0} />, {
      getEntityHistory,
    });
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent(
      /OutOfSync.*Progressing.*Synced.*Healthy/,
    );
    expect(rows[1]).toHaveTextContent('first seen');
    expect(getEntityHistory).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'data-ingestion',
    });
  });

  it('shows a sync started from the portal, by whom and whether forced', async () => {
    await renderEntityCard(<ModuleHistoryCard refreshIntervalMs={0} />, {
      getEntityHistory: async () => ({
        items: [
          {
            source: 'argocd',
            namespace: 'argocd',
            name: 'data-ingestion',
            wave: 3,
            from: { sync: 'OutOfSync', health: 'Healthy' },
            to: { sync: 'OutOfSync', health: 'Healthy' },
            requested: { action: 'sync', by: 'user:default/ada', force: true },
            at: '2026-12-01T10:05:00.000Z',
          },
        ],
      }),
    });
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent(
      'Sync started from the portal by user:default/ada, past the wave gate',
    );
  });

  it('says when nothing is recorded yet', async () => {
    await renderEntityCard(<ModuleHistoryCard refreshIntervalMs={0} />, {
      getEntityHistory: async () => ({ items: [] }),
    });
    expect(
      await screen.findByText('No changes recorded yet'),
    ).toBeInTheDocument();
  });
});

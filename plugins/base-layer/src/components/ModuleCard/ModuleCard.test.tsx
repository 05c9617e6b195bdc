import { screen } from '@testing-library/react';
import { makeEntityStatus, moduleEntity } from '../../__testUtils__/fixtures';
import { renderEntityCard } from '../../__testUtils__/renderEntityCard';
import { BaseLayerClient } from '../../api';
import { ModuleCard } from './ModuleCard';

describe('ModuleCard', () => {
  it('shows wave, cluster, namespace, environments and the Argo CD app', async () => {
    const getEntityStatus = jest.fn(async () => makeEntityStatus());
    await renderEntityCard(<ModuleCard />, { getEntityStatus });
    expect(await screen.findByText('3 · BASE layer')).toBeInTheDocument();
    expect(getEntityStatus).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'data-ingestion',
    });
    expect(screen.getByText('base-layer')).toBeInTheDocument();
    expect(screen.getByText('base-data-ingestion')).toBeInTheDocument();
    // Environments dev and prod; overlays aws, dev and prod.
    expect(screen.getByText('Environments')).toBeInTheDocument();
    expect(screen.getByText('Overlays')).toBeInTheDocument();
    expect(screen.getByText('aws')).toBeInTheDocument();
    expect(screen.getAllByText('prod')).toHaveLength(2);
    expect(screen.getByText('data_ingestion')).toBeInTheDocument();
    expect(screen.getAllByText('data-ingestion').length).toBeGreaterThan(0);
  });

  it('shows a progress bar while loading', async () => {
    await renderEntityCard(<ModuleCard />, {
      getEntityStatus: () => new Promise(() => {}),
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('falls back to the annotations when the backend fails', async () => {
    await renderEntityCard(<ModuleCard />, {
      getEntityStatus: async () => {
        throw new Error('Request failed with 503 Service Unavailable');
      },
    });
    expect(
      await screen.findByText(/Live status unavailable/),
    ).toBeInTheDocument();
    expect(screen.getByText('3')).toBeInTheDocument();
    expect(screen.getByText('base-layer')).toBeInTheDocument();
  });

  it('names a broken wave annotation', async () => {
    await renderEntityCard(
      <ModuleCard />,
      { getEntityStatus: async () => makeEntityStatus({ wave: null }) },
      {
        ...moduleEntity,
        metadata: {
          ...moduleEntity.metadata,
          annotations: { 'base-layer.io/wave': 'three' },
        },
      },
    );
    expect(
      await screen.findByText(/must be a non-negative integer, got 'three'/),
    ).toBeInTheDocument();
  });

  it('waits out the 503 of a backend whose catalog is still loading, as Retry-After says', async () => {
    const answers = [
      new Response(
        JSON.stringify({
          error: {
            name: 'ServiceUnavailableError',
            message: 'catalog not loaded yet',
          },
          response: { statusCode: 503 },
        }),
        {
          status: 503,
          statusText: 'Service Unavailable',
          headers: { 'content-type': 'application/json', 'retry-after': '1' },
        },
      ),
      new Response(JSON.stringify(makeEntityStatus()), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      }),
    ];
    const fetch = jest.fn(async () => answers.shift()!);
    const client = new BaseLayerClient({
      discoveryApi: {
        getBaseUrl: async () => 'http://localhost/api/base-layer',
      },
      fetchApi: { fetch },
    });
    await renderEntityCard(<ModuleCard />, client);
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(
      await screen.findByText('3 · BASE layer', {}, { timeout: 5_000 }),
    ).toBeInTheDocument();
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(screen.queryByText(/Live status unavailable/)).toBeNull();
  });
});

import { ResponseError } from '@backstage/errors';
import { BaseLayerClient } from './BaseLayerClient';

const MODULE = {
  kind: 'Component',
  namespace: 'default',
  name: 'data-ingestion',
};

/** A client whose backend answers `status` with `body`, recording each request. */
function clientAnswering(status: number, body: unknown) {
  const requests: Array<{ url: string; init?: RequestInit }> = [];
  const client = new BaseLayerClient({
    discoveryApi: {
      getBaseUrl: async () => 'http://localhost:7007/api/base-layer',
    },
    fetchApi: {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        requests.push({ url: String(input), init });
        return new Response(JSON.stringify(body), {
          status,
          headers: { 'content-type': 'application/json' },
        });
      },
    },
  });
  return { client, requests };
}

const ok = { action: 'sync', target: {}, force: false, results: [] };

describe('BaseLayerClient actions', () => {
  it('posts a refresh with an empty body', async () => {
    const { client, requests } = clientAnswering(200, ok);
    await expect(client.refresh(MODULE)).resolves.toEqual(ok);
    expect(requests).toEqual([
      {
        url: 'http://localhost:7007/api/base-layer/entities/Component/default/data-ingestion/refresh',
        init: expect.objectContaining({ method: 'POST', body: '{}' }),
      },
    ]);
    expect(requests[0].init?.headers).toEqual({
      'content-type': 'application/json',
    });
  });

  it('posts a sync with its options, and {} without', async () => {
    const { client, requests } = clientAnswering(200, ok);
    await client.sync(MODULE, { revision: 'v1.2.0', prune: true, force: true });
    await client.sync({ ...MODULE, name: 'a b' });
    expect(requests.map(r => [r.url, r.init?.method, r.init?.body])).toEqual([
      [
        'http://localhost:7007/api/base-layer/entities/Component/default/data-ingestion/sync',
        'POST',
        '{"revision":"v1.2.0","prune":true,"force":true}',
      ],
      [
        'http://localhost:7007/api/base-layer/entities/Component/default/a%20b/sync',
        'POST',
        '{}',
      ],
    ]);
  });

  it('posts a wave sync', async () => {
    const { client, requests } = clientAnswering(200, ok);
    await client.syncWave(3, { force: true });
    expect(requests[0].url).toBe(
      'http://localhost:7007/api/base-layer/waves/3/sync',
    );
    expect(requests[0].init?.body).toBe('{"force":true}');
  });

  it("throws a ResponseError with the backend's status, message and details", async () => {
    const gate = {
      wave: 3,
      blockingWave: { id: 0, name: 'Core services', state: 'Degraded' },
      causes: [],
    };
    const { client } = clientAnswering(409, {
      error: {
        name: 'ConflictError',
        message: 'Wave 3 is gated by wave 0 (Core services)',
        gate,
      },
      response: { statusCode: 409 },
    });
    const error = await client.sync(MODULE).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.body.error.message).toBe(
      'Wave 3 is gated by wave 0 (Core services)',
    );
    expect(error.body.error.gate).toEqual(gate);
  });
});

describe('BaseLayerClient history', () => {
  it('reads the history with its filters, and an entity history', async () => {
    const { client, requests } = clientAnswering(200, { items: [] });
    await client.getHistory();
    await client.getHistory({ wave: 2, limit: 50 });
    await client.getEntityHistory(MODULE);
    expect(requests.map(r => r.url)).toEqual([
      'http://localhost:7007/api/base-layer/history',
      'http://localhost:7007/api/base-layer/history?wave=2&limit=50',
      'http://localhost:7007/api/base-layer/entities/Component/default/data-ingestion/history',
    ]);
  });
});

describe('BaseLayerClient.getWaves', () => {
  const status = {
    generatedAt: '2026-11-22T10:00:00.000Z',
    stale: true,
    ageSeconds: 100,
    sources: [{ name: 'argocd', ok: true, ageSeconds: 100 }],
    waves: [],
    violations: [],
    unassigned: [],
  };

  it('revalidates with the last ETag and answers a 304 with the last status, aged', async () => {
    const requests: Array<RequestInit | undefined> = [];
    const answers = [
      new Response(JSON.stringify(status), {
        status: 200,
        headers: { etag: 'W/"v1.s"' },
      }),
      new Response(null, { status: 304, headers: { etag: 'W/"v1.s"' } }),
    ];
    const client = new BaseLayerClient({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/base-layer' },
      fetchApi: {
        fetch: async (_input: RequestInfo | URL, init?: RequestInit) => {
          requests.push(init);
          return answers.shift()!;
        },
      },
    });
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    await expect(client.getWaves()).resolves.toEqual(status);
    now.mockReturnValue(1_030_000);
    const again = await client.getWaves();
    now.mockRestore();

    expect(requests.map(r => r?.headers)).toEqual([
      undefined,
      { 'if-none-match': 'W/"v1.s"' },
    ]);
    expect(again).toMatchObject({
      ageSeconds: 130,
      sources: [{ name: 'argocd', ageSeconds: 130 }],
      waves: [],
    });
  });
});

import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { baseLayerStatusReadPermission } from '@internal/plugin-base-layer-common';
import express from 'express';
import request from 'supertest';
import { createHistoryRouter } from './historyRouter';
import { WaveHistoryStore } from './WaveHistoryStore';

jest.setTimeout(60_000);

const PATH = '/entities/component/default/vault/history';

describe('GET /entities/:kind/:namespace/:name/history', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let history: WaveHistoryStore;

  beforeAll(async () => {
    history = await WaveHistoryStore.fromKnex(await databases.init('SQLITE_3'));
    await history.recordApplicationTransitions(
      ['2026-12-01T10:00:00.000Z', '2026-12-01T10:05:00.000Z'].map((at, i) => ({
        source: 'platform-services',
        namespace: 'argocd',
        name: 'vault',
        entityRef: 'component:default/vault',
        wave: 0,
        from: i === 0 ? null : { sync: 'Synced', health: 'Degraded' },
        to: { sync: 'Synced', health: i === 0 ? 'Degraded' : 'Healthy' },
        at,
      })),
    );
  });

  async function app(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
    const permissions = mockServices.permissions.mock({
      authorize: async requests => requests.map(() => ({ result })),
    });
    const router = await createHistoryRouter({
      httpAuth: mockServices.httpAuth(),
      permissions,
      history,
    });
    return {
      permissions,
      server: express().use(router).use(mockErrorHandler()),
    };
  }

  it("serves the entity's application transitions, newest first", async () => {
    const { server } = await app(AuthorizeResult.ALLOW);
    const res = await request(server)
      .get(PATH)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.items.map((t: { to: object }) => t.to)).toEqual([
      { sync: 'Synced', health: 'Healthy' },
      { sync: 'Synced', health: 'Degraded' },
    ]);

    const limited = await request(server)
      .get(`${PATH}?limit=1`)
      .set('Authorization', mockCredentials.user.header());
    expect(limited.body.items).toHaveLength(1);

    const other = await request(server)
      .get('/entities/component/default/mlflow/history')
      .set('Authorization', mockCredentials.user.header());
    expect(other.body).toEqual({ items: [] });
  });

  it('answers 400 to a bad limit or an unknown query field', async () => {
    const { server } = await app(AuthorizeResult.ALLOW);
    for (const query of ['limit=0', 'limit=abc', 'wave=1']) {
      const res = await request(server)
        .get(`${PATH}?${query}`)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
    }
  });

  it('answers 403 without the status read permission', async () => {
    const { server, permissions } = await app(AuthorizeResult.DENY);
    const denied = await request(server)
      .get(PATH)
      .set('Authorization', mockCredentials.user.header());
    expect(denied.status).toBe(403);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: baseLayerStatusReadPermission }],
      { credentials: mockCredentials.user() },
    );
  });
});

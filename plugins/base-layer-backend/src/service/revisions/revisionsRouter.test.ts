import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { RevisionsResponse } from '@internal/plugin-base-layer-common';
import request from 'supertest';
import { baseLayerPlugin } from '../../plugin';
import {
  LoopbackArgoCd,
  LoopbackKubernetes,
  platformApplications,
  platformWaves,
  startLoopbackArgoCd,
  startLoopbackKubernetes,
} from '../../testUtils';
import { component } from '../../__testUtils__/entities';

jest.setTimeout(30_000);

const path = (name: string) =>
  `/api/base-layer/entities/component/default/${name}/revisions`;

describe('GET /entities/:kind/:namespace/:name/revisions', () => {
  let cluster: LoopbackKubernetes;
  let argocd: LoopbackArgoCd;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    // mlflow comes from a cluster, data-ingestion from Argo CD's API.
    cluster = await startLoopbackKubernetes({
      applications: platformApplications.filter(a =>
        ['vault', 'mlflow'].includes(a.metadata.name),
      ),
    });
    argocd = await startLoopbackArgoCd({
      applications: platformApplications.filter(
        a => a.metadata.name === 'data-ingestion',
      ),
    });
  });
  afterAll(async () => {
    await Promise.all([cluster.stop(), argocd.stop()]);
  });

  async function start(options: { deny?: boolean } = {}) {
    const backend = await startTestBackend({
      features: [
        baseLayerPlugin,
        catalogServiceMock.factory({
          entities: [
            component('data-ingestion', {
              'argocd/app-name': 'data-ingestion',
            }),
            component('mlflow', { 'argocd/app-name': 'mlflow' }),
            component('no-apps', { 'argocd/app-name': 'no-apps' }),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            baseLayer: {
              waves: platformWaves,
              requestTimeout: '2s',
              sources: {
                kubernetes: [
                  {
                    name: 'platform-services',
                    url: cluster.url,
                    token: cluster.token,
                    skipTLSVerify: true,
                  },
                ],
                argocd: [
                  {
                    name: 'argocd',
                    url: argocd.url,
                    username: argocd.username,
                    password: argocd.password,
                  },
                ],
              },
            },
          },
        }),
        ...(options.deny
          ? [
              mockServices.permissions.factory({
                result: AuthorizeResult.DENY,
              }),
            ]
          : []),
      ],
    });
    return backend.server;
  }

  beforeAll(async () => {
    server = await start();
  });

  const get = (target: string, as = mockCredentials.user.header()) =>
    request(server).get(target).set('Authorization', as);

  it("reads an Argo CD source's history live, one request per call, newest first", async () => {
    const before = argocd.requests.get;
    const res = await get(path('data-ingestion'));
    expect(res.status).toBe(200);
    const body = res.body as RevisionsResponse;
    expect(body.applications).toHaveLength(1);
    const [app] = body.applications;
    expect(app).toMatchObject({ name: 'data-ingestion', source: 'argocd' });
    expect(app.history).toHaveLength(4);
    expect(app.history.map(h => h.id)).toEqual([4, 3, 2, 1]);
    expect(app.history.map(h => h.deployedAt)).toEqual([
      '2026-11-21T10:01:30Z',
      '2026-11-20T10:01:30Z',
      '2026-11-19T10:01:30Z',
      '2026-11-18T10:01:30Z',
    ]);
    // The newest deployment is what runs now.
    expect(app.current).toMatch(/^[0-9a-f]{40}$/);
    expect(app.history[0].revision).toBe(app.current);
    expect(new Set(app.history.map(h => h.revision)).size).toBe(4);
    // Multi-source: one revision per source, and the source deployed.
    expect(app.history[1].revisions).toEqual([
      app.history[1].revision,
      app.history[1].revision,
    ]);
    expect(app.history[1].source?.path).toBe('data_ingestion');
    expect(argocd.requests.get).toBe(before + 1);

    // Live: a second call asks Argo CD again.
    await get(path('data-ingestion'));
    expect(argocd.requests.get).toBe(before + 2);
  });

  it("reads a cluster's Application with one list request", async () => {
    // Let the engine's own watch settle, so only our request counts.
    await get('/api/base-layer/waves');
    const before = cluster.requests.list;
    const res = await get(path('mlflow'));
    expect(res.status).toBe(200);
    const [app] = (res.body as RevisionsResponse).applications;
    expect(app).toMatchObject({ name: 'mlflow', source: 'platform-services' });
    expect(app.history).toHaveLength(3);
    expect(app.history[0].revision).toBe(app.current);
    expect(app.history[0].source?.path).toBe('platform-services/mlflow');
    expect(cluster.requests.list).toBe(before + 1);
  });

  it('answers 404 for an entity without applications and an unknown one', async () => {
    for (const name of ['no-apps', 'not-in-the-catalog']) {
      const res = await get(path(name));
      expect(res.status).toBe(404);
      expect(res.body.error.name).toBe('NotFoundError');
    }
  });

  it('answers 400 for a malformed entity reference', async () => {
    const res = await get(
      '/api/base-layer/entities/component/default/-bad/revisions',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('Invalid entity reference');
  });

  it('needs credentials and the read permission', async () => {
    const anonymous = await get(
      path('data-ingestion'),
      mockCredentials.none.header(),
    );
    expect(anonymous.status).toBe(401);
    const denied = await request(await start({ deny: true }))
      .get(path('data-ingestion'))
      .set('Authorization', mockCredentials.user.header());
    expect(denied.status).toBe(403);
  });

  it("answers 503 with the upstream's failure when Argo CD fails", async () => {
    await get(path('data-ingestion'));
    argocd.setFailure({ kind: 'status', status: 500 }, { times: 1 });
    const res = await get(path('data-ingestion'));
    expect(res.status).toBe(503);
    expect(res.body.error.name).toBe('ServiceUnavailableError');
    expect(res.body.error.message).toBe(
      "Argo CD 'argocd' answered 500 Internal Server Error",
    );
  });
});

import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityStatusResponse,
  WavesResponse,
} from '@internal/plugin-base-layer-common';
import request from 'supertest';
import { platformApplications, platformWaves } from './testUtils/applications';
import { baseLayerPlugin } from './plugin';
import {
  LoopbackArgoCd,
  LoopbackKubernetes,
  LoopbackTool,
  startLoopbackArgoCd,
  startLoopbackKubernetes,
  startLoopbackTool,
} from './testUtils';
import { component } from './__testUtils__/entities';

const entities: Entity[] = [
  component(
    'data-ingestion',
    {
      'base-layer.io/wave': '3',
      'base-layer.io/overlays': 'dev,prod',
      'base-layer.io/environments': 'dev',
      'base-layer.io/cluster': 'base-layer',
      'argocd/app-name': 'data-ingestion',
      'base-layer.io/airflow-dag-ids': 'data_ingestion_orchestrator',
      'base-layer.io/mlflow-experiment': 'data-ingestion',
      'grafana/dashboard-selector': "tags @> 'data-ingestion'",
    },
    {
      relations: [
        { type: 'dependsOn', targetRef: 'component:default/platform-ui' },
      ],
    },
  ),
  component(
    'platform-ui',
    { 'argocd/app-selector': 'app.kubernetes.io/part-of=workflow-apps' },
    { type: 'website' },
  ),
];

describe('baseLayerPlugin', () => {
  let cluster: LoopbackKubernetes;
  let argocd: LoopbackArgoCd;
  let tool: LoopbackTool;

  beforeAll(async () => {
    cluster = await startLoopbackKubernetes({
      applications: platformApplications.filter(
        a => a.metadata.namespace === 'argocd',
      ),
    });
    argocd = await startLoopbackArgoCd({
      applications: platformApplications.filter(
        a => a.metadata.namespace === 'argocd-apps',
      ),
    });
    tool = await startLoopbackTool();
  });
  afterAll(async () => {
    await Promise.all([cluster.stop(), argocd.stop(), tool.stop()]);
  });

  async function start(options: { deny?: boolean } = {}) {
    const { server } = await startTestBackend({
      features: [
        baseLayerPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            baseLayer: {
              waves: [...platformWaves].reverse(),
              requestTimeout: '2s',
              sources: {
                kubernetes: [
                  {
                    name: 'base-layer',
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
              tools: {
                dev: { airflow: tool.url, grafana: tool.url, mlflow: tool.url },
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
    return server;
  }

  const get = async (path: string, options: { deny?: boolean } = {}) =>
    request(await start(options))
      .get(`/api/base-layer${path}`)
      .set('Authorization', mockCredentials.user.header());

  it('answers /health without credentials', async () => {
    const res = await request(await start()).get('/api/base-layer/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('refuses every other route without credentials', async () => {
    const server = await start();
    for (const path of [
      '/waves',
      '/waves/0',
      '/entities/component/default/data-ingestion/status',
      '/entities/component/default/data-ingestion/history',
      '/history',
    ]) {
      const res = await request(server)
        .get(`/api/base-layer${path}`)
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    }
  });

  it('refuses a user without the read permission', async () => {
    const res = await get('/waves', { deny: true });
    expect(res.status).toBe(403);
  });

  it('serves every wave with its state, counts and applications', async () => {
    const res = await get('/waves');
    expect(res.status).toBe(200);
    const body = res.body as WavesResponse;
    expect(body.stale).toBe(false);
    expect(body.sources.map(s => [s.name, s.ok])).toEqual([
      ['base-layer', true],
      ['argocd', true],
    ]);
    expect(body.waves.map(w => [w.id, w.state, w.blockedBy])).toEqual([
      [0, 'Healthy', undefined],
      [1, 'Healthy', undefined],
      [2, 'Degraded', undefined],
      [3, 'Blocked', 2],
      [4, 'Blocked', 2],
    ]);
    const wave3 = body.waves[3];
    expect(wave3.reason).toBe('Wave 2 (Orchestration) is Degraded');
    expect(wave3.total).toBe(3);
    expect(wave3.counts.health).toEqual({ Healthy: 2, Unknown: 1 });
    const ingestion = wave3.applications.find(
      a => a.name === 'data-ingestion',
    )!;
    expect(ingestion.entityRef).toBe('component:default/data-ingestion');
    expect(ingestion.sources).toHaveLength(2);
    expect(body.unassigned?.map(a => a.name)).toEqual(['jupyter']);
    expect(body.violations).toEqual([
      {
        entityRef: 'component:default/data-ingestion',
        entityWave: 3,
        dependsOnRef: 'component:default/platform-ui',
        dependsOnWave: 4,
      },
    ]);
  });

  it('answers 400 for a malformed wave id and 404 for an unknown one', async () => {
    const bad = await get('/waves/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('InputError');
    expect(bad.body.error.message).toContain("Invalid wave id 'abc'");

    const missing = await get('/waves/9');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('Wave 9');

    const wave = await get('/waves/2');
    expect(wave.status).toBe(200);
    expect(wave.body.state).toBe('Degraded');
  });

  it('serves a module with its applications, links and tool health', async () => {
    const res = await get('/entities/component/default/data-ingestion/status');
    expect(res.status).toBe(200);
    const body = res.body as EntityStatusResponse;
    expect(body.wave).toBe(3);
    expect(body.waveName).toBe('BASE layer');
    expect(body.cluster).toBe('base-layer');
    expect(body.applications.map(a => a.name)).toEqual(['data-ingestion']);
    expect(body.links.map(l => l.url)).toEqual([
      `${tool.url}/#/experiments?searchFilter=name%20%3D%20'data-ingestion'`,
      `${tool.url}/dags/data_ingestion_orchestrator/grid`,
      `${tool.url}/dashboards?tag=data-ingestion`,
    ]);
    expect(
      body.tools.map(t => `${t.environment}/${t.tool}:${t.status}`),
    ).toEqual([
      'dev/argocd:not-configured',
      'dev/mlflow:up',
      'dev/airflow:up',
      'dev/grafana:up',
    ]);
  });

  it('answers 503, then 404 once the catalog has settled, for an entity unknown to the BASE layer, and 400 for a bad ref', async () => {
    const server = await start();
    const getNope = () =>
      request(server)
        .get('/api/base-layer/entities/component/default/nope/status')
        .set('Authorization', mockCredentials.user.header());
    // Until the catalog's entities have stayed the same for 15 s, an unknown
    // entity may be one the catalog is still ingesting.
    const early = await getNope();
    expect(early.status).toBe(503);
    expect(early.headers['retry-after']).toBe('1');
    expect(early.body.error.message).toMatch(/^catalog not loaded yet/);

    let missing = early;
    const deadline = Date.now() + 25_000;
    while (missing.status === 503 && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 500));
      missing = await getNope();
    }
    expect(missing.status).toBe(404);
    expect(missing.body.error.name).toBe('NotFoundError');
    expect(missing.headers['retry-after']).toBeUndefined();
    const bad = await get('/entities/component/default/a%20b/status');
    expect(bad.status).toBe(400);
  }, 40_000);

  it('records wave transitions and serves them with validated filters', async () => {
    const server = await start();
    const auth = mockCredentials.user.header();
    await request(server)
      .get('/api/base-layer/waves')
      .set('Authorization', auth);
    const res = await request(server)
      .get('/api/base-layer/history?wave=2&limit=5')
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ waveId: 2, from: null, to: 'Degraded' }),
    ]);
    for (const query of [
      'limit=0',
      'limit=x',
      'since=yesterday',
      'foo=1',
      'wave=-1',
    ]) {
      const bad = await request(server)
        .get(`/api/base-layer/history?${query}`)
        .set('Authorization', auth);
      expect(bad.status).toBe(400);
    }
  });
});

import path from 'node:path';
import {
  AuditorServiceCreateEventOptions,
  AuthService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { JsonObject } from '@backstage/types';
import {
  ActionResponse,
  WavesResponse,
} from '@internal/plugin-base-layer-common';
import permissionModuleBaseLayerPolicy from '@internal/plugin-permission-backend-module-base-layer';
import request from 'supertest';
import { baseLayerPlugin } from '../../plugin';
import { ArgoCdApplication } from '../sources/types';
import {
  buildApplication,
  LoopbackArgoCd,
  LoopbackKubernetes,
  startLoopbackArgoCd,
  startLoopbackKubernetes,
} from '../../testUtils';
import { LOOPBACK_SYNC_DURATION_MS } from '../../testUtils/loopbackActions';
import { eventually } from '../../__testUtils__/eventually';

/** The test users, each with its ownership refs: itself and its groups. */
const users = {
  admin: ['user:default/alice', 'group:default/admin'],
  // platform-team owns every fixture entity but mlflow (ml-team's).
  developer: [
    'user:default/bob',
    'group:default/developer',
    'group:default/platform-team',
  ],
  dataScientist: [
    'user:default/carol',
    'group:default/data-scientist',
    'group:default/ml-team',
  ],
  noRole: ['user:default/nora', 'group:default/platform-team'],
};
type TestUser = keyof typeof users;
const as = (user: TestUser) => mockCredentials.user.header(users[user][0]);

// The permission backend and the policy learn a user's groups from the user
// info service, as they would from a sign-in token's `ent` claim.
const userInfo = mockServices.userInfo.mock({
  async getUserInfo(credentials) {
    const ref = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    const refs = Object.values(users).find(r => r[0] === ref) ?? [ref];
    return { userEntityRef: ref, ownershipEntityRefs: refs };
  },
});

/**
 * The mock auth service, except that a token made on behalf of a user names
 * the plugin acting for it, as the real auth service's tokens do: the
 * permission backend evaluates catalog conditions only for such tokens.
 */
const actorAwareAuth = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    const ownToken = auth.getPluginRequestToken.bind(auth);
    const getPluginRequestToken: AuthService['getPluginRequestToken'] =
      async options => {
        if (!auth.isPrincipal(options.onBehalfOf, 'user')) {
          return ownToken(options);
        }
        const { userEntityRef } = options.onBehalfOf.principal;
        return {
          token: mockCredentials.user.token(userEntityRef, {
            actor: { subject: `plugin:${plugin.getId()}` },
          }),
        };
      };
    return Object.assign(auth, { getPluginRequestToken });
  },
});

/** Audit events, with how each ended. */
const events: Array<{
  options: AuditorServiceCreateEventOptions;
  outcome?: {
    status: 'succeeded' | 'failed';
    meta?: JsonObject;
    error?: Error;
  };
}> = [];
const auditor = mockServices.auditor.mock({
  async createEvent(options) {
    const event: (typeof events)[number] = { options };
    events.push(event);
    return {
      async success(o) {
        event.outcome = { status: 'succeeded', meta: o?.meta };
      },
      async fail(o) {
        event.outcome = { status: 'failed', meta: o.meta, error: o.error };
      },
    };
  },
});

const SHA = '3f2c9a1e8b7d6c5a4f3e2d1c0b9a8f7e6d5c4b3a';
const requestedBy = (user: TestUser) => [
  { name: 'Requested by', value: `${users[user][0]} (Backstage)` },
];

/** Argo CD's applications: wave 0 Healthy, two of wave 2 OutOfSync, 20 in wave 4. */
const argoCdApplications = () => [
  buildApplication({ name: 'vault', wave: 0 }),
  buildApplication({ name: 'airflow', wave: 2, sync: 'OutOfSync' }),
  buildApplication({
    name: 'data-ingestion',
    wave: 2,
    multiSource: true,
    sync: 'OutOfSync',
    health: 'Progressing',
  }),
  ...Array.from({ length: 20 }, (_, i) =>
    buildApplication({ name: `bulk-${i}`, wave: 4, sync: 'OutOfSync' }),
  ),
];
/** The cluster's: wave 1 (monitoring) Healthy or Degraded, mlflow of wave 2 Missing. */
const clusterApplications = (monitoring: 'Healthy' | 'Degraded') => [
  buildApplication({ name: 'monitoring', wave: 1, health: monitoring }),
  buildApplication({
    name: 'mlflow',
    wave: 2,
    sync: 'OutOfSync',
    health: 'Missing',
  }),
];

jest.setTimeout(60_000);

describe('rollout actions, decided by the base-layer policy on catalog ownership', () => {
  let argocd: LoopbackArgoCd;
  let cluster: LoopbackKubernetes;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const mockDir = createMockDirectory();

  const post = (user: TestUser, url: string, body?: object) => {
    const req = request(server)
      .post(`/api/base-layer${url}`)
      .set('Authorization', as(user));
    return body === undefined ? req : req.send(body);
  };
  const upstreamCalls = () =>
    argocd.actions.requests.length + cluster.actions.requests.length;

  /** Resets the upstreams and waits until the served status shows it. */
  async function setUp(gate: 'open' | 'closed') {
    argocd.actions.setFailure(undefined);
    cluster.actions.setFailure(undefined);
    argocd.actions.setLatency(0);
    argocd.setApplications(argoCdApplications());
    for (const app of clusterApplications(
      gate === 'open' ? 'Healthy' : 'Degraded',
    )) {
      cluster.upsert(app);
    }
    // A refresh through Argo CD makes the engine re-read it at once.
    await post('admin', '/entities/component/default/vault/refresh');
    await eventually(async () => {
      const res = await request(server)
        .get('/api/base-layer/waves')
        .set('Authorization', as('admin'));
      const waves = (res.body as WavesResponse).waves;
      const wave = (id: number) => waves.find(w => w.id === id)!;
      expect(wave(1).state).toBe(gate === 'open' ? 'Healthy' : 'Degraded');
      expect(
        wave(2).applications.map(a => [a.name, a.sync, a.operationPhase]),
      ).toEqual(
        expect.arrayContaining([
          ['airflow', 'OutOfSync', 'Succeeded'],
          ['data-ingestion', 'OutOfSync', 'Succeeded'],
          ['mlflow', 'OutOfSync', 'Succeeded'],
        ]),
      );
      expect(wave(2).applications.every(a => a.entityRef)).toBe(true);
    }, 20_000);
    argocd.actions.reset();
    cluster.actions.reset();
    events.length = 0;
  }

  beforeAll(async () => {
    argocd = await startLoopbackArgoCd({ applications: argoCdApplications() });
    cluster = await startLoopbackKubernetes({
      applications: clusterApplications('Healthy'),
    });
    mockDir.setContent({
      'legacy.yaml': JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          buildApplication({
            name: 'legacy-report',
            wave: 3,
            sync: 'OutOfSync',
          }),
        ],
      }),
    });
    ({ server } = await startTestBackend({
      features: [
        baseLayerPlugin,
        permissionPlugin,
        permissionModuleBaseLayerPolicy,
        catalogPlugin,
        userInfo.factory,
        auditor.factory,
        actorAwareAuth,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            catalog: {
              rules: [{ allow: ['Component', 'Location'] }],
              locations: [
                {
                  type: 'file',
                  target: path.resolve(__dirname, '__fixtures__/catalog.yaml'),
                },
              ],
            },
            baseLayer: {
              roles: {
                admin: ['group:default/admin'],
                developer: ['group:default/developer'],
                'data-scientist': ['group:default/data-scientist'],
              },
              waves: [
                { id: 0, name: 'Core services' },
                { id: 1, name: 'Shared services' },
                { id: 2, name: 'Orchestration' },
                { id: 3, name: 'BASE layer' },
                { id: 4, name: 'Applications' },
              ],
              refreshInterval: '1s',
              catalogRefreshInterval: '1s',
              requestTimeout: '1s',
              sources: {
                argocd: [
                  { name: 'argocd', url: argocd.url, token: argocd.token },
                ],
                kubernetes: [
                  {
                    name: 'base-layer',
                    url: cluster.url,
                    token: cluster.token,
                    skipTLSVerify: true,
                  },
                ],
                snapshots: [
                  { name: 'snapshot', paths: [mockDir.resolve('legacy.yaml')] },
                ],
              },
            },
          },
        }),
      ],
    }));
    // The catalog ingests the fixture; the engine then matches every app.
    await eventually(async () => {
      const res = await request(server)
        .get('/api/base-layer/entities/component/default/legacy-report/status')
        .set('Authorization', as('admin'));
      if (res.status !== 200 || res.body.applications.length !== 1) {
        throw new Error(`Not matched yet: ${JSON.stringify(res.body)}`);
      }
    }, 40_000);
  });

  afterAll(async () => {
    await Promise.all([argocd?.stop(), cluster?.stop()]);
  });

  describe('POST /entities/:kind/:namespace/:name/refresh', () => {
    beforeEach(() => setUp('closed'));

    it.each<TestUser>(['admin', 'developer', 'dataScientist'])(
      'lets %s refresh airflow, even behind a Degraded wave: one GET ?refresh=normal',
      async user => {
        const res = await post(
          user,
          '/entities/component/default/airflow/refresh',
        );
        expect(res.status).toBe(200);
        expect(res.body).toEqual<ActionResponse>({
          action: 'refresh',
          target: { entityRef: 'component:default/airflow' },
          force: false,
          results: [
            {
              name: 'airflow',
              namespace: 'argocd',
              source: 'argocd',
              entityRef: 'component:default/airflow',
              wave: 2,
              result: 'ok',
              upstreamStatus: 200,
            },
          ],
        });
        expect(argocd.actions.requests).toEqual([
          {
            method: 'GET',
            path: '/api/v1/applications/airflow',
            query: { refresh: 'normal', appNamespace: 'argocd' },
          },
        ]);
      },
    );

    it('refreshes a cluster application by a merge patch of the refresh annotation', async () => {
      const res = await post(
        'developer',
        '/entities/component/default/monitoring/refresh',
      );
      expect(res.status).toBe(200);
      expect(cluster.actions.requests).toEqual([
        {
          method: 'PATCH',
          path: '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/monitoring',
          query: {},
          contentType: 'application/merge-patch+json',
          body: {
            metadata: {
              annotations: { 'argocd.argoproj.io/refresh': 'normal' },
            },
          },
        },
      ]);
    });

    it.each<[TestUser, string]>([
      ['developer', 'mlflow'],
      ['noRole', 'airflow'],
    ])(
      'refuses %s refreshing %s with 403, calling nothing',
      async (user, name) => {
        const res = await post(
          user,
          `/entities/component/default/${name}/refresh`,
        );
        expect(res.status).toBe(403);
        expect(res.body.error.denied).toEqual([`component:default/${name}`]);
        expect(upstreamCalls()).toBe(0);
      },
    );

    it('answers 409 for an application of a snapshot source, calling nothing', async () => {
      const res = await post(
        'admin',
        '/entities/component/default/legacy-report/refresh',
      );
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/^read-only source snapshot/);
      expect(upstreamCalls()).toBe(0);
    });

    it('answers 404 naming an entity without applications', async () => {
      const res = await post(
        'admin',
        '/entities/component/default/nothing/refresh',
      );
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain('component:default/nothing');
    });
  });

  describe('POST /entities/:kind/:namespace/:name/sync, wave 1 Healthy', () => {
    beforeEach(() => setUp('open'));

    it.each<TestUser>(['admin', 'developer'])(
      'lets %s sync airflow: one POST .../sync with the ApplicationSyncRequest',
      async user => {
        const res = await post(
          user,
          '/entities/component/default/airflow/sync',
          {},
        );
        expect(res.status).toBe(200);
        expect(res.body.results).toEqual([
          expect.objectContaining({ name: 'airflow', result: 'ok' }),
        ]);
        expect(argocd.actions.requests).toEqual([
          {
            method: 'POST',
            path: '/api/v1/applications/airflow/sync',
            query: {},
            contentType: 'application/json',
            body: {
              name: 'airflow',
              appNamespace: 'argocd',
              prune: false,
              infos: requestedBy(user),
            },
          },
        ]);
      },
    );

    it.each<[TestUser, string]>([
      ['developer', 'mlflow'],
      ['dataScientist', 'airflow'],
      ['dataScientist', 'mlflow'],
      ['noRole', 'airflow'],
    ])(
      'refuses %s syncing %s with 403, calling nothing',
      async (user, name) => {
        const res = await post(
          user,
          `/entities/component/default/${name}/sync`,
          {},
        );
        expect(res.status).toBe(403);
        expect(upstreamCalls()).toBe(0);
      },
    );

    it('syncs a multi-source application to a revision on each Git source, pruning', async () => {
      const res = await post(
        'developer',
        '/entities/component/default/data-ingestion/sync',
        {
          revision: 'release/1.4',
          prune: true,
        },
      );
      expect(res.status).toBe(200);
      expect(argocd.actions.requests.map(r => r.body)).toEqual([
        {
          name: 'data-ingestion',
          appNamespace: 'argocd',
          revisions: ['release/1.4', 'release/1.4'],
          sourcePositions: [1, 2],
          prune: true,
          infos: requestedBy('developer'),
        },
      ]);
    });

    it('syncs a cluster application by a merge patch of its operation', async () => {
      const res = await post(
        'admin',
        '/entities/component/default/mlflow/sync',
        {
          revision: SHA,
        },
      );
      expect(res.status).toBe(200);
      expect(cluster.actions.requests).toEqual([
        {
          method: 'PATCH',
          path: '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/mlflow',
          query: {},
          contentType: 'application/merge-patch+json',
          body: {
            metadata: { resourceVersion: expect.stringMatching(/^\d+$/) },
            operation: {
              initiatedBy: { username: 'user:default/alice' },
              info: requestedBy('admin'),
              sync: { revision: SHA, prune: false, syncStrategy: { hook: {} } },
            },
          },
        },
      ]);
      // The controller runs it, and the watch brings the result.
      await eventually(async () => {
        const status = await request(server)
          .get('/api/base-layer/entities/component/default/mlflow/status')
          .set('Authorization', as('admin'));
        expect(status.body.applications[0]).toMatchObject({
          sync: 'Synced',
          health: 'Healthy',
          operationPhase: 'Succeeded',
          revision: SHA,
        });
      }, 10_000);
    });

    it('refuses a cluster sync while an operation is pending, as Argo CD does, and patches nothing', async () => {
      cluster.upsert({
        ...buildApplication({
          name: 'mlflow',
          wave: 2,
          sync: 'OutOfSync',
          health: 'Missing',
        }),
        operation: {
          initiatedBy: { username: 'someone-else' },
          sync: { revision: 'main' },
        },
      } as ArgoCdApplication);
      const res = await post(
        'admin',
        '/entities/component/default/mlflow/sync',
      );
      expect(res.status).toBe(502);
      expect(res.body.error.results).toEqual([
        expect.objectContaining({
          name: 'mlflow',
          result: 'failed',
          upstreamStatus: 409,
          message: expect.stringContaining(
            'another operation is already in progress',
          ),
        }),
      ]);
      expect(cluster.actions.requests).toEqual([]);
    });

    it('audits an allowed sync with who, what, which apps and the result', async () => {
      await post('developer', '/entities/component/default/airflow/sync', {
        prune: true,
      });
      expect(events).toHaveLength(1);
      expect(events[0].options.eventId).toBe('application-sync');
      expect(events[0].options.request).toBeDefined();
      expect(events[0].outcome).toEqual({
        status: 'succeeded',
        meta: expect.objectContaining({
          action: 'sync',
          entityRef: 'component:default/airflow',
          force: false,
          prune: true,
          result: 'ok',
          applications: [
            expect.objectContaining({ name: 'airflow', result: 'ok' }),
          ],
        }),
      });
    });

    it("records a sync it started in the module's history, and a refused one nowhere", async () => {
      const history = async (name: string) =>
        (
          await request(server)
            .get(`/api/base-layer/entities/component/default/${name}/history`)
            .set('Authorization', as('admin'))
        ).body.items as Array<{ requested?: object }>;
      const before = (await history('airflow')).length;
      await post('developer', '/entities/component/default/airflow/sync', {});
      const items = await history('airflow');
      expect(items).toHaveLength(before + 1);
      expect(items[0]).toMatchObject({
        name: 'airflow',
        requested: { action: 'sync', by: users.developer[0] },
      });
      expect(items[0].requested).not.toHaveProperty('force');

      const mlflowBefore = (await history('mlflow')).length;
      expect(
        (await post('developer', '/entities/component/default/mlflow/sync', {}))
          .status,
      ).toBe(403);
      expect(await history('mlflow')).toHaveLength(mlflowBefore);
    });

    it('audits a denied sync with the apps it was about', async () => {
      await post('developer', '/entities/component/default/mlflow/sync', {});
      expect(events[0].outcome).toEqual({
        status: 'failed',
        error: expect.objectContaining({ name: 'NotAllowedError' }),
        meta: expect.objectContaining({
          result: 'denied',
          applications: [expect.objectContaining({ name: 'mlflow' })],
        }),
      });
    });
  });

  describe('the wave gate: wave 1 Degraded', () => {
    beforeEach(() => setUp('closed'));

    it.each<TestUser>(['admin', 'developer'])(
      'refuses %s syncing airflow (wave 2) with 409 naming wave 1 and why, calling nothing',
      async user => {
        const res = await post(
          user,
          '/entities/component/default/airflow/sync',
          {},
        );
        expect(res.status).toBe(409);
        expect(res.body.error.gate).toEqual({
          wave: 2,
          blockingWave: {
            id: 1,
            name: 'Shared services',
            state: 'Degraded',
            reason: 'Degraded: monitoring',
          },
          causes: [
            {
              id: 1,
              name: 'Shared services',
              state: 'Degraded',
              reason: 'Degraded: monitoring',
            },
          ],
        });
        expect(res.body.error.message).toContain('gated by wave 1');
        expect(upstreamCalls()).toBe(0);
      },
    );

    it('lets an admin force the sync past the gate, audited as forced', async () => {
      const res = await post(
        'admin',
        '/entities/component/default/airflow/sync',
        {
          force: true,
        },
      );
      expect(res.status).toBe(200);
      expect(res.body.force).toBe(true);
      expect(argocd.actions.requests).toHaveLength(1);
      expect(events[0].outcome?.meta).toMatchObject({
        force: true,
        result: 'ok',
      });
    });

    it("refuses a developer's force with 403, even on its own entity, calling nothing", async () => {
      const res = await post(
        'developer',
        '/entities/component/default/airflow/sync',
        {
          force: true,
        },
      );
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('base-layer.wave.force');
      expect(upstreamCalls()).toBe(0);
    });

    it('syncs wave 1 itself: nothing earlier is unhealthy', async () => {
      const res = await post('developer', '/waves/1/sync', {});
      expect(res.status).toBe(200);
      expect(res.body.results.map((r: { name: string }) => r.name)).toEqual([
        'monitoring',
      ]);
    });
  });

  describe('POST /waves/:id/sync', () => {
    beforeEach(() => setUp('open'));

    it('syncs every application of the wave that is not Synced and Healthy, one request each', async () => {
      const res = await post('admin', '/waves/2/sync', { prune: true });
      expect(res.status).toBe(200);
      expect(res.body.target).toEqual({ waveId: 2 });
      expect(
        res.body.results.map((r: { name: string; result: string }) => [
          r.name,
          r.result,
        ]),
      ).toEqual(
        expect.arrayContaining([
          ['airflow', 'ok'],
          ['data-ingestion', 'ok'],
          ['mlflow', 'ok'],
        ]),
      );
      expect(argocd.actions.requests.map(r => [r.method, r.path])).toEqual(
        expect.arrayContaining([
          ['POST', '/api/v1/applications/airflow/sync'],
          ['POST', '/api/v1/applications/data-ingestion/sync'],
        ]),
      );
      expect(argocd.actions.requests).toHaveLength(2);
      expect(cluster.actions.requests).toHaveLength(1);
    });

    it('lets a developer sync a wave whose every entity its team owns', async () => {
      const res = await post('developer', '/waves/1/sync', {});
      expect(res.status).toBe(200);
      // monitoring is Synced and Healthy: nothing to do.
      expect(res.body.results).toEqual([]);
      expect(upstreamCalls()).toBe(0);
    });

    it('refuses the whole wave to a developer who does not own mlflow, naming it, calling nothing', async () => {
      const res = await post('developer', '/waves/2/sync', {});
      expect(res.status).toBe(403);
      expect(res.body.error.denied).toEqual(['component:default/mlflow']);
      expect(res.body.error.message).toContain('component:default/mlflow');
      expect(upstreamCalls()).toBe(0);
    });

    it('refuses a data scientist with 403', async () => {
      const res = await post('dataScientist', '/waves/2/sync', {});
      expect(res.status).toBe(403);
      expect(upstreamCalls()).toBe(0);
    });

    it('answers 409 for a wave holding an application of a snapshot source, calling nothing', async () => {
      const res = await post('admin', '/waves/3/sync', { force: true });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/^read-only source snapshot/);
      expect(upstreamCalls()).toBe(0);
    });

    it('answers 404 for a wave that does not exist', async () => {
      const res = await post('admin', '/waves/9/sync', {});
      expect(res.status).toBe(404);
    });

    it('keeps at most 5 syncs in flight', async () => {
      argocd.actions.setLatency(50);
      // Wave 4 is behind wave 2, which is Progressing: forced.
      const res = await post('admin', '/waves/4/sync', { force: true });
      expect(res.status).toBe(200);
      expect(res.body.results).toHaveLength(20);
      expect(argocd.actions.requests).toHaveLength(20);
      expect(argocd.actions.peakInFlight).toBe(5);
    });

    it('refuses a developer the applications no entity claims (wave 4)', async () => {
      const res = await post('developer', '/waves/4/sync', {});
      expect(res.status).toBe(403);
      expect(res.body.error.denied).toContain('application argocd/bulk-0');
      expect(upstreamCalls()).toBe(0);
    });
  });

  describe('bad input: 400 naming the field, calling nothing', () => {
    beforeAll(() => setUp('open'));

    it.each<[string, string, object, string]>([
      [
        'an unknown field',
        '/entities/component/default/airflow/sync',
        { revison: 'main' },
        "unknown field 'revison'",
      ],
      [
        'prune not a boolean',
        '/entities/component/default/airflow/sync',
        { prune: 'yes' },
        'prune: must be a boolean',
      ],
      [
        'force not a boolean',
        '/entities/component/default/airflow/sync',
        { force: 1 },
        'force: must be a boolean',
      ],
      [
        'revision not a string',
        '/entities/component/default/airflow/sync',
        { revision: 42 },
        'revision: must be a string',
      ],
      [
        'an empty revision',
        '/entities/component/default/airflow/sync',
        { revision: '' },
        'revision: must not be empty',
      ],
      [
        'a revision with ..',
        '/entities/component/default/airflow/sync',
        { revision: 'main..dev' },
        "revision: must be a commit SHA (7 to 40 hex characters), a tag or a branch name: must not contain '..'",
      ],
      [
        'a revision with a space',
        '/entities/component/default/airflow/sync',
        { revision: 'my branch' },
        'revision: must be a commit SHA',
      ],
      [
        'a revision starting with -',
        '/entities/component/default/airflow/sync',
        { revision: '--upload-pack=x' },
        "must not start with '-'",
      ],
      [
        'a revision part starting with .',
        '/entities/component/default/airflow/sync',
        { revision: 'feature/.hidden' },
        "a part starting with '.'",
      ],
      [
        'a revision ending in .lock',
        '/entities/component/default/airflow/sync',
        { revision: 'main.lock' },
        ".lock'",
      ],
      [
        'a revision with @{',
        '/entities/component/default/airflow/sync',
        { revision: 'main@{1}' },
        "'@{'",
      ],
      [
        'a revision over 250 characters',
        '/entities/component/default/airflow/sync',
        { revision: 'a'.repeat(300) },
        'at most 250',
      ],
      [
        'a revision on a wave sync',
        '/waves/2/sync',
        { revision: SHA },
        "unknown field 'revision'",
      ],
      [
        'a wave id that is not a number',
        '/waves/two/sync',
        {},
        'id: must be a non-negative integer',
      ],
      [
        'a body on a refresh',
        '/entities/component/default/airflow/refresh',
        { force: true },
        "unknown field 'force'",
      ],
    ])('%s', async (_, url, body, message) => {
      const res = await post('admin', url, body);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(message);
      expect(upstreamCalls()).toBe(0);
    });

    it('accepts a short commit SHA, a tag and a branch', async () => {
      for (const revision of [
        '3f2c9a1',
        'v1.4.0',
        'feature/new-overlay',
        'HEAD',
      ]) {
        const res = await post(
          'admin',
          '/entities/component/default/airflow/sync',
          {
            revision,
          },
        );
        expect(res.status).toBe(200);
        // Argo CD refuses a sync while the last one runs.
        await new Promise(resolve =>
          setTimeout(resolve, 3 * LOOPBACK_SYNC_DURATION_MS),
        );
      }
    });
  });

  describe('upstream failures: 502, never success', () => {
    beforeEach(() => setUp('open'));

    it("answers 502 with Argo CD's status and message", async () => {
      argocd.actions.setFailure({
        status: 500,
        message: 'rpc error: code = Unknown desc = repository not accessible',
      });
      const res = await post(
        'admin',
        '/entities/component/default/airflow/sync',
        {},
      );
      expect(res.status).toBe(502);
      expect(res.body.error.name).toBe('RolloutActionFailedError');
      expect(res.body.error.results).toEqual([
        expect.objectContaining({
          name: 'airflow',
          result: 'failed',
          upstreamStatus: 500,
          message:
            "Argo CD 'argocd' answered 500: rpc error: code = Unknown desc = repository not accessible",
        }),
      ]);
      expect(events[0].outcome).toMatchObject({
        status: 'failed',
        meta: { result: 'failed' },
      });
    });

    it("answers 502 with the cluster's status and message", async () => {
      // A sync already running: Argo CD's own refusal, passed on.
      cluster.actions.setFailure({
        status: 403,
        message: 'applications.argoproj.io "mlflow" is forbidden',
      });
      const res = await post(
        'admin',
        '/entities/component/default/mlflow/sync',
        {},
      );
      cluster.actions.setFailure(undefined);
      expect(res.status).toBe(502);
      expect(res.body.error.results[0]).toMatchObject({
        result: 'failed',
        upstreamStatus: 403,
        message:
          'Kubernetes cluster \'base-layer\' answered 403: applications.argoproj.io "mlflow" is forbidden',
      });
    });

    it('answers 502 when Argo CD does not answer in time', async () => {
      argocd.actions.setFailure('hang');
      const res = await post(
        'admin',
        '/entities/component/default/airflow/refresh',
      );
      argocd.actions.setFailure(undefined);
      expect(res.status).toBe(502);
      expect(res.body.error.results[0]).toMatchObject({
        result: 'failed',
        message: "Argo CD 'argocd' did not answer within 1000 ms",
      });
      expect(res.body.error.results[0].upstreamStatus).toBeUndefined();
    });

    it('reports each application of a wave, failed and succeeded, in the 502', async () => {
      argocd.actions.setFailure({ status: 500, message: 'boom' });
      const res = await post('admin', '/waves/2/sync', {});
      argocd.actions.setFailure(undefined);
      expect(res.status).toBe(502);
      expect(
        res.body.error.results.map((r: { name: string; result: string }) => [
          r.name,
          r.result,
        ]),
      ).toEqual(
        expect.arrayContaining([
          ['airflow', 'failed'],
          ['data-ingestion', 'failed'],
          ['mlflow', 'ok'],
        ]),
      );
    });
  });

  it('refuses an action without credentials', async () => {
    argocd.actions.reset();
    cluster.actions.reset();
    const res = await request(server)
      .post('/api/base-layer/waves/2/sync')
      .set('Authorization', mockCredentials.none.header())
      .send({});
    expect(res.status).toBe(401);
    expect(upstreamCalls()).toBe(0);
  });
});

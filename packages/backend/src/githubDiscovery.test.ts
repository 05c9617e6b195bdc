import { readFileSync } from 'node:fs';
import path from 'node:path';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import githubCatalogModule from '@backstage/plugin-catalog-backend-module-github';
import baseLayerPlugin from '@internal/plugin-base-layer-backend';
import catalogModuleBaseLayer from '@internal/plugin-catalog-backend-module-base-layer';
import {
  buildApplication,
  LoopbackArgoCd,
  startLoopbackArgoCd,
} from '@internal/plugin-base-layer-backend/testUtils';
import { LoopbackGithub } from '@internal/plugin-scaffolder-backend-module-base-layer/testUtils';
import { JsonObject } from '@backstage/config';
import { Client } from 'pg';
import { parse, parseAllDocuments } from 'yaml';
import { baseLayerConfig } from './__testUtils__/baseLayerConfig';
import { loadConfig } from './__testUtils__/loadConfig';

/**
 * Issue 13: a merged module reaches the catalog. A BASE module is merged onto
 * main of a loopback GitOps repo (vsem-svoim/base-app-layer, speaking
 * GitHub's GraphQL and REST APIs, counting requests); the real catalog
 * backend, with the GitHub module and app-config.production.yaml's
 * `catalog.providers` unchanged (only the github.com integration's apiBaseUrl
 * points at the loopback), discovers `<module_dir>/catalog-info.yaml`, and the
 * BASE layer engine matches the module's Argo CD Application to it, the wave
 * coming from the entity. A module merged later arrives without a restart; a
 * module removed from the repo leaves the catalog. And the whole loop in one
 * backend: the Create BASE module template opens its pull request on the
 * loopback, and the entity it generated reaches the catalog once merged.
 */

const ROOT = path.resolve(__dirname, '../../..');
const OWNER = 'vsem-svoim';
const REPO = 'base-app-layer';

/** `catalog.providers` exactly as production configures it. */
const productionProviders = parse(
  readFileSync(path.join(ROOT, 'app-config.production.yaml'), 'utf8'),
).catalog.providers;
const providerId = Object.keys(productionProviders.github)[0];
const PROVIDER_TASK = `github-provider:${providerId}:refresh`;

/**
 * PostgreSQL, as in production: the catalog's and the scheduler's tables in
 * one database per plugin, under a prefix of this run, dropped afterwards.
 * scripts/services.sh sets the variable; without it, SQLite in memory.
 */
const POSTGRES_VARIABLE =
  'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
const postgres = process.env[POSTGRES_VARIABLE];
const DATABASE_PREFIX = `github_discovery_${Date.now()}_`;

async function dropDatabases(connectionString: string) {
  const client = new Client({ connectionString, database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${DATABASE_PREFIX}%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  if (postgres) {
    await dropDatabases(postgres);
  }
});

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(250);
  }
}

/** data-ingestion's entity in catalog/base-modules.yaml, as YAML text. */
const templateModule = parseAllDocuments(
  readFileSync(path.join(ROOT, 'catalog/base-modules.yaml'), 'utf8'),
)
  .find(d => d.toJS()?.metadata?.name === 'data-ingestion')!
  .toString();

/**
 * Merges a BASE module onto main of the GitOps repo, laid out as the Create
 * BASE module template lays it out: its manifests and its catalog entity, in
 * the shape of catalog/base-modules.yaml's, in `<module_dir>/`.
 */
function mergeModule(github: LoopbackGithub, name: string) {
  const dir = name.replace(/-/g, '_');
  const text = templateModule
    .replaceAll('data-ingestion', name)
    .replaceAll('data_ingestion', dir);
  const entityPath = `${dir}/catalog-info.yaml`;
  github.push(
    {
      [entityPath]: text,
      [`${dir}/deployment.yaml`]: `kind: Deployment\nmetadata:\n  name: ${name}\n`,
    },
    `Merge pull request: Add BASE module ${name}`,
  );
  return { entityPath, entity: parse(text) };
}

/**
 * Starts the real catalog backend with the GitHub module, production's
 * `catalog.providers` and BASE layer validator, and the BASE layer engine,
 * on PostgreSQL when there is one. GitHub is the loopback, behind the
 * github.com integration.
 */
async function startDiscoveryBackend(options: {
  github: LoopbackGithub;
  argocd: LoopbackArgoCd;
  /** Another database prefix per backend of this file. */
  databasePrefix: string;
  features?: Parameters<typeof startTestBackend>[0]['features'];
  config?: (defaults: JsonObject) => JsonObject;
}) {
  const { github, argocd, databasePrefix } = options;
  if (!postgres) {
    process.stderr.write(
      `WARNING: ${POSTGRES_VARIABLE} is not set: GitHub discovery is tested on SQLite, not PostgreSQL (scripts/services.sh sets it)\n`,
    );
  }
  const defaults: JsonObject = {
    ...(postgres && {
      backend: {
        database: {
          client: 'pg',
          connection: postgres,
          prefix: `${DATABASE_PREFIX}${databasePrefix}`,
        },
      },
    }),
    integrations: {
      // github.com, as in app-config.yaml; only its API is the loopback.
      github: [
        {
          host: 'github.com',
          apiBaseUrl: github.apiBaseUrl,
          token: 'loopback-token',
        },
      ],
    },
    catalog: {
      processingInterval: { seconds: 1 },
      rules: [{ allow: ['Component', 'System', 'Location', 'Group'] }],
      providers: productionProviders,
    },
    baseLayer: baseLayerConfig(argocd),
  };
  const backend = await startTestBackend({
    features: [
      ...(postgres ? [databaseServiceFactory] : []),
      catalogPlugin,
      githubCatalogModule,
      // The BASE layer validator of production's catalog: a merged module
      // must pass it to be ingested.
      catalogModuleBaseLayer,
      baseLayerPlugin,
      schedulerServiceFactory,
      ...(options.features ?? []),
      mockServices.rootConfig.factory({
        data: options.config?.(defaults) ?? defaults,
      }),
    ],
  });
  const { port } = backend.server.address() as { port: number };
  const get = (route: string, init: RequestInit = {}) =>
    fetch(`http://localhost:${port}/api/${route}`, {
      ...init,
      headers: {
        authorization: mockCredentials.user.header(),
        'content-type': 'application/json',
      },
    });
  return {
    backend,
    get,
    async catalogEntity(name: string) {
      const res = await get(
        `catalog/entities/by-name/component/default/${name}`,
      );
      return res.status === 200 ? res.json() : undefined;
    },
    async triggerDiscovery() {
      const res = await get(
        `catalog/.backstage/scheduler/v1/tasks/${encodeURIComponent(
          PROVIDER_TASK,
        )}/trigger`,
        { method: 'POST' },
      );
      expect(res.status).toBe(200);
    },
    /** What the discovery read from the GitOps repo. */
    discoveryReads: () =>
      github.requests.filter(r =>
        /^(POST \/graphql|GET .*\/(commits\/[^/]+\/status|git\/trees\/|git\/blobs\/))/.test(
          r,
        ),
      ),
  };
}

describe('merged BASE modules reach the catalog through GitHub discovery', () => {
  jest.setTimeout(180_000);
  let github: LoopbackGithub;
  let argocd: LoopbackArgoCd;
  let discovery: Awaited<ReturnType<typeof startDiscoveryBackend>>;
  let marketData: ReturnType<typeof mergeModule>;
  const get = (route: string, init?: RequestInit) => discovery.get(route, init);
  const catalogEntity = (name: string) => discovery.catalogEntity(name);
  beforeAll(async () => {
    github = new LoopbackGithub(OWNER, REPO, {
      'README.md': '# base-app-layer',
    });
    await github.start();
    marketData = mergeModule(github, 'market-data');

    // Argo CD has the merged module's Application, with no wave of its own:
    // its wave can only come from the discovered entity.
    argocd = await startLoopbackArgoCd({
      applications: [
        buildApplication({
          name: marketData.entity.metadata.annotations['argocd/app-name'],
          waveAs: 'none',
          sync: 'Synced',
          health: 'Healthy',
        }),
      ],
    });

    discovery = await startDiscoveryBackend({
      github,
      argocd,
      databasePrefix: 'merged_',
    });
  });

  afterAll(async () => {
    await discovery?.backend.stop();
    await Promise.allSettled([github?.stop(), argocd?.stop()]);
  });

  it('schedules the discovery as production configures it', async () => {
    const { tasks } = await (
      await get('catalog/.backstage/scheduler/v1/tasks')
    ).json();
    expect(tasks.find((t: any) => t.taskId === PROVIDER_TASK)).toMatchObject({
      taskId: PROVIDER_TASK,
      settings: { cadence: 'PT5M', timeoutAfterDuration: 'PT3M' },
    });
  });

  it('ingests the merged module and matches its Argo CD application, wave from the entity', async () => {
    const entity = await waitFor('market-data in the catalog', () =>
      catalogEntity('market-data'),
    );
    expect(entity.metadata.annotations).toMatchObject(
      marketData.entity.metadata.annotations,
    );
    // Read from the repo's main branch on github.com, by the integration.
    expect(
      entity.metadata.annotations['backstage.io/managed-by-location'],
    ).toBe(
      `url:https://github.com/${OWNER}/${REPO}/tree/main/${marketData.entityPath}`,
    );
    // The provider listed the owner's repositories and the catalog read the
    // repo's tree and the entity's blob, all from the loopback.
    expect(discovery.discoveryReads()).toEqual(
      expect.arrayContaining([
        'POST /graphql',
        expect.stringMatching(
          new RegExp(`^GET /repos/${OWNER}/${REPO}/commits/main/status$`),
        ),
        expect.stringMatching(/\/git\/trees\/[0-9a-f]{40}$/),
        expect.stringMatching(/\/git\/blobs\/[0-9a-f]{40}$/),
      ]),
    );

    const appName = marketData.entity.metadata.annotations['argocd/app-name'];
    const status = await waitFor('the module status', async () => {
      const res = await get(
        'base-layer/entities/component/default/market-data/status',
      );
      const body = res.status === 200 ? await res.json() : undefined;
      return body?.applications?.length ? body : undefined;
    });
    expect(status).toMatchObject({
      entityRef: 'component:default/market-data',
      wave: Number(
        marketData.entity.metadata.annotations['base-layer.io/wave'],
      ),
      waveName: 'BASE layer',
      applications: [
        expect.objectContaining({
          name: appName,
          entityRef: 'component:default/market-data',
          sync: 'Synced',
          health: 'Healthy',
        }),
      ],
    });
    expect(argocd.requests.list).toBeGreaterThan(0);
  });

  it('picks up a module merged later, without a restart', async () => {
    await waitFor('market-data in the catalog', () =>
      catalogEntity('market-data'),
    );
    expect(await catalogEntity('risk-scoring')).toBeUndefined();
    const before = discovery.discoveryReads().length;

    mergeModule(github, 'risk-scoring');
    await discovery.triggerDiscovery();

    const entity = await waitFor('risk-scoring in the catalog', () =>
      catalogEntity('risk-scoring'),
    );
    expect(entity.metadata.annotations['base-layer.io/module-path']).toBe(
      'risk_scoring',
    );
    expect(discovery.discoveryReads().length).toBeGreaterThan(before);
  });

  it('drops a module removed from the repo (orphaned, then deleted)', async () => {
    await waitFor('market-data in the catalog', () =>
      catalogEntity('market-data'),
    );
    github.remove([marketData.entityPath], 'Remove BASE module market-data');
    await discovery.triggerDiscovery();

    await waitFor(
      'market-data to leave the catalog',
      async () => ((await catalogEntity('market-data')) ? undefined : true),
      60_000,
    );
    // Only the removed module left.
    expect(await catalogEntity('risk-scoring')).toBeDefined();
  });
});

describe("the Create BASE module template's pull request, once merged", () => {
  jest.setTimeout(180_000);
  const GITOPS_REPO_URL = `github.com?owner=${OWNER}&repo=${REPO}`;
  let github: LoopbackGithub;
  let argocd: LoopbackArgoCd;
  let discovery: Awaited<ReturnType<typeof startDiscoveryBackend>>;

  beforeAll(async () => {
    github = new LoopbackGithub(OWNER, REPO, {
      'README.md': '# base-app-layer',
    });
    await github.start();
    argocd = await startLoopbackArgoCd({ applications: [] });
    // One backend as production runs it: the platform's catalog and
    // templates, the scaffolder with its GitHub module and our actions, and
    // the discovery, all reading the GitOps repo through github.com.
    discovery = await startDiscoveryBackend({
      github,
      argocd,
      databasePrefix: 'template_',
      features: [
        import(
          '@backstage/plugin-catalog-backend-module-scaffolder-entity-model'
        ),
        import('@backstage/plugin-scaffolder-backend'),
        import('@backstage/plugin-scaffolder-backend-module-github'),
        import('@internal/plugin-scaffolder-backend-module-base-layer'),
      ],
      config: defaults => {
        const local = parse(
          readFileSync(path.join(ROOT, 'app-config.yaml'), 'utf8'),
        );
        return {
          ...defaults,
          catalog: {
            ...(defaults.catalog as JsonObject),
            rules: local.catalog.rules,
            locations: [
              { type: 'file', target: path.join(ROOT, 'catalog/all.yaml') },
              {
                type: 'file',
                target: path.join(ROOT, 'templates/all.yaml'),
                rules: [{ allow: ['Template'] }],
              },
            ],
          },
          baseLayer: {
            ...(defaults.baseLayer as JsonObject),
            scaffolder: {
              ...local.baseLayer.scaffolder,
              gitops: { repoUrl: GITOPS_REPO_URL, branch: 'main' },
            },
          },
        };
      },
    });
  });

  afterAll(async () => {
    await discovery?.backend.stop();
    await Promise.allSettled([github?.stop(), argocd?.stop()]);
  });

  it('brings the module the template generated into the catalog, as the template wrote it', async () => {
    // The template, and what its validation looks up: the owner and the
    // components every module depends on.
    await Promise.all(
      [
        'template/default/create-base-module',
        'group/default/data-processing-team',
        'component/default/vault',
        'component/default/monitoring',
      ].map(ref =>
        waitFor(`${ref} in the catalog`, async () => {
          const res = await discovery.get(`catalog/entities/by-name/${ref}`);
          return res.status === 200 ? true : undefined;
        }),
      ),
    );
    const created = await discovery.get('scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({
        templateRef: 'template:default/create-base-module',
        values: {
          name: 'market-data',
          description: 'Normalises market data feeds',
          owner: 'group:default/data-processing-team',
          wave: 3,
          environments: ['aws', 'dev', 'prod'],
          devCpu: '100m',
          devMemory: '256Mi',
          prodCpu: '1',
          prodMemory: '2Gi',
          repoUrl: GITOPS_REPO_URL,
          branch: 'main',
        },
      }),
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const task = await waitFor('the scaffolder task', async () => {
      const body = await (
        await discovery.get(`scaffolder/v2/tasks/${id}`)
      ).json();
      return ['completed', 'failed', 'cancelled'].includes(body.status)
        ? body
        : undefined;
    });
    // The log is part of the expectation so that a failure shows why.
    const log =
      task.status === 'completed'
        ? []
        : (
            (await (
              await discovery.get(`scaffolder/v2/tasks/${id}/events`)
            ).json()) as any[]
          ).map(e => e.body?.message);
    expect({ status: task.status, log }).toEqual({
      status: 'completed',
      log: [],
    });

    // Not in the catalog while the pull request is open.
    const [pr] = github.pullRequests;
    const generated = parse(pr.files['market_data/catalog-info.yaml']);
    expect(generated.metadata.name).toBe('market-data');
    const reads = discovery.discoveryReads().length;
    await discovery.triggerDiscovery();
    await waitFor('the GitOps repo read again', async () =>
      discovery.discoveryReads().length > reads ? true : undefined,
    );
    expect(await discovery.catalogEntity('market-data')).toBeUndefined();

    github.mergePullRequest(pr.number);
    await discovery.triggerDiscovery();
    const entity = await waitFor('market-data in the catalog', () =>
      discovery.catalogEntity('market-data'),
    );
    expect(entity.metadata.annotations).toMatchObject(
      generated.metadata.annotations,
    );
    // The catalog keeps the relations, in an order of its own.
    const { dependsOn, ...spec } = generated.spec;
    expect(entity.spec).toMatchObject(spec);
    expect([...entity.spec.dependsOn].sort()).toEqual([...dependsOn].sort());
  });
});

describe('local mode (app-config.yaml)', () => {
  it('configures no GitHub discovery: the backend starts without GitHub and schedules no provider', async () => {
    // No GITHUB_TOKEN, as on a laptop without GitHub access.
    const data = await loadConfig(['app-config.yaml'], {});
    const local = await startTestBackend({
      features: [
        catalogPlugin,
        githubCatalogModule,
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            ...data,
            catalog: { ...(data.catalog as object), locations: [] },
          },
        }),
      ],
    });
    try {
      const { port: localPort } = local.server.address() as { port: number };
      const res = await fetch(
        `http://localhost:${localPort}/api/catalog/.backstage/scheduler/v1/tasks`,
        { headers: { authorization: mockCredentials.user.header() } },
      );
      expect(res.status).toBe(200);
      const { tasks } = await res.json();
      expect(tasks.length).toBeGreaterThan(0);
      expect(
        tasks.filter((t: any) => t.taskId.startsWith('github-provider:')),
      ).toEqual([]);
    } finally {
      await local.stop();
    }
  });
});

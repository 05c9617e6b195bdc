// Production smoke (`yarn test:production`): the backend bundle, laid out as
// packages/backend/Dockerfile lays it out in the image (bundle.mjs), started
// the way the image starts it (`node packages/backend --config
// app-config.yaml --config app-config.production.yaml`, NODE_ENV=production)
// with app-config.production.yaml unchanged. Its environment points it at
// real PostgreSQL 15 and Redis 7 (scripts/services.sh), a loopback Argo CD, a
// loopback base-layer cluster and a real OpenID Connect issuer on loopback
// (@internal/oidc-test-issuer) in place of Vault, and a loopback GitOps repo
// (vsem-svoim/base-app-layer) behind the github.com integration. Only what a
// deployment would set in its Secrets differs; the database prefix and the
// listening port are moved aside, and the github.com integration's API
// pointed at the loopback, through APP_CONFIG_ variables so that the run
// leaves nothing behind and never calls GitHub.
//
// It probes readiness, the bundled app, sign-in as a catalog user and the
// refusal of an unknown one, the roles, the read-only Argo CD proxy and the
// BASE layer status, a module merged in the GitOps repo reaching the
// catalog; then that a missing variable and an issuer that does not
// answer each stop start-up with a message naming them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildBackend, layOutImage, root } from './bundle.mjs';
import { POSTGRES, REDIS_URL, checkServices } from '../replicas/harness.mjs';

const requireFromRoot = createRequire(path.join(root, 'package.json'));
const requireFromBackend = createRequire(
  path.join(root, 'packages/backend/package.json'),
);
requireFromRoot('@backstage/cli/config/nodeTransform.cjs');
const {
  startLoopbackArgoCd,
  startLoopbackKubernetesWorkloads,
  buildModuleWorkloads,
} = requireFromRoot('@internal/plugin-base-layer-backend/testUtils');
const { startOidcTestIssuer, signInThroughBackstage } = requireFromRoot(
  '@internal/oidc-test-issuer',
);
const { parse, parseAllDocuments } = requireFromRoot('yaml');
const { LoopbackGithub } = requireFromRoot(
  '@internal/plugin-scaffolder-backend-module-base-layer/testUtils',
);

const PORT = Number(process.env.SMOKE_PORT ?? 7500);
const BASE_URL = `http://localhost:${PORT}`;
const START_TIMEOUT_MS = 180_000;
const RUN = Date.now();
const DB_PREFIX = `smoke_${RUN}_`;
// A Redis database of its own, emptied before and after.
const REDIS_DB_URL = `${REDIS_URL.replace(/\/\d*$/, '')}/7`;

const USERS = [
  { login: 'alice', email: 'alice@data-platform.example', name: 'Alice Admin' },
  { login: 'bob', email: 'bob@data-platform.example', name: 'Bob Developer' },
  // Vault knows Carol by another address: she is found by her login.
  { login: 'carol', email: 'carol@vault.example', name: 'Carol Scientist' },
];

const timings = {};
let image;
let argocd;
let cluster;
let issuer;
let github;
let backend;
const applications = parse(
  readFileSync(path.join(root, 'examples/argocd-applications.yaml'), 'utf8'),
).items;

/** What the deployment's Secrets and ConfigMap would provide. */
function productionEnvironment() {
  return {
    NODE_ENV: 'production',
    APP_BASE_URL: BASE_URL,
    BACKEND_BASE_URL: BASE_URL,
    POSTGRES_HOST: POSTGRES.host,
    POSTGRES_PORT: String(POSTGRES.port),
    POSTGRES_USER: POSTGRES.user,
    POSTGRES_PASSWORD: POSTGRES.password,
    REDIS_URL: REDIS_DB_URL,
    AUTH_SESSION_SECRET: 'production-smoke-session-secret',
    OIDC_METADATA_URL: issuer.metadataUrl,
    OIDC_CLIENT_ID: issuer.clientId,
    OIDC_CLIENT_SECRET: issuer.clientSecret,
    ARGOCD_URL: argocd.url,
    ARGOCD_AUTH_TOKEN: argocd.token,
    GITHUB_TOKEN: 'production-smoke-placeholder',
    K8S_BASE_LAYER_URL: cluster.url,
    K8S_BASE_LAYER_TOKEN: cluster.token,
    K8S_PLATFORM_SERVICES_URL: cluster.url,
    K8S_PLATFORM_SERVICES_TOKEN: cluster.token,
    APP_CONFIG_backend_listen: `:${PORT}`,
    APP_CONFIG_backend_database_prefix: DB_PREFIX,
    APP_CONFIG_integrations_github: JSON.stringify([
      {
        host: 'github.com',
        apiBaseUrl: github.apiBaseUrl,
        token: 'production-smoke-placeholder',
      },
    ]),
  };
}

/**
 * A BASE module merged in the GitOps repo: its folder's catalog entity, in the
 * shape of catalog/base-modules.yaml's (data-ingestion's, renamed).
 */
const mergedModuleEntity = parseAllDocuments(
  readFileSync(path.join(root, 'catalog/base-modules.yaml'), 'utf8'),
)
  .find(d => d.toJS()?.metadata?.name === 'data-ingestion')
  .toString()
  .replaceAll('data-ingestion', 'market-data')
  .replaceAll('data_ingestion', 'market_data');

/** Starts the image's command in the laid-out folder. */
function startBackend(env) {
  const child = spawn(
    process.execPath,
    [
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
    ],
    {
      cwd: image.app,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    },
  );
  const output = [];
  child.stdout.on('data', c => output.push(c));
  child.stderr.on('data', c => output.push(c));
  const exited = new Promise(resolve =>
    child.once('exit', code => resolve(code)),
  );
  return {
    child,
    exited,
    output: () => Buffer.concat(output).toString(),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitForReadiness(proc) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) {
      throw new Error(
        `The backend exited with ${proc.child.exitCode}:\n${proc
          .output()
          .slice(-4000)}`,
      );
    }
    const res = await fetch(`${BASE_URL}/.backstage/health/v1/readiness`).catch(
      () => undefined,
    );
    if (res?.ok) return;
    await sleep(500);
  }
  throw new Error(`No readiness within ${START_TIMEOUT_MS} ms`);
}

function dropSmokeDatabases() {
  const { Client } = requireFromBackend('pg');
  const client = new Client({ ...POSTGRES, database: 'postgres' });
  return client
    .connect()
    .then(() =>
      client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [
        `${DB_PREFIX}%`,
      ]),
    )
    .then(async ({ rows }) => {
      for (const { datname } of rows) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    })
    .finally(() => client.end());
}

const flushRedis = () =>
  spawnSync('redis-cli', ['-u', REDIS_DB_URL, 'flushdb'], { timeout: 10_000 });

/** Signs in the way the app's popup does (@internal/oidc-test-issuer). */
async function signIn(login) {
  const { callbackUrl, message } = await signInThroughBackstage(issuer, {
    backendUrl: BASE_URL,
    env: 'production',
    login,
  });
  assert.equal(callbackUrl.origin, BASE_URL);
  return message;
}

/**
 * Signs in once the catalog has ingested the users: right after start-up the
 * resolver may not find anyone yet.
 */
async function signInWhenIngested(login) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await signIn(login);
    if (response.response || Date.now() > deadline) return response;
    await sleep(2000);
  }
}

const tokens = {};
async function tokenOf(login) {
  if (!tokens[login]) {
    const response = await signInWhenIngested(login);
    assert.equal(
      response.type,
      'authorization_response',
      JSON.stringify(response),
    );
    tokens[login] = response.response.backstageIdentity.token;
  }
  return tokens[login];
}

const api = async (login, route, init = {}) =>
  fetch(`${BASE_URL}${route}`, {
    ...init,
    headers: {
      ...init.headers,
      Authorization: `Bearer ${await tokenOf(login)}`,
    },
  });

before(async () => {
  await checkServices();
  let started = Date.now();
  await buildBackend();
  timings.build = (Date.now() - started) / 1000;
  image = await layOutImage();
  Object.assign(timings, image.timings);

  argocd = await startLoopbackArgoCd({ applications });
  cluster = await startLoopbackKubernetesWorkloads({
    objects: buildModuleWorkloads('data-ingestion'),
  });
  issuer = await startOidcTestIssuer({
    redirectUris: [`${BASE_URL}/api/auth/oidc/handler/frame`],
    users: USERS,
  });
  github = new LoopbackGithub('vsem-svoim', 'base-app-layer', {
    'README.md': '# base-app-layer',
    'market_data/catalog-info.yaml': mergedModuleEntity,
  });
  await github.start();
  flushRedis();

  started = Date.now();
  backend = startBackend(productionEnvironment());
  await waitForReadiness(backend);
  timings.startup = (Date.now() - started) / 1000;
});

after(async () => {
  await backend?.stop();
  await Promise.allSettled(
    [argocd, cluster, issuer, github].map(s => s?.stop()),
  );
  await dropSmokeDatabases().catch(() => {});
  flushRedis();
  image?.remove();
  console.log(
    `production smoke: build ${timings.build?.toFixed(
      1,
    )} s, production install ${timings.install?.toFixed(
      1,
    )} s, unpack ${timings.unpack?.toFixed(
      1,
    )} s, start-up to readiness ${timings.startup?.toFixed(1)} s`,
  );
});

test('the bundle answers readiness and liveness, and serves the app', async () => {
  for (const probe of ['readiness', 'liveness']) {
    const res = await fetch(`${BASE_URL}/.backstage/health/v1/${probe}`);
    assert.equal(res.status, 200, probe);
  }
  const page = await fetch(`${BASE_URL}/catalog`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<div id="root">/);
  assert.match(html, /Data Platform Portal/);
});

test('no guest sign-in in production', async () => {
  const res = await fetch(`${BASE_URL}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  assert.equal(res.ok, false);
  assert.ok(res.status >= 400 && res.status < 500, String(res.status));
});

test('a catalog user signs in through the OIDC issuer, by email or by login', async () => {
  const alice = await signInWhenIngested('alice');
  assert.equal(alice.type, 'authorization_response', JSON.stringify(alice));
  assert.equal(
    alice.response.backstageIdentity.identity.userEntityRef,
    'user:default/alice',
  );
  assert.ok(
    alice.response.backstageIdentity.identity.ownershipEntityRefs.includes(
      'group:default/admin',
    ),
  );
  const carol = await signInWhenIngested('carol');
  assert.equal(
    carol.response.backstageIdentity.identity.userEntityRef,
    'user:default/carol',
  );
});

test('an unknown user is refused, saying the catalog has no such user', async () => {
  // Alice signs in by now, so the catalog is loaded: Mallory is unknown.
  await tokenOf('alice');
  const response = await signIn('mallory');
  assert.equal(response.type, 'authorization_response');
  assert.equal(response.response, undefined);
  assert.match(
    response.error?.message ?? '',
    /unable to resolve user identity.*catalog contains the expected User/i,
  );
});

test('/api/base-layer/waves serves the loopback Argo CD, to a signed-in user only', async () => {
  assert.equal((await fetch(`${BASE_URL}/api/base-layer/waves`)).status, 401);
  const res = await api('carol', '/api/base-layer/waves');
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(
    body.waves.map(w => w.id),
    [0, 1, 2, 3, 4],
  );
  const served = body.waves.flatMap(w => w.applications).length;
  assert.equal(served + body.unassigned.length, applications.length);
  assert.deepEqual(
    body.sources.map(s => [s.name, s.ok]),
    [['argocd', true]],
  );
  assert.ok(argocd.requests.list > 0);
});

test('a module merged in the GitOps repo reaches the catalog', async () => {
  const deadline = Date.now() + 120_000;
  let res;
  for (;;) {
    res = await api(
      'bob',
      '/api/catalog/entities/by-name/component/default/market-data',
    );
    if (res.status === 200 || Date.now() > deadline) break;
    await res.arrayBuffer();
    await sleep(2000);
  }
  assert.equal(res.status, 200);
  const entity = await res.json();
  assert.equal(entity.metadata.annotations['base-layer.io/wave'], '3');
  assert.match(
    entity.metadata.annotations['backstage.io/managed-by-location'],
    /^url:https:\/\/github\.com\/vsem-svoim\/base-app-layer\/(tree|blob)\/main\/market_data\/catalog-info\.yaml$/,
  );
  assert.ok(github.requests.includes('POST /graphql'));
});

test('roles decide: a data-scientist may not create a scaffolder task', async () => {
  const body = JSON.stringify({
    templateRef: 'template:default/create-base-module',
    values: {},
  });
  const headers = { 'Content-Type': 'application/json' };
  const refused = await api('carol', '/api/scaffolder/v2/tasks', {
    method: 'POST',
    headers,
    body,
  });
  assert.equal(refused.status, 403);
});

test('the Argo CD proxy reads only: a DELETE never reaches Argo CD', async () => {
  const get = await api('carol', '/api/proxy/argocd/api/applications');
  assert.equal(get.status, 200);
  const before = { ...argocd.methods };
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    const res = await api('alice', '/api/proxy/argocd/api/applications/vault', {
      method,
    });
    assert.ok(res.status >= 400 && res.status < 500, `${method} ${res.status}`);
  }
  assert.deepEqual(
    Object.keys(argocd.methods).filter(m => m !== 'GET'),
    Object.keys(before).filter(m => m !== 'GET'),
  );
  assert.equal(argocd.methods.DELETE ?? 0, 0);
});

test('a missing variable, or an issuer that does not answer, stops start-up naming it', async () => {
  // Beside the running backend: another port and database prefix.
  const env = {
    ...productionEnvironment(),
    APP_CONFIG_backend_listen: `:${PORT + 1}`,
    APP_CONFIG_backend_database_prefix: `${DB_PREFIX}bad_`,
  };
  const cases = [
    {
      env: { ...env, POSTGRES_HOST: undefined },
      expected: /POSTGRES_HOST/,
    },
    {
      env: {
        ...env,
        OIDC_METADATA_URL:
          'http://127.0.0.1:9/.well-known/openid-configuration',
      },
      expected: /http:\/\/127\.0\.0\.1:9\/\.well-known\/openid-configuration/,
    },
  ];
  for (const { env: caseEnv, expected } of cases) {
    const clean = Object.fromEntries(
      Object.entries(caseEnv).filter(([, v]) => v !== undefined),
    );
    const proc = startBackend(clean);
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), 60_000);
    const code = await proc.exited;
    clearTimeout(timer);
    assert.notEqual(code, 0);
    assert.match(proc.output(), expected);
  }
});

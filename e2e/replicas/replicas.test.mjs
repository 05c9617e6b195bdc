// yarn test:replicas: the wave engine on two real backend replicas, the
// production topology (issue 10: "two replicas disagree, and one of them
// lies").
//
// Two processes of the real packages/backend (ports 7301 and 7302) share one
// fresh PostgreSQL 15 database (replicas_<timestamp>_shared, then
// replicas_<timestamp>_memory for (d); created here and dropped at the end)
// and, for (a) to (c), Redis 7 as backend.cache (under the namespace
// replicas_<timestamp>, deleted at the end). Their only source is one
// loopback Argo CD (port 7310; snapshots off), reached by each replica
// through a counting proxy of its own (7311, 7312): the test knows which
// replica read Argo CD when, so it checks the served `stale`/`ageSeconds`
// against when the data was really read. Refresh interval 2 s.
//
//   (a) both replicas serve the same snapshot: same generatedAt and states;
//   (b) Argo CD answers 503: both turn Unknown and stale within 2 intervals;
//   (c) SIGKILL of the replica in the middle of a refresh: the other keeps
//       serving, honestly stale while the dead replica's claim of the task
//       lasts, and then refreshes itself;
//   (d) two new replicas without a shared cache (memory cache each): no
//       response is `stale: false` for data older than the threshold.
//
// It lives beside the browser tests (e2e/) but needs no browser or portal:
// only PostgreSQL and Redis, which scripts/services.sh installs and starts.
// Every wait is bounded; the processes are killed and the database dropped
// whatever happens.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  POSTGRES,
  REDIS_URL,
  TOKEN,
  checkServices,
  createDatabase,
  deleteRedisNamespace,
  dropDatabase,
  dropLeftovers,
  engineTimingsFor,
  getWaves,
  loadTestUtils,
  removeDir,
  startCountingProxy,
  startReplica,
  tempDir,
  waitFor,
} from './harness.mjs';

const PREFIX = 'replicas_';
const run = `${PREFIX}${Date.now()}`;
const databases = { shared: `${run}_shared`, memory: `${run}_memory` };
const baseLayer = { refreshInterval: '2s', requestTimeout: '2s' };
const timings = engineTimingsFor(baseLayer);
const INTERVAL_MS = timings.refreshIntervalMs;
const STALE_AFTER_MS = timings.staleAfterMs;
/** Backstage's scheduler janitor frees expired claims once a minute. */
const JANITOR_PERIOD_MS = 60_000;
const STARTUP_TIMEOUT_MS = 120_000;
const PORTS = { a: 7301, b: 7302, argocd: 7310, proxyA: 7311, proxyB: 7312 };

const { startLoopbackArgoCd, platformApplications } = loadTestUtils();
const configDir = tempDir();
const summary = [];
let argocd;
let proxies = {};
let replicas = [];
let testStartedAt;

function note(t, label, value) {
  summary.push([label, value]);
  t.diagnostic(`${label}: ${value}`);
}
const seconds = ms => `${(ms / 1000).toFixed(1)} s`;

function replicaConfig({ port, proxy, sharedCache }) {
  const database = sharedCache ? databases.shared : databases.memory;
  return {
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port },
      database: {
        client: 'pg',
        // Every plugin in a schema of the one database of this run.
        pluginDivisionMode: 'schema',
        connection: { ...POSTGRES, database },
      },
      ...(sharedCache && {
        cache: {
          store: 'redis',
          connection: REDIS_URL,
          redis: { client: { namespace: run } },
        },
      }),
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: TOKEN, subject: 'replica-test' },
          },
        ],
      },
    },
    baseLayer: {
      ...baseLayer,
      sources: {
        snapshots: [],
        argocd: [{ name: 'argocd', url: proxy.url, token: argocd.token }],
      },
    },
  };
}

/**
 * Starts replica a, then b once a answers. Started at the same moment on an
 * empty database, one of them fails its catalog migrations ("Migration table
 * is already locked") and exits: Kubernetes would restart it, this test
 * starts them one after the other like a rolling update does.
 */
async function startPair(sharedCache) {
  const started = Date.now();
  replicas = [];
  for (const [name, port, proxy] of [
    ['a', PORTS.a, proxies.a],
    ['b', PORTS.b, proxies.b],
  ]) {
    const replica = startReplica({
      name,
      port,
      configDir,
      config: replicaConfig({ port, proxy, sharedCache }),
    });
    replicas.push(replica);
    await replica.ready(STARTUP_TIMEOUT_MS);
  }
  return Date.now() - started;
}

const statesOf = body => body.waves.map(w => `${w.id}:${w.state}`).join(' ');
/** When the newest data any replica could hold was read: the last list request. */
const lastReadByAny = () =>
  Math.max(...Object.values(proxies).map(p => p.lastListAt() ?? 0));

before(async () => {
  testStartedAt = Date.now();
  await checkServices();
  const leftovers = await dropLeftovers(PREFIX);
  if (leftovers.length > 0) {
    console.log(`dropped databases of interrupted runs: ${leftovers}`);
  }
  await createDatabase(databases.shared);
  await createDatabase(databases.memory);
  argocd = await startLoopbackArgoCd({
    applications: platformApplications,
    port: PORTS.argocd,
  });
  proxies = {
    a: await startCountingProxy({ port: PORTS.proxyA, target: argocd.url }),
    b: await startCountingProxy({ port: PORTS.proxyB, target: argocd.url }),
  };
});

/** A test body that prints the end of each replica's log when it fails. */
const withLogs = fn => async t => {
  try {
    await fn(t);
  } catch (error) {
    for (const r of replicas) {
      const lines = r.output().split('\n').slice(-60).join('\n');
      console.log(`--- replica ${r.name}, last lines ---\n${lines}`);
    }
    throw error;
  }
};

after(async () => {
  await Promise.all(replicas.map(r => r.stop()));
  await Promise.all(Object.values(proxies).map(p => p.stop()));
  await argocd?.stop();
  await dropDatabase(databases.shared);
  await dropDatabase(databases.memory);
  const keys = deleteRedisNamespace(run);
  removeDir(configDir);
  console.log(
    [
      '',
      `replica test summary (refresh ${seconds(
        INTERVAL_MS,
      )}, stale after ${seconds(
        STALE_AFTER_MS,
      )}, refresh task timeout ${seconds(timings.refreshTaskTimeoutMs)})`,
      ...summary.map(([label, value]) => `  ${label.padEnd(58)} ${value}`),
      `  ${'total'.padEnd(58)} ${seconds(Date.now() - testStartedAt)}`,
      `  databases ${Object.values(
        databases,
      )} dropped, ${keys} Redis keys deleted`,
    ].join('\n'),
  );
});

describe('two replicas sharing PostgreSQL and Redis', () => {
  before(async () => {
    const ms = await startPair(true);
    summary.push(['startup of two replicas (shared cache)', seconds(ms)]);
  });

  it(
    '(a) both replicas answer the same generatedAt and states',
    withLogs(async t => {
      const started = Date.now();
      const [a, b] = await waitFor(
        'both replicas to serve one fresh snapshot',
        async () => {
          const pair = await Promise.all(replicas.map(getWaves));
          const [x, y] = pair.map(p => p.body);
          return (
            !x.stale && !y.stale && x.generatedAt === y.generatedAt && pair
          );
        },
        { timeoutMs: 10 * INTERVAL_MS, everyMs: 200 },
      );
      assert.equal(a.body.generatedAt, b.body.generatedAt);
      assert.equal(a.body.dataAt, b.body.dataAt);
      assert.deepEqual(a.body.waves, b.body.waves);
      assert.deepEqual(a.body.sources, b.body.sources);
      assert.ok(a.body.waves.length > 0 && a.body.sources.every(s => s.ok));
      assert.ok(
        a.body.waves.some(w => w.state !== 'Unknown'),
        `states: ${statesOf(a.body)}`,
      );
      note(
        t,
        '(a) same generatedAt and states on both after',
        seconds(Date.now() - started),
      );
      note(t, '(a) states', statesOf(a.body));
      note(
        t,
        '(a) Argo CD lists so far by replica a / b',
        `${proxies.a.lists.length} / ${proxies.b.lists.length}`,
      );
    }),
  );

  it(
    '(b) Argo CD down: both turn Unknown and stale within 2 refresh intervals',
    withLogs(async t => {
      const failedAt = Date.now();
      argocd.setFailure({ kind: 'status', status: 503 });
      const unknownAfter = new Map();
      await waitFor(
        'both replicas to report every wave Unknown and stale',
        async () => {
          await Promise.all(
            replicas.map(async r => {
              if (unknownAfter.has(r.name)) return;
              const { body } = await getWaves(r);
              if (
                body.stale &&
                body.sources.every(s => !s.ok && s.stale) &&
                body.waves.every(w => w.state === 'Unknown')
              ) {
                unknownAfter.set(r.name, Date.now() - failedAt);
              }
            }),
          );
          return unknownAfter.size === replicas.length;
        },
        { timeoutMs: 5 * INTERVAL_MS, everyMs: 100 },
      );
      for (const [name, ms] of unknownAfter) {
        note(t, `(b) replica ${name} Unknown and stale after`, seconds(ms));
        assert.ok(
          ms <= 2 * INTERVAL_MS,
          `replica ${name} took ${ms} ms, more than 2 intervals`,
        );
      }

      argocd.setFailure(undefined);
      const healedAt = Date.now();
      await waitFor(
        'both replicas to recover',
        async () => {
          const pair = await Promise.all(replicas.map(getWaves));
          return pair.every(
            ({ body }) => !body.stale && body.sources.every(s => s.ok),
          );
        },
        { timeoutMs: 5 * INTERVAL_MS, everyMs: 100 },
      );
      note(
        t,
        '(b) both fresh again after Argo CD healed',
        seconds(Date.now() - healedAt),
      );
    }),
  );

  it(
    '(c) SIGKILL of the replica running the refresh: the other keeps serving and takes over',
    withLogs(async t => {
      // A slow Argo CD stretches every run, so one can be caught in the middle:
      // the replica whose proxy has a list request in flight holds the task.
      argocd.setFailure({ kind: 'slow', delayMs: 1000 });
      const victim = await waitFor(
        'a replica in the middle of a refresh',
        () => replicas.find(r => proxies[r.name].inFlight > 0),
        { timeoutMs: 5 * INTERVAL_MS, everyMs: 10 },
      );
      const survivor = replicas.find(r => r !== victim);
      const killedAt = Date.now();
      await victim.kill('SIGKILL');
      note(t, '(c) killed replica (mid-refresh)', victim.name);

      const tasks = await fetch(
        `${survivor.baseUrl}/api/base-layer/.backstage/scheduler/v1/tasks`,
        { headers: { authorization: `Bearer ${TOKEN}` } },
      ).then(res => res.json());
      const refreshTask = tasks.tasks.find(
        task => task.taskId === 'base-layer-refresh-waves',
      );
      note(
        t,
        '(c) refresh task state right after the kill',
        refreshTask.taskState?.status === 'running'
          ? `claimed by the dead replica until ${refreshTask.taskState.timesOutAt}`
          : refreshTask.taskState?.status,
      );

      let answers = 0;
      let staleAnswers = 0;
      let maxFreshAgeMs = 0;
      // The dead replica's claim expires, the survivor's janitor frees it,
      // and the survivor's next poll claims the run.
      const takeoverBound =
        timings.refreshTaskTimeoutMs + JANITOR_PERIOD_MS + 2 * INTERVAL_MS;
      const freshAfter = await waitFor(
        'the survivor to refresh on its own',
        async () => {
          const { body, requestedAt } = await getWaves(survivor);
          answers++;
          const readAge = requestedAt - lastReadByAny();
          if (body.stale) {
            staleAnswers++;
          } else {
            assert.ok(
              readAge <= STALE_AFTER_MS,
              `served stale: false for data read ${readAge} ms ago`,
            );
            maxFreshAgeMs = Math.max(maxFreshAgeMs, readAge);
          }
          assert.ok(body.ageSeconds >= Math.floor(readAge / 1000));
          return (
            Date.parse(body.dataAt) > killedAt &&
            !body.stale &&
            Date.now() - killedAt
          );
        },
        {
          timeoutMs: takeoverBound + timings.readTimeoutMs + 10_000,
          everyMs: 250,
        },
      );
      argocd.setFailure(undefined);
      const takeover =
        proxies[survivor.name].lists.find(at => at > killedAt) - killedAt;

      note(
        t,
        '(c) survivor answers during the takeover',
        `${answers}, ${staleAnswers} of them stale; oldest data served as fresh ${seconds(
          maxFreshAgeMs,
        )}`,
      );
      note(t, '(c) takeover: survivor reads Argo CD after', seconds(takeover));
      note(
        t,
        '(c) survivor serves data read after the kill after',
        seconds(freshAfter),
      );
      note(
        t,
        '(c) bound: task timeout + janitor period + 2 intervals',
        seconds(takeoverBound),
      );
      assert.ok(
        takeover <= takeoverBound,
        `the survivor first read Argo CD ${takeover} ms after the kill, more than ${takeoverBound} ms`,
      );
      assert.ok(
        freshAfter <= takeover + timings.readTimeoutMs + INTERVAL_MS,
        `the survivor served its own read ${freshAfter} ms after the kill`,
      );
    }),
  );

  after(async () => {
    await Promise.all(replicas.map(r => r.stop()));
  });
});

describe('two replicas without a shared cache', () => {
  before(async () => {
    const ms = await startPair(false);
    summary.push(['startup of two replicas (memory cache each)', seconds(ms)]);
  });

  it(
    '(d) no replica reports stale: false for data older than the threshold',
    withLogs(async t => {
      const observeMs = STALE_AFTER_MS + 3 * INTERVAL_MS;
      const start = Date.now();
      const seen = Object.fromEntries(
        replicas.map(r => [
          r.name,
          { answers: 0, stale: 0, maxFreshAgeMs: 0, maxReadAgeMs: 0, reads: 0 },
        ]),
      );
      const readsBefore = Object.fromEntries(
        replicas.map(r => [r.name, proxies[r.name].lists.length]),
      );
      while (Date.now() - start < observeMs) {
        await Promise.all(
          replicas.map(async r => {
            const { body, requestedAt } = await getWaves(r);
            // Without a shared cache a replica serves only what it read itself.
            const readAge = requestedAt - proxies[r.name].lastListAt();
            const s = seen[r.name];
            s.answers++;
            s.maxReadAgeMs = Math.max(s.maxReadAgeMs, readAge);
            if (body.stale) {
              s.stale++;
            } else {
              assert.ok(
                readAge <= STALE_AFTER_MS,
                `replica ${r.name} served stale: false for data it read ${readAge} ms ago`,
              );
              s.maxFreshAgeMs = Math.max(s.maxFreshAgeMs, readAge);
            }
            assert.ok(
              body.ageSeconds >= Math.floor(readAge / 1000),
              `replica ${r.name} said ${body.ageSeconds} s old for data read ${readAge} ms ago`,
            );
          }),
        );
        await new Promise(resolve => setTimeout(resolve, 250));
      }
      for (const [name, s] of Object.entries(seen)) {
        s.reads = proxies[name].lists.length - readsBefore[name];
        note(
          t,
          `(d) replica ${name}`,
          `${s.reads} Argo CD reads, ${s.answers} answers (${
            s.stale
          } stale), oldest data served as fresh ${seconds(
            s.maxFreshAgeMs,
          )}, oldest data served ${seconds(s.maxReadAgeMs)}`,
        );
        assert.ok(s.answers > 0);
      }
    }),
  );
});

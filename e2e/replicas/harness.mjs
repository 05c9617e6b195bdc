// What the replica tests (replicas.test.mjs) run on: real backend processes
// of packages/backend on one fresh PostgreSQL database, a loopback Argo CD
// with a counting proxy per replica in front of it, and cleanup of all of it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const backendDir = path.join(root, 'packages/backend');
const requireFromRoot = createRequire(path.join(root, 'package.json'));
const requireFromBackend = createRequire(path.join(backendDir, 'package.json'));
const { stringify } = requireFromRoot('yaml');

/** The loopback servers are TypeScript: load them through Backstage's transform. */
export function loadTestUtils() {
  requireFromRoot('@backstage/cli/config/nodeTransform.cjs');
  return requireFromRoot('@internal/plugin-base-layer-backend/testUtils');
}

/** The engine's own timings for a `baseLayer` config, as the plugin derives them. */
export function engineTimingsFor(baseLayer) {
  loadTestUtils();
  const { ConfigReader } = requireFromRoot('@backstage/config');
  const { engineTimings, readBaseLayerOptions } = requireFromRoot(
    path.join(root, 'plugins/base-layer-backend/src/service/options.ts'),
  );
  return engineTimings(readBaseLayerOptions(new ConfigReader({ baseLayer })));
}

export const POSTGRES = {
  host: '127.0.0.1',
  port: 5432,
  user: 'postgres',
  password: 'postgres',
};
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TOKEN = 'replica-test-static-token-3f9c2a';

/** Throws with a hint when PostgreSQL or Redis is not running. */
export async function checkServices() {
  const { Client } = requireFromBackend('pg');
  const client = new Client({ ...POSTGRES, database: 'postgres' });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable on 127.0.0.1:5432 (${error.message}); run: source scripts/services.sh`,
    );
  } finally {
    await client.end().catch(() => {});
  }
  const ping = spawnSync('redis-cli', ['-u', REDIS_URL, 'ping'], {
    encoding: 'utf8',
    timeout: 5000,
  });
  if (ping.stdout?.trim() !== 'PONG') {
    throw new Error(
      `Redis is not reachable at ${REDIS_URL}; run: source scripts/services.sh`,
    );
  }
}

async function admin(sql) {
  const { Client } = requireFromBackend('pg');
  const client = new Client({ ...POSTGRES, database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export const createDatabase = name => admin(`CREATE DATABASE "${name}"`);

/**
 * Drops the databases (and Redis keys) of earlier runs that were interrupted
 * before their cleanup, once they are an hour old.
 */
export async function dropLeftovers(prefix) {
  const { Client } = requireFromBackend('pg');
  const client = new Client({ ...POSTGRES, database: 'postgres' });
  await client.connect();
  let names;
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    names = rows
      .map(r => r.datname)
      .filter(
        n => parseInt(n.slice(prefix.length), 10) < Date.now() - 3600_000,
      );
  } finally {
    await client.end();
  }
  for (const name of names) {
    await dropDatabase(name);
    deleteRedisNamespace(name.replace(/_(shared|memory)$/, ''));
  }
  return names;
}
export const dropDatabase = name =>
  admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);

/** Deletes the keys the replicas wrote under their Redis namespace. */
export function deleteRedisNamespace(namespace) {
  const scan = spawnSync(
    'redis-cli',
    ['-u', REDIS_URL, '--scan', '--pattern', `${namespace}:*`],
    { encoding: 'utf8', timeout: 10_000 },
  );
  const keys = (scan.stdout ?? '').split('\n').filter(Boolean);
  for (let i = 0; i < keys.length; i += 100) {
    spawnSync(
      'redis-cli',
      ['-u', REDIS_URL, 'del', ...keys.slice(i, i + 100)],
      {
        timeout: 10_000,
      },
    );
  }
  return keys.length;
}

/**
 * A proxy in front of the one Argo CD, one per replica, so every upstream
 * request is attributed to the replica that made it. Keeps the start time
 * of each application list request and which ones are still in flight.
 */
export async function startCountingProxy({ port, target }) {
  const lists = [];
  let inFlight = 0;
  const server = http.createServer((req, res) => {
    const isList =
      req.url.startsWith('/api/v1/applications?') ||
      req.url === '/api/v1/applications';
    if (isList) {
      lists.push(Date.now());
      inFlight++;
    }
    let done = false;
    const finish = () => {
      if (isList && !done) {
        done = true;
        inFlight--;
      }
    };
    const upstream = http.request(
      new URL(req.url, target),
      { method: req.method, headers: req.headers },
      upstreamRes => {
        res.writeHead(upstreamRes.statusCode, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    // Answered, or the replica went away mid-request.
    res.on('close', finish);
    req.pipe(upstream);
  });
  await new Promise(resolve => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    /** Start times (ms) of every list request so far. */
    lists,
    get inFlight() {
      return inFlight;
    },
    lastListAt: () => lists[lists.length - 1],
    stop: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Live backend processes, killed when this process exits whatever happens. */
const live = new Set();
process.on('exit', () => {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * Starts one backend: the real packages/backend from source, the way
 * `yarn workspace backend start` runs it but without its file watcher, on
 * app-config.yaml plus a generated config.
 */
export function startReplica({ name, port, config, configDir }) {
  const configFile = path.join(configDir, `${name}.yaml`);
  writeFileSync(configFile, stringify(config));
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      '-r',
      '@backstage/cli/config/nodeTransform.cjs',
      'src/index.ts',
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: backendDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info' },
    },
  );
  live.add(child);
  const output = [];
  // Every request is logged at info; keep the rest.
  const keep = chunk => {
    const lines = chunk
      .toString()
      .split('\n')
      .filter(line => line && !line.includes('incomingRequest'));
    output.push(...lines);
    if (output.length > 500) output.splice(0, output.length - 500);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  const exit = new Promise(resolve =>
    child.once('exit', (code, signal) => {
      exited = true;
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  const baseUrl = `http://localhost:${port}`;
  return {
    name,
    port,
    baseUrl,
    pid: child.pid,
    started,
    output: () => output.join('\n'),
    get exited() {
      return exited;
    },
    /** Resolves once /api/base-layer/health answers; rejects if it exits first. */
    async ready(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (exited) {
          throw new Error(
            `${name} exited before it answered:\n${tail(output)}`,
          );
        }
        try {
          const res = await fetch(`${baseUrl}/api/base-layer/health`, {
            signal: AbortSignal.timeout(2000),
          });
          if (res.ok) return (Date.now() - started) / 1000;
        } catch {
          // not up yet
        }
        await sleep(250);
      }
      throw new Error(
        `${name} did not answer within ${timeoutMs} ms:\n${tail(output)}`,
      );
    },
    kill: async signal => {
      if (!exited) child.kill(signal);
      return exit;
    },
    /** SIGTERM, then SIGKILL after `graceMs`. */
    async stop(graceMs = 10_000) {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

const tail = output => output.slice(-40).join('\n');

/** `GET /api/base-layer/waves` with the static token, bounded. */
export async function getWaves(replica) {
  const requestedAt = Date.now();
  const res = await fetch(`${replica.baseUrl}/api/base-layer/waves`, {
    headers: { authorization: `Bearer ${TOKEN}` },
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) {
    throw new Error(
      `${replica.name} answered ${res.status}: ${await res.text()}`,
    );
  }
  return { requestedAt, body: await res.json() };
}

/** Polls `check` every `everyMs` until it returns a value, or throws at the deadline. */
export async function waitFor(what, check, { timeoutMs, everyMs = 100 }) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await sleep(everyMs);
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${what}${
      last ? `: ${last.message}` : ''
    }`,
  );
}

export const tempDir = () => mkdtempSync(path.join(tmpdir(), 'replicas-'));
export const removeDir = dir => rmSync(dir, { recursive: true, force: true });

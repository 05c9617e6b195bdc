/*
 * The engine's memory in the production build: `yarn bench:memory`.
 *
 *   yarn workspace @internal/plugin-base-layer-backend bench:memory \
 *     [--apps 2000,10000] [--load 60s] [--repeat 2] [--kubernetes 0] \
 *     [--no-build] [--image <dir>] [--heap-snapshot] [--soak <duration>]
 *
 * Builds the backend bundle (`yarn build:backend`) and lays it out as the
 * image does (e2e/production/bundle.mjs), then starts it as the image does
 * (`node packages/backend --config app-config.yaml --config
 * app-config.production.yaml`, NODE_ENV=production) against PostgreSQL,
 * Redis, a loopback Argo CD and a loopback OIDC issuer, like the production
 * smoke (e2e/production/smoke.test.mjs). One more config file, written next
 * to the others, moves the run aside (database prefix, Redis namespace).
 *
 * "Without the engine" is the same backend with the same Argo CD source
 * serving no Application: the production config check refuses a production
 * config without its Argo CD source, so the plugin stays, and the share
 * measured is what the engine holds for the applications it serves.
 *
 * For each app count, `--repeat` times: the backend once with the engine
 * reading the loopback Argo CD serving that many production-sized
 * Applications (managed fields, last-applied annotation, 20 resources, 10
 * history entries; `productionSized` in harness.ts), once with it serving
 * none.
 * Each run waits for the first complete status, then three signed-in clients
 * read `/waves`, `/waves/3`, an entity's status and `/history` every 50 ms
 * for `--load`; then, idle, three samples after a full GC. The engine's share
 * is the difference of the medians. `--kubernetes 0.7` puts that share of the
 * Applications in a loopback Kubernetes cluster (a source of its own).
 *
 * Memory comes from memoryProbe.cjs, preloaded through NODE_OPTIONS with
 * --expose-gc: a measurement tool, not part of the image.
 *
 * `--soak 30m` instead runs the backend with the engine at the first app
 * count under the same load for that long and prints the memory after a full
 * GC every minute.
 *
 * Ports 7200-7299 only. Whatever it starts is stopped on exit, Ctrl-C
 * included: the backend, the loopback servers, the databases and Redis keys
 * of the run, the laid-out image (unless given with --image).
 */
import { ChildProcess, spawn } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import {
  ArgoCdApplication,
  buildApplication,
  generateApplications,
  LoopbackServer,
  startLoopbackArgoCd,
  startLoopbackKubernetes,
} from '../src/testUtils';
import { mb, MODULE_NAME, parseDuration, productionSized } from './harness';

const root = resolve(__dirname, '../../..');
const requireFromRoot = createRequire(join(root, 'package.json'));
const PROBE = join(__dirname, 'memoryProbe.cjs');

const ROUTES = [
  '/waves',
  '/waves/3',
  `/entities/component/default/${MODULE_NAME}/status`,
  '/history',
];
const CLIENTS = 3;
const CLIENT_PAUSE_MS = 50;
const BUDGET_MB = 150;
const START_TIMEOUT_MS = 300_000;
const USERS = [
  { login: 'alice', email: 'alice@data-platform.example', name: 'Alice Admin' },
  { login: 'carol', email: 'carol@vault.example', name: 'Carol Scientist' },
];

interface Options {
  apps: number[];
  loadMs: number;
  repeat: number;
  kubernetes: number;
  build: boolean;
  image?: string;
  heapSnapshot: boolean;
  soakMs?: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    apps: [2000, 10_000],
    loadMs: 60_000,
    repeat: 2,
    kubernetes: 0,
    build: true,
    heapSnapshot: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--apps') {
      options.apps = value()
        .split(',')
        .map(n => Number(n.replace(/_/g, '')));
      if (options.apps.some(n => !Number.isInteger(n) || n < 1)) {
        throw new Error('--apps takes app counts, e.g. 2000,10000');
      }
    } else if (arg === '--load') options.loadMs = parseDuration(value());
    else if (arg === '--repeat') options.repeat = Number(value());
    else if (arg === '--kubernetes') options.kubernetes = Number(value());
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--image') options.image = resolve(value());
    else if (arg === '--heap-snapshot') options.heapSnapshot = true;
    else if (arg === '--soak') options.soakMs = parseDuration(value());
    else throw new Error(`Unknown argument ${arg}`);
  }
  return options;
}

// Everything started is stopped, in reverse order, however the run ends.
const cleanups: Array<() => Promise<unknown> | unknown> = [];
const children = new Set<ChildProcess>();
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      try {
        await cleanups.pop()!();
      } catch (error) {
        process.stderr.write(`cleanup: ${error}\n`);
      }
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping what the bench started\n`);
    cleanUp().finally(() => process.exit(130));
  });
}
process.on('exit', () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  }
});

async function portIsFree(port: number): Promise<boolean> {
  return new Promise(done => {
    const server = net.createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/** `count` consecutive free ports in 7200-7299. */
async function freePorts(count: number): Promise<number[]> {
  for (let base = 7200; base + count <= 7300; base += count) {
    const ports = Array.from({ length: count }, (_, i) => base + i);
    let free = true;
    for (const port of ports) {
      if (!(await portIsFree(port))) {
        free = false;
        break;
      }
    }
    if (free) return ports;
  }
  throw new Error(`No ${count} free consecutive ports in 7200-7299`);
}

interface Services {
  POSTGRES: {
    host: string;
    port: number;
    user: string;
    password: string;
  };
  REDIS_URL: string;
  checkServices(): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  deleteRedisNamespace(namespace: string): number;
}

interface Sample {
  pid: number;
  t: number;
  gc: boolean;
  id?: string;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

interface RunResult {
  apps: number;
  engine: boolean;
  startupMs: number;
  firstStatusMs?: number;
  requests: number;
  errors: number;
  /** Medians of the samples after a full GC, idle after the load. */
  rss: number;
  heapUsed: number;
  external: number;
  /** Highest RSS sampled (without GC) under load. */
  peakRss: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The Applications of a run: the module's own, then generated ones. */
function applicationsFor(count: number): ArgoCdApplication[] {
  return [
    buildApplication({ name: MODULE_NAME, wave: 3, multiSource: true }),
    ...generateApplications(count - 1, 'app'),
  ].map(productionSized);
}

class Bench {
  private image!: { app: string; remove(): void };
  private services!: Services;
  private ports!: number[];
  private issuer!: {
    metadataUrl: string;
    clientId: string;
    clientSecret: string;
    stop(): Promise<void>;
  };
  private signIn!: (
    issuer: unknown,
    options: { backendUrl: string; env: string; login: string },
  ) => Promise<{ message: { response?: any; error?: { message: string } } }>;
  private readonly workDir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
  /** Kept after the run, for a failure's cause. */
  readonly logFile = join(tmpdir(), `bench-memory-${Date.now()}.log`);
  private runs = 0;

  constructor(private readonly options: Options) {}

  get baseUrl() {
    return `http://localhost:${this.ports[0]}`;
  }

  async setUp() {
    this.services = requireFromRoot('./e2e/replicas/harness.mjs');
    await this.services.checkServices();
    const bundle = requireFromRoot('./e2e/production/bundle.mjs');
    if (this.options.image) {
      if (!existsSync(join(this.options.image, 'packages/backend'))) {
        throw new Error(`${this.options.image} holds no laid-out image`);
      }
      this.image = { app: this.options.image, remove: () => {} };
    } else {
      if (this.options.build) {
        log('building the backend bundle (yarn build:backend)');
        await bundle.buildBackend();
      }
      log('laying out the image (yarn workspaces focus --all --production)');
      this.image = await bundle.layOutImage();
      cleanups.push(() => this.image.remove());
    }
    cleanups.push(() => rmSync(this.workDir, { recursive: true, force: true }));
    this.ports = await freePorts(4);
    const oidc = requireFromRoot('@internal/oidc-test-issuer');
    this.signIn = oidc.signInThroughBackstage;
    this.issuer = await oidc.startOidcTestIssuer({
      redirectUris: [`${this.baseUrl}/api/auth/oidc/handler/frame`],
      users: USERS,
      port: this.ports[3],
    });
    cleanups.push(() => this.issuer.stop());
  }

  /** One backend from the image, measured; everything of it stopped after. */
  async run(
    apps: number,
    engine: boolean,
    opts: { soakMs?: number; snapshot?: string } = {},
  ): Promise<RunResult> {
    const run = `bench_memory_${Date.now()}_${this.runs++}`;
    const local: Array<() => Promise<unknown> | unknown> = [];
    const stopLocal = async () => {
      while (local.length > 0) {
        await local.pop()!();
      }
    };
    cleanups.push(stopLocal);
    try {
      const applications = engine ? applicationsFor(apps) : [];
      const inCluster = Math.round(
        applications.length * this.options.kubernetes,
      );
      const argocd = await startLoopbackArgoCd({
        applications: applications.slice(inCluster),
        port: this.ports[1],
      });
      local.push(() => argocd.stop());
      let cluster: (LoopbackServer & { token: string }) | undefined;
      if (this.options.kubernetes > 0) {
        cluster = await startLoopbackKubernetes({
          applications: applications.slice(0, inCluster),
          port: this.ports[2],
        });
        local.push(() => cluster!.stop());
      }

      const configFile = join(this.image.app, `app-config.${run}.yaml`);
      writeFileSync(
        configFile,
        stringify({
          backend: {
            database: { prefix: `${run}_` },
            cache: { redis: { client: { namespace: run } } },
          },
          ...(cluster && {
            baseLayer: {
              sources: {
                kubernetes: [
                  {
                    name: 'base-layer',
                    url: cluster.url,
                    token: cluster.token,
                  },
                ],
              },
            },
          }),
        }),
      );
      local.push(() => rmSync(configFile, { force: true }));
      local.push(async () => {
        await this.dropDatabases(`${run}_`);
        this.services.deleteRedisNamespace(run);
      });

      const probeFile = join(this.workDir, `${run}.jsonl`);
      const started = Date.now();
      const backend = this.startBackend(configFile, probeFile, argocd);
      local.push(() => backend.stop());
      await this.waitForReadiness(backend.child);
      const startupMs = Date.now() - started;
      const tokens = await Promise.all(USERS.map(u => this.tokenOf(u.login)));

      let firstStatusMs: number | undefined;
      const statusStarted = Date.now();
      await this.waitForStatus(tokens[0], engine ? apps : 0);
      if (engine) firstStatusMs = Date.now() - statusStarted;

      const pid = backend.child.pid!;
      const command = async (text: string) => {
        writeFileSync(`${probeFile}.cmd`, text);
        const before = readSamples(probeFile, pid).length;
        backend.child.kill('SIGUSR2');
        const deadline = Date.now() + 120_000;
        while (Date.now() < deadline) {
          await sleep(200);
          const samples = readSamples(probeFile, pid);
          const answer = samples
            .slice(before)
            .find(s => s.gc && s.id === text.split(' ')[1]);
          if (answer) return answer;
        }
        throw new Error(`The memory probe did not answer '${text}'`);
      };
      const gcSamples = async (count: number, prefix: string) => {
        const samples: Sample[] = [];
        for (let i = 0; i < count; i++) {
          if (i > 0) await sleep(3000);
          samples.push(await command(`gc ${prefix}-${i}`));
        }
        return samples;
      };

      if (opts.soakMs) {
        await this.soak(tokens, opts.soakMs, gcSamples);
      }
      const loadStarted = Date.now();
      const load = await this.load(tokens, this.options.loadMs);
      const loaded = readSamples(probeFile, pid).filter(
        s => !s.gc && s.t >= loadStarted,
      );
      await sleep(5000);
      const samples = await gcSamples(3, 'idle');
      if (opts.snapshot) {
        await command(`snapshot snap ${opts.snapshot}`);
        log(`heap snapshot: ${opts.snapshot}`);
      }
      if (load.errors > 0) {
        throw new Error(
          `${load.errors} of ${load.requests} requests failed: ${load.failures} (log: ${this.logFile})`,
        );
      }
      return {
        apps,
        engine,
        startupMs,
        firstStatusMs,
        requests: load.requests,
        errors: load.errors,
        rss: median(samples.map(s => s.rss)),
        heapUsed: median(samples.map(s => s.heapUsed)),
        external: median(samples.map(s => s.external)),
        peakRss: Math.max(0, ...loaded.map(s => s.rss)),
      };
    } finally {
      await stopLocal();
      cleanups.splice(cleanups.indexOf(stopLocal), 1);
    }
  }

  private startBackend(
    configFile: string,
    probeFile: string,
    argocd: { url: string; token: string },
  ) {
    const port = this.ports[0];
    const { POSTGRES } = this.services;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      NODE_OPTIONS: `--expose-gc --require ${PROBE}`,
      MEMORY_PROBE_FILE: probeFile,
      APP_BASE_URL: this.baseUrl,
      BACKEND_BASE_URL: this.baseUrl,
      POSTGRES_HOST: POSTGRES.host,
      POSTGRES_PORT: String(POSTGRES.port),
      POSTGRES_USER: POSTGRES.user,
      POSTGRES_PASSWORD: POSTGRES.password,
      REDIS_URL: this.services.REDIS_URL,
      AUTH_SESSION_SECRET: 'bench-memory-session-secret',
      OIDC_METADATA_URL: this.issuer.metadataUrl,
      OIDC_CLIENT_ID: this.issuer.clientId,
      OIDC_CLIENT_SECRET: this.issuer.clientSecret,
      ARGOCD_URL: argocd.url,
      ARGOCD_AUTH_TOKEN: argocd.token,
      GITHUB_TOKEN: 'bench-memory-placeholder',
      // The Kubernetes tab's clusters: never called by the bench.
      K8S_BASE_LAYER_URL: argocd.url,
      K8S_BASE_LAYER_TOKEN: 'bench-memory-placeholder',
      K8S_PLATFORM_SERVICES_URL: argocd.url,
      K8S_PLATFORM_SERVICES_TOKEN: 'bench-memory-placeholder',
      APP_CONFIG_backend_listen: `:${port}`,
      // The GitOps repo's discovery (catalog.providers.github) never leaves
      // the machine: its API address refuses at once.
      APP_CONFIG_integrations_github: JSON.stringify([
        {
          host: 'github.com',
          apiBaseUrl: 'http://127.0.0.1:9',
          token: 'bench-memory-placeholder',
        },
      ]),
    };
    appendFileSync(this.logFile, `\n==== ${configFile}\n`);
    const out = openSync(this.logFile, 'a');
    const child = spawn(
      process.execPath,
      [
        'packages/backend',
        '--config',
        'app-config.yaml',
        '--config',
        'app-config.production.yaml',
        '--config',
        configFile,
      ],
      { cwd: this.image.app, stdio: ['ignore', out, out], env },
    );
    closeSync(out);
    children.add(child);
    const exited = new Promise(done => child.once('exit', done));
    return {
      child,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(timer);
        }
        children.delete(child);
      },
    };
  }

  private async waitForReadiness(child: ChildProcess) {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(
          `The backend exited with ${child.exitCode} (log: ${this.logFile})`,
        );
      }
      const res = await fetch(
        `${this.baseUrl}/.backstage/health/v1/readiness`,
      ).catch(() => undefined);
      if (res?.ok) return;
      await sleep(500);
    }
    throw new Error(`No readiness within ${START_TIMEOUT_MS} ms`);
  }

  /** Signs in through the OIDC issuer, once the catalog knows the user. */
  private async tokenOf(login: string): Promise<string> {
    const deadline = Date.now() + 180_000;
    for (;;) {
      const { message } = await this.signIn(this.issuer, {
        backendUrl: this.baseUrl,
        env: 'production',
        login,
      });
      if (message.response) return message.response.backstageIdentity.token;
      if (Date.now() > deadline) {
        throw new Error(
          `${login} cannot sign in: ${message.error?.message ?? 'no answer'}`,
        );
      }
      await sleep(2000);
    }
  }

  private get(token: string, path: string) {
    return fetch(`${this.baseUrl}/api/base-layer${path}`, {
      headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' },
      signal: AbortSignal.timeout(60_000),
    });
  }

  /**
   * Until `/waves` serves every application with every source answering, and
   * the module's entity has a status.
   */
  private async waitForStatus(token: string, apps: number) {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const res = await this.get(token, '/waves').catch(() => undefined);
      if (res?.ok) {
        const body = (await res.json()) as {
          sources: Array<{ ok: boolean }>;
          waves: Array<{ total: number }>;
          unassigned?: unknown[];
        };
        const total =
          body.waves.reduce((sum, w) => sum + w.total, 0) +
          (body.unassigned?.length ?? 0);
        // The entity's status needs the catalog ingested and indexed.
        const entity = await this.get(token, ROUTES[2]).catch(() => undefined);
        await entity?.arrayBuffer();
        if (body.sources.every(s => s.ok) && total === apps && entity?.ok) {
          return;
        }
      } else {
        await res?.arrayBuffer();
      }
      if (Date.now() > deadline) {
        throw new Error(
          `No complete status of ${apps} applications (log: ${this.logFile})`,
        );
      }
      await sleep(250);
    }
  }

  /** Three clients reading every route, each every 50 ms, for `ms`. */
  private async load(tokens: string[], ms: number) {
    const until = Date.now() + ms;
    let requests = 0;
    let errors = 0;
    const failures = new Map<string, number>();
    const fail = (what: string) => {
      errors++;
      failures.set(what, (failures.get(what) ?? 0) + 1);
    };
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        const token = tokens[client % tokens.length];
        while (Date.now() < until) {
          for (const route of ROUTES) {
            requests++;
            try {
              const res = await this.get(token, route);
              await res.arrayBuffer();
              if (!res.ok) fail(`${route} ${res.status}`);
            } catch (error) {
              fail(`${route} ${error}`);
            }
          }
          await sleep(CLIENT_PAUSE_MS);
        }
      }),
    );
    return {
      requests,
      errors,
      failures: [...failures].map(([k, n]) => `${k} (${n})`).join(', '),
    };
  }

  /** The load for `ms`, with the memory after a full GC every minute. */
  private async soak(
    tokens: string[],
    ms: number,
    gcSamples: (count: number, prefix: string) => Promise<Sample[]>,
  ) {
    const started = Date.now();
    const minutes = Math.max(1, Math.round(ms / 60_000));
    const lines: string[] = [];
    for (let minute = 0; minute <= minutes; minute++) {
      const [sample] = await gcSamples(1, `soak${minute}`);
      lines.push(
        `memory at ${minute} min: RSS ${mb(sample.rss)}, heap used ${mb(
          sample.heapUsed,
        )}`,
      );
      log(lines[lines.length - 1]);
      if (minute < minutes) {
        const load = await this.load(
          tokens,
          started + (minute + 1) * 60_000 - Date.now(),
        );
        if (load.errors > 0) {
          throw new Error(`${load.errors} of ${load.requests} requests failed`);
        }
      }
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }

  private async dropDatabases(prefix: string) {
    const { Client } = createRequire(
      join(root, 'packages/backend/package.json'),
    )('pg');
    const client = new Client({
      ...this.services.POSTGRES,
      database: 'postgres',
    });
    await client.connect();
    try {
      const { rows } = await client.query(
        'SELECT datname FROM pg_database WHERE datname LIKE $1',
        [`${prefix}%`],
      );
      for (const { datname } of rows) {
        await this.services.dropDatabase(datname);
      }
    } finally {
      await client.end();
    }
  }
}

function readSamples(file: string, pid: number): Sample[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line) as Sample)
    .filter(s => s.pid === pid);
}

function log(text: string) {
  process.stderr.write(`[bench:memory] ${text}\n`);
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  return rows
    .map(r =>
      r
        .map((cell, i) =>
          i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const bench = new Bench(options);
  await bench.setUp();
  const sample = productionSized(generateApplications(1)[0]);
  const header = [
    `bench:memory: production bundle, ${options.apps
      .map(n => n.toLocaleString('en-US'))
      .join(' and ')} apps${
      options.kubernetes > 0
        ? ` (${Math.round(
            options.kubernetes * 100,
          )} % in a Kubernetes source, the rest in Argo CD)`
        : ' in one Argo CD'
    }, ${(JSON.stringify(sample).length / 1024).toFixed(1)} kB of JSON each`,
    `per run: first complete status, ${CLIENTS} signed-in clients on ${
      ROUTES.length
    } routes every ${CLIENT_PAUSE_MS} ms for ${
      options.loadMs / 1000
    } s, then the median of 3 samples after a full GC; ${
      options.repeat
    } run(s) each, median shown`,
  ];

  if (options.soakMs) {
    const apps = options.apps[0];
    log(`soak: ${apps} apps for ${options.soakMs / 60_000} min`);
    process.stdout.write(
      `bench:memory --soak: production bundle, ${apps} apps, ${CLIENTS} signed-in clients on ${ROUTES.length} routes every ${CLIENT_PAUSE_MS} ms, memory after a full GC\n`,
    );
    await bench.run(apps, true, { soakMs: options.soakMs });
    return;
  }

  const results: RunResult[] = [];
  for (const apps of options.apps) {
    for (let i = 0; i < options.repeat; i++) {
      // Alternate the order, so that drift on a shared machine evens out.
      const order = i % 2 ? [true, false] : [false, true];
      for (const engine of order) {
        log(`${apps} apps, engine ${engine ? 'on' : 'off'}, run ${i + 1}`);
        const snapshot =
          options.heapSnapshot && engine && i === options.repeat - 1
            ? join(tmpdir(), `bench-memory-${apps}-${Date.now()}.heapsnapshot`)
            : undefined;
        const result = await bench.run(apps, engine, { snapshot });
        log(
          `  RSS ${mb(result.rss)}, heap used ${mb(
            result.heapUsed,
          )}, peak RSS ${mb(result.peakRss)}, ${result.requests} requests`,
        );
        results.push(result);
      }
    }
  }

  const rows: string[][] = [
    [
      'apps',
      'engine',
      'RSS after GC',
      'heap used after GC',
      'external',
      'peak RSS under load',
      'first status',
      'requests',
    ],
  ];
  let over = false;
  const shares: string[] = [];
  for (const apps of options.apps) {
    const of = (engine: boolean) =>
      results.filter(r => r.apps === apps && r.engine === engine);
    const m = (rs: RunResult[], key: keyof RunResult) =>
      median(rs.map(r => r[key] as number));
    const range = (rs: RunResult[], key: 'rss' | 'heapUsed') =>
      rs.length > 1
        ? ` (${rs.map(r => (r[key] / 1024 / 1024).toFixed(0)).join(', ')})`
        : '';
    const label = apps.toLocaleString('en-US');
    for (const engine of [false, true]) {
      const rs = of(engine);
      rows.push([
        label,
        engine ? 'on' : 'off',
        `${mb(m(rs, 'rss'))}${range(rs, 'rss')}`,
        `${mb(m(rs, 'heapUsed'))}${range(rs, 'heapUsed')}`,
        mb(m(rs, 'external')),
        mb(m(rs, 'peakRss')),
        engine ? `${(m(rs, 'firstStatusMs') / 1000).toFixed(1)} s` : '-',
        String(m(rs, 'requests')),
      ]);
    }
    const diff = (key: keyof RunResult) => m(of(true), key) - m(of(false), key);
    const sign = (bytes: number) => `${bytes < 0 ? '' : '+'}${mb(bytes)}`;
    rows.push([
      label,
      'share',
      sign(diff('rss')),
      sign(diff('heapUsed')),
      sign(diff('external')),
      sign(diff('peakRss')),
      '',
      '',
    ]);
    if (apps === 2000) {
      const worst = Math.max(diff('rss'), diff('heapUsed'));
      over = worst > BUDGET_MB * 1024 * 1024;
      shares.push(
        `budget: engine's share under ${BUDGET_MB} MB at 2,000 apps (RSS and heap after GC): ${
          over ? 'OVER' : 'met'
        } (${sign(diff('rss'))} RSS, ${sign(diff('heapUsed'))} heap)`,
      );
    }
  }
  process.stdout.write(
    `${[...header, '', table(rows), '', ...shares].join('\n')}\n`,
  );
  log(`backend log: ${bench.logFile}`);
  if (over) process.exitCode = 1;
}

main()
  .catch(error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());

/*
 * What `yarn soak` and `yarn bench:memory` share: loopback upstreams holding
 * the applications, a catalog of matching entities, and the real backend in
 * its own process (soakBackend.ts), so its memory and event loop are its own
 * and not the load generator's.
 */
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import net from 'node:net';
import { ArgoCdApplication } from '../src/service/sources/types';
import {
  buildApplication,
  generateApplications,
  LoopbackArgoCd,
  LoopbackKubernetes,
  LoopbackTool,
  platformWaves,
  startLoopbackArgoCd,
  startLoopbackKubernetes,
  startLoopbackTool,
} from '../src/testUtils';
import type { FromBackend, ToBackend } from './soakBackend';

/** The module whose entity page the soak reads; its application is in the cluster. */
export const MODULE_NAME = 'data-ingestion';
/** The Argo CD application the soak changes on every recovery (wave 3). */
export const ARGOCD_MARKER = 'c-3';
export const TOKEN = 'soak-static-token-0123456789';

export type MemoryReport = Extract<FromBackend, { type: 'memory' }>;

/**
 * Adds what real Applications carry and the fixtures leave out: managed
 * fields, a last-applied annotation, 20 resources and 10 history entries.
 * About 9 kB of JSON each, like an Application of a real cluster.
 */
export function productionSized(app: ArgoCdApplication): ArgoCdApplication {
  const name = app.metadata.name;
  const status = app.status as Record<string, unknown> | undefined;
  const fieldsV1 = {
    'f:metadata': { 'f:labels': { '.': {}, 'f:base-layer.io/wave': {} } },
    'f:spec': {
      '.': {},
      'f:destination': { '.': {}, 'f:namespace': {}, 'f:server': {} },
      'f:project': {},
      'f:source': { '.': {}, 'f:path': {}, 'f:repoURL': {} },
      'f:syncPolicy': { '.': {}, 'f:automated': {}, 'f:syncOptions': {} },
    },
  };
  return {
    ...app,
    metadata: {
      ...app.metadata,
      annotations: {
        ...app.metadata.annotations,
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
          apiVersion: app.apiVersion,
          kind: app.kind,
          metadata: { name, namespace: app.metadata.namespace },
          spec: app.spec,
        }),
      },
      managedFields: ['argocd-server', 'argocd-application-controller'].map(
        manager => ({
          manager,
          operation: 'Update',
          apiVersion: 'argoproj.io/v1alpha1',
          time: '2026-11-21T10:05:00Z',
          fieldsType: 'FieldsV1',
          fieldsV1,
        }),
      ),
    } as ArgoCdApplication['metadata'],
    ...(status && {
      status: {
        ...status,
        resources: Array.from({ length: 20 }, (_, i) => ({
          group: i % 2 ? 'apps' : '',
          version: 'v1',
          kind: ['Deployment', 'Service', 'ConfigMap', 'Secret'][i % 4],
          namespace: name,
          name: `${name}-${i}`,
          status: 'Synced',
          health: i % 4 === 0 ? { status: 'Healthy' } : undefined,
        })),
        history: Array.from({ length: 10 }, (_, i) => ({
          id: i + 1,
          revision: `${i}`.padStart(40, 'a'),
          deployedAt: '2026-11-21T10:01:30Z',
          deployStartedAt: '2026-11-21T10:00:00Z',
          source: {
            repoURL: 'https://github.com/vsem-svoim/base-app-layer.git',
            path: `platform-services/${name}`,
            targetRevision: 'main',
          },
        })),
      } as ArgoCdApplication['status'],
    }),
  };
}

/** A free port in 7700-7799, the range this machine reserves for us. */
export async function freePort(): Promise<number> {
  const start = 7700 + Math.floor(Math.random() * 100);
  for (let i = 0; i < 100; i++) {
    const port = 7700 + ((start - 7700 + i) % 100);
    const free = await new Promise<boolean>(resolve => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) {
      return port;
    }
  }
  throw new Error('No free port in 7700-7799');
}

const ANSWERS: Array<FromBackend['type']> = [
  'started',
  'failed',
  'memory',
  'stopped',
];

/** The backend process: started, asked for its memory, stopped. */
export class BackendProcess {
  private readonly waiting: Array<(m: FromBackend) => void> = [];
  exited?: number | null;

  private constructor(private readonly child: ChildProcess) {
    // The backend answers each question in turn. Backstage's module loader
    // also reports the files it loads over IPC (for watch mode): not ours.
    child.on('message', (message: FromBackend) => {
      if (ANSWERS.includes(message?.type)) {
        this.waiting.shift()?.(message);
      }
    });
    child.on('exit', code => {
      this.exited = code;
    });
  }

  static async start(options: {
    config: JsonObject;
    entities: Entity[];
    engine: boolean;
    logFile: string;
  }): Promise<BackendProcess> {
    const log = openSync(options.logFile, 'a');
    const child = fork(require.resolve('./soakBackend.ts'), [], {
      execArgv: [
        '--expose-gc',
        '-r',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      ],
      stdio: ['ignore', log, log, 'ipc'],
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    });
    closeSync(log);
    const backend = new BackendProcess(child);
    const answer = await backend.ask({
      type: 'start',
      config: options.config,
      entities: options.entities,
      engine: options.engine,
    });
    if (answer.type !== 'started') {
      throw new Error(
        `The backend did not start: ${
          answer.type === 'failed' ? answer.error : answer.type
        } (log: ${options.logFile})`,
      );
    }
    return backend;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async memory(gc = true): Promise<MemoryReport> {
    const answer = await this.ask({ type: 'memory', gc });
    if (answer.type !== 'memory') {
      throw new Error(`Unexpected answer ${answer.type}`);
    }
    return answer;
  }

  async stop(): Promise<void> {
    if (this.exited !== undefined) {
      return;
    }
    const exited = new Promise(resolve => this.child.once('exit', resolve));
    this.child.send({ type: 'stop' } satisfies ToBackend);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  private ask(message: ToBackend): Promise<FromBackend> {
    return new Promise((resolve, reject) => {
      if (this.exited !== undefined) {
        reject(new Error(`The backend exited with ${this.exited}`));
        return;
      }
      const onExit = (code: number | null) =>
        reject(new Error(`The backend exited with ${code}`));
      this.child.once('exit', onExit);
      this.waiting.push(answer => {
        this.child.off('exit', onExit);
        resolve(answer);
      });
      this.child.send(message);
    });
  }
}

export interface Environment {
  cluster: LoopbackKubernetes;
  argocd: LoopbackArgoCd;
  tool: LoopbackTool;
  backend: BackendProcess;
  baseUrl: string;
  /** Applications, as first served, by name. */
  clusterApps: ArgoCdApplication[];
  argocdApps: ArgoCdApplication[];
  stop(): Promise<void>;
}

/**
 * Starts the loopback upstreams with `applications` Applications (70 % in
 * one Kubernetes cluster, 30 % in one Argo CD), a catalog entity for each
 * plus the module entity, and the backend, with or without the engine.
 */
export async function startEnvironment(options: {
  applications: number;
  engine: boolean;
  logFile: string;
  sized?: 'fixture' | 'production';
  refreshInterval?: JsonObject;
}): Promise<Environment> {
  const size =
    options.sized === 'production'
      ? productionSized
      : (a: ArgoCdApplication) => a;
  const inCluster = Math.round(options.applications * 0.7);
  const clusterApps = [
    buildApplication({ name: MODULE_NAME, wave: 3, multiSource: true }),
    ...generateApplications(inCluster - 1, 'k'),
  ].map(size);
  const argocdApps = generateApplications(
    options.applications - inCluster,
    'c',
  ).map(size);
  const cluster = await startLoopbackKubernetes({ applications: clusterApps });
  const argocd = await startLoopbackArgoCd({ applications: argocdApps });
  const tool = await startLoopbackTool();

  const component = (
    name: string,
    annotations: Record<string, string>,
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'platform', lifecycle: 'production' },
  });
  const entities: Entity[] = [
    component(MODULE_NAME, {
      'base-layer.io/wave': '3',
      'base-layer.io/overlays': 'dev,prod',
      'base-layer.io/environments': 'dev',
      'base-layer.io/cluster': 'base-layer',
      'argocd/app-name': MODULE_NAME,
      'base-layer.io/airflow-dag-ids': 'data_ingestion_orchestrator',
      'base-layer.io/mlflow-experiment': MODULE_NAME,
      'grafana/dashboard-selector': MODULE_NAME,
    }),
    ...[...clusterApps.slice(1), ...argocdApps].map(a =>
      component(a.metadata.name, { 'argocd/app-name': a.metadata.name }),
    ),
  ];

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config: JsonObject = {
    backend: {
      baseUrl,
      listen: { host: '127.0.0.1', port },
      database: { client: 'better-sqlite3', connection: ':memory:' },
      cache: { store: 'memory' },
      auth: {
        externalAccess: [
          { type: 'static', options: { token: TOKEN, subject: 'soak' } },
        ],
      },
    },
    permission: { enabled: true },
    baseLayer: {
      waves: platformWaves,
      refreshInterval: options.refreshInterval ?? { seconds: 30 },
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
            name: 'platform-services',
            url: argocd.url,
            username: argocd.username,
            password: argocd.password,
          },
        ],
      },
      tools: {
        dev: {
          argocd: tool.url,
          mlflow: tool.url,
          airflow: tool.url,
          grafana: tool.url,
        },
      },
    },
  };
  const stopUpstreams = () =>
    Promise.all([cluster.stop(), argocd.stop(), tool.stop()]).then(() => {});
  let backend: BackendProcess;
  try {
    backend = await BackendProcess.start({
      config,
      entities,
      engine: options.engine,
      logFile: options.logFile,
    });
  } catch (error) {
    await stopUpstreams();
    throw error;
  }
  return {
    cluster,
    argocd,
    tool,
    backend,
    baseUrl,
    clusterApps,
    argocdApps,
    async stop() {
      await backend.stop();
      await stopUpstreams();
    },
  };
}

/** GET with the static token, as a client of the API would. */
export function get(
  baseUrl: string,
  path: string,
  timeoutMs = 10_000,
): Promise<Response> {
  return fetch(`${baseUrl}/api/base-layer${path}`, {
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'accept-encoding': 'gzip',
    },
    signal: AbortSignal.timeout(timeoutMs),
  });
}

/** Waits until every source answered and every application is served. */
export async function waitForCompleteStatus(
  baseUrl: string,
  applications: number,
  timeoutMs = 120_000,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      const res = await get(baseUrl, '/waves');
      if (res.ok) {
        const body = (await res.json()) as {
          sources: Array<{ ok: boolean }>;
          waves: Array<{ total: number }>;
        };
        const total = body.waves.reduce((sum, w) => sum + w.total, 0);
        if (body.sources.every(s => s.ok) && total === applications) {
          return Date.now() - started;
        }
      } else {
        await res.arrayBuffer();
      }
    } catch {
      // not up yet
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `No complete status with ${applications} applications within ${timeoutMs} ms`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) {
    throw new Error(`Invalid duration '${text}': use e.g. 90s, 2m or 1h`);
  }
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[
    (match[2] ?? 'm') as 'ms' | 's' | 'm' | 'h'
  ];
  return Number(match[1]) * unit;
}

/*
 * Benchmark of the wave engine: 2,000 Applications across 2 loopback
 * Kubernetes clusters and 1 loopback Argo CD instance.
 *
 *   yarn bench
 *
 * Prints the time to the first complete wave status, GET /waves latency over
 * 1,000 requests, upstream requests per refresh, added memory, and a
 * comparison with the per-entity lookup pattern (one Argo CD login plus one
 * application request per entity per page view).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { CatalogEntityIndex } from '../src/service/catalog/CatalogEntityIndex';
import { EntityStatusService } from '../src/service/EntityStatusService';
import { createRouter } from '../src/service/router';
import { ArgoCdApiSource } from '../src/service/sources/argocd/ArgoCdApiSource';
import { KubernetesApplicationSource } from '../src/service/sources/kubernetes/KubernetesApplicationSource';
import { ModuleLinkBuilder } from '../src/service/tools/ModuleLinkBuilder';
import { ToolHealthService } from '../src/service/tools/ToolHealthService';
import { WaveStatusService } from '../src/service/waves/WaveStatusService';
import {
  generateApplications,
  platformWaves,
  startLoopbackArgoCd,
  startLoopbackKubernetes,
} from '../src/testUtils';
import { jsonCache } from '../src/__testUtils__/jsonCache';
import { silentLogger } from './benchServices';

const PER_CLUSTER = 700;
const IN_ARGOCD = 600;
const REQUESTS = 1000;
const REFRESHES = 5;
const NAIVE_PAGE_VIEWS = 3;

const gc = () => (global as { gc?: () => void }).gc?.();
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number) => `${value.toFixed(2)} ms`;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
  const logger: LoggerService = silentLogger();
  const clusterA = await startLoopbackKubernetes({
    applications: generateApplications(PER_CLUSTER, 'a'),
  });
  const clusterB = await startLoopbackKubernetes({
    applications: generateApplications(PER_CLUSTER, 'b'),
  });
  const argocdApps = generateApplications(IN_ARGOCD, 'c');
  const argocd = await startLoopbackArgoCd({ applications: argocdApps });
  const allNames = [
    ...Array.from({ length: PER_CLUSTER }, (_, i) => `a-${i}`),
    ...Array.from({ length: PER_CLUSTER }, (_, i) => `b-${i}`),
    ...argocdApps.map(a => a.metadata.name),
  ];
  const entities: Entity[] = allNames.map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'argocd/app-name': name },
    },
    spec: {},
  }));

  gc();
  const baseline = process.memoryUsage();
  const started = performance.now();

  const kubernetes = (name: string, url: string, token: string) =>
    new KubernetesApplicationSource({
      name,
      url,
      token,
      skipTLSVerify: true,
      namespace: 'argocd',
      timeoutMs: 5000,
      logger,
    });
  const index = new CatalogEntityIndex({
    catalog: {} as never,
    auth: {} as never,
    logger,
  });
  index.replace(entities);
  // Values go through JSON, as with Redis, so the benchmark does not flatter the engine.
  const cache = jsonCache();
  const waves = new WaveStatusService({
    sources: [
      kubernetes('cluster-a', clusterA.url, clusterA.token),
      kubernetes('cluster-b', clusterB.url, clusterB.token),
      new ArgoCdApiSource({
        name: 'argocd',
        baseUrl: argocd.url,
        credentials: { username: argocd.username, password: argocd.password },
        timeoutMs: 5000,
        logger,
      }),
    ],
    waves: platformWaves,
    entities: index,
    cache,
    logger,
    readTimeoutMs: 20_000,
    staleAfterMs: 90_000,
  });
  const first = await waves.getWaves();
  const timeToFirst = performance.now() - started;
  const total = first.waves.reduce((sum, w) => sum + w.total, 0);
  const initial = {
    lists: clusterA.requests.list + clusterB.requests.list,
    watches: clusterA.requests.watch + clusterB.requests.watch,
    argocdLists: argocd.requests.list,
    logins: argocd.requests.session,
  };
  if (!first.sources.every(s => s.ok) || total !== allNames.length) {
    throw new Error(`Incomplete first status: ${total} applications`);
  }

  const app = express();
  app.use(
    await createRouter({
      httpAuth: { credentials: async () => ({}) } as never,
      permissions: {
        authorize: async () => [{ result: AuthorizeResult.ALLOW }],
      } as never,
      waves,
      entityStatus: new EntityStatusService({
        waves,
        entities: index,
        links: new ModuleLinkBuilder({}),
        tools: new ToolHealthService({
          tools: {},
          cache,
          logger,
          timeoutMs: 5000,
          cacheTtlMs: 60_000,
        }),
        configuredEnvironments: [],
      }),
      history: {} as never,
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Warm-up, then 1,000 sequential page loads.
  for (let i = 0; i < 20; i++) {
    await (await fetch(`${base}/waves`)).arrayBuffer();
  }
  const upstreamBefore = upstreamCount();
  const latencies: number[] = [];
  let bytes = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}/waves`);
    bytes = (await res.arrayBuffer()).byteLength;
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  const upstreamDuringRequests = upstreamCount() - upstreamBefore;

  const beforeRefreshes = upstreamCount();
  const argocdListsBefore = argocd.requests.list;
  const loginsBefore = argocd.requests.session;
  const k8sListsBefore = clusterA.requests.list + clusterB.requests.list;
  for (let i = 0; i < REFRESHES; i++) {
    await waves.refresh();
  }
  const perRefresh = (upstreamCount() - beforeRefreshes) / REFRESHES;
  const argocdListsPerRefresh =
    (argocd.requests.list - argocdListsBefore) / REFRESHES;
  const loginsPerRefresh = (argocd.requests.session - loginsBefore) / REFRESHES;
  const k8sListsPerRefresh =
    (clusterA.requests.list + clusterB.requests.list - k8sListsBefore) /
    REFRESHES;

  gc();
  const after = process.memoryUsage();

  // The per-entity pattern: every page view logs in and fetches each entity's
  // application, one request at a time per entity (20 in flight).
  const naiveBefore = argocd.requests.session + argocd.requests.get;
  const naiveStarted = performance.now();
  for (let view = 0; view < NAIVE_PAGE_VIEWS; view++) {
    await naivePageView(argocd.url, argocd.username, argocd.password, allNames);
  }
  const naiveMs = (performance.now() - naiveStarted) / NAIVE_PAGE_VIEWS;
  const naivePerView =
    (argocd.requests.session + argocd.requests.get - naiveBefore) /
    NAIVE_PAGE_VIEWS;
  // Ours: page views cost no upstream request; refreshes cost perRefresh each.
  const oursPerView = upstreamDuringRequests / REQUESTS;

  const lines = [
    [
      'applications',
      `${total} (2 clusters x ${PER_CLUSTER}, Argo CD ${IN_ARGOCD})`,
    ],
    ['time to first complete wave status', ms(timeToFirst)],
    [`GET /waves p50 (${REQUESTS} requests)`, ms(percentile(latencies, 50))],
    [`GET /waves p95 (${REQUESTS} requests)`, ms(percentile(latencies, 95))],
    ['GET /waves response size', mb(bytes)],
    [
      'upstream requests during the 1,000 GET /waves',
      String(upstreamDuringRequests),
    ],
    [
      'upstream requests per refresh',
      `${perRefresh} (Argo CD: ${argocdListsPerRefresh} list, ${loginsPerRefresh} logins; Kubernetes: ${k8sListsPerRefresh} lists, served by the watch)`,
    ],
    [
      'initial upstream requests',
      `Kubernetes: ${initial.lists} lists + ${initial.watches} watches; Argo CD: ${initial.argocdLists} list + ${initial.logins} session login`,
    ],
    ['added heap', mb(after.heapUsed - baseline.heapUsed)],
    ['added RSS', mb(after.rss - baseline.rss)],
    [
      'per-entity pattern: upstream requests per page view',
      String(naivePerView),
    ],
    ['per-entity pattern: time per page view', ms(naiveMs)],
    [
      'ratio of upstream requests, per-entity pattern / engine (one page view vs one refresh)',
      `${Math.round(naivePerView / Math.max(perRefresh, 1))}x`,
    ],
    [
      'upstream requests per page view, engine',
      `${oursPerView} (vs ${naivePerView})`,
    ],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  process.stdout.write(
    `${lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`,
  );

  function upstreamCount() {
    return (
      clusterA.requests.list +
      clusterA.requests.watch +
      clusterB.requests.list +
      clusterB.requests.watch +
      argocd.requests.list +
      argocd.requests.session +
      argocd.requests.get
    );
  }

  server.close();
  await waves.stop();
  await Promise.all([clusterA.stop(), clusterB.stop(), argocd.stop()]);
}

async function naivePageView(
  url: string,
  username: string,
  password: string,
  names: string[],
) {
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++];
      const login = await fetch(`${url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      const { token } = (await login.json()) as { token: string };
      const res = await fetch(
        `${url}/api/v1/applications/${encodeURIComponent(name)}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});

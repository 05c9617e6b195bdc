/*
 * Soak test of the wave engine: `yarn soak [duration]` (default 2m).
 *
 * 2,000 Applications (1,400 in a loopback Kubernetes cluster, 600 in a
 * loopback Argo CD) behind the real backend in its own process
 * (soakBackend.ts: createBackend() with the base-layer plugin, static-token
 * auth, the permission backend and compression). Both upstreams cycle
 * through answering, 503, hanging, malformed JSON, connection reset and a
 * 3 s delay, with an answering phase between failures; the cycle is 5
 * minutes long, shorter when the run is. Three clients read every route
 * every 50 ms. Each recovery changes one application in each upstream, and
 * the time until the API serves that change, fresh, is the recovery time.
 *
 * Prints requests and status codes, p50/p99 latency, unhandled rejections,
 * the longest recovery, and the backend's RSS and heap (after a full GC) at
 * the start and every minute. Exits non-zero on an unhandled rejection, a
 * 5xx or a network error.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ArgoCdApplication } from '../src/service/sources/types';
import { LoopbackFailure } from '../src/testUtils';
import {
  ARGOCD_MARKER,
  Environment,
  get,
  mb,
  MemoryReport,
  MODULE_NAME,
  parseDuration,
  startEnvironment,
  waitForCompleteStatus,
} from './harness';

const APPLICATIONS = 2000;
const CLIENTS = 3;
const INTERVAL_MS = 50;
const MAX_CYCLE_MS = 5 * 60_000;
const ROUTES = [
  '/waves',
  '/waves/3',
  `/entities/component/default/${MODULE_NAME}/status`,
  '/history',
];
const MODES: Array<{ name: string; failure?: LoopbackFailure }> = [
  { name: 'answering' },
  { name: '503', failure: { kind: 'status', status: 503 } },
  { name: 'answering' },
  { name: 'hanging', failure: { kind: 'hang' } },
  { name: 'answering' },
  { name: 'malformed JSON', failure: { kind: 'malformed' } },
  { name: 'answering' },
  { name: 'connection reset', failure: { kind: 'reset' } },
  { name: 'answering' },
  { name: '3 s delay', failure: { kind: 'slow', delayMs: 3000 } },
];

const revision = (generation: number) =>
  `50a4${generation.toString(16).padStart(36, '0')}`;

function withRevision(
  app: ArgoCdApplication,
  generation: number,
): ArgoCdApplication {
  return {
    ...app,
    status: {
      ...app.status,
      sync: { ...app.status?.sync, revision: revision(generation) },
    },
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? NaN
    : sorted[
        Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
      ];
const ms = (value: number) => `${value.toFixed(1)} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
const print = (line: string) => process.stdout.write(`${line}\n`);

let soakRejections = 0;
process.on('unhandledRejection', reason => {
  soakRejections++;
  process.stderr.write(`unhandled rejection in the soak: ${reason}\n`);
});

async function main() {
  const durationMs = parseDuration(process.argv[2] ?? '2m');
  const cycles = Math.max(1, Math.round(durationMs / MAX_CYCLE_MS));
  const phaseMs = durationMs / (cycles * MODES.length);
  const logFile = join(tmpdir(), `base-layer-soak-${Date.now()}.log`);

  const started = performance.now();
  const env: Environment = await startEnvironment({
    applications: APPLICATIONS,
    engine: true,
    logFile,
    refreshInterval: { seconds: 5 },
  });
  const firstStatusMs = await waitForCompleteStatus(env.baseUrl, APPLICATIONS);
  print(
    `soak: ${seconds(durationMs)}, ${APPLICATIONS} applications (Kubernetes ${
      env.clusterApps.length
    }, Argo CD ${
      env.argocdApps.length
    }), ${CLIENTS} clients every ${INTERVAL_MS} ms on ${ROUTES.length} routes`,
  );
  print(
    `backend: pid ${env.backend.pid}, ${env.baseUrl}, refreshInterval 5s, requestTimeout 5s, log ${logFile}`,
  );
  print(
    `ready in ${seconds(
      performance.now() - started,
    )} (first complete status ${seconds(firstStatusMs)} after start-up)`,
  );
  print(
    `phases: ${cycles} cycle(s) of ${MODES.map(m => m.name).join(
      ', ',
    )}; ${seconds(phaseMs)} each`,
  );

  const memory: Array<{ at: number; report: MemoryReport }> = [];
  let soakStarted = performance.now();
  const sampleMemory = async () => {
    const report = await env.backend.memory(true);
    const at = performance.now() - soakStarted;
    memory.push({ at, report });
    print(
      `memory at ${(at / 60_000).toFixed(0)} min: RSS ${mb(
        report.rss,
      )}, heap used ${mb(report.heapUsed)} (of ${mb(report.heapTotal)})`,
    );
  };

  // Requests and what they answered.
  const latencies = new Map<string, number[]>(ROUTES.map(r => [r, []]));
  const statuses = new Map<number, number>();
  let networkErrors = 0;
  const errorSamples: string[] = [];
  let requests = 0;

  // Recoveries: the time from an upstream answering again to the API serving
  // the change made at that moment, with no source failing.
  let generation = 0;
  let pending: { since: number; after: string; generation: number } | undefined;
  const recoveries: Array<{ after: string; ms?: number }> = [];

  const checkRecovery = (text: string, receivedAt: number) => {
    const expected = pending;
    if (!expected) {
      return;
    }
    const wave = JSON.parse(text) as {
      stale: boolean;
      applications: Array<{ name: string; revision?: string }>;
    };
    const revisionOf = (name: string) =>
      wave.applications.find(a => a.name === name)?.revision;
    if (
      !wave.stale &&
      revisionOf(MODULE_NAME) === revision(expected.generation) &&
      revisionOf(ARGOCD_MARKER) === revision(expected.generation)
    ) {
      recoveries.push({
        after: expected.after,
        ms: receivedAt - expected.since,
      });
      pending = undefined;
    }
  };

  const hit = async (route: string) => {
    const t0 = performance.now();
    const checking = pending !== undefined && route === '/waves/3';
    try {
      const res = await get(env.baseUrl, route);
      const text = await res.text();
      const receivedAt = performance.now();
      requests++;
      latencies.get(route)!.push(receivedAt - t0);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500 && errorSamples.length < 10) {
        errorSamples.push(`${route}: ${res.status} ${text.slice(0, 200)}`);
      }
      if (checking && res.ok) {
        checkRecovery(text, receivedAt);
      }
    } catch (error) {
      requests++;
      networkErrors++;
      if (errorSamples.length < 10) {
        errorSamples.push(`${route}: ${String(error)}`);
      }
    }
  };

  let running = true;
  const client = async () => {
    while (running) {
      const t0 = performance.now();
      await Promise.all(ROUTES.map(hit));
      const wait = INTERVAL_MS - (performance.now() - t0);
      if (wait > 0) {
        await sleep(wait);
      }
    }
  };

  soakStarted = performance.now();
  await sampleMemory();
  const clients = Array.from({ length: CLIENTS }, client);
  const memoryTimer = setInterval(() => {
    sampleMemory().catch(error => print(`memory sample failed: ${error}`));
  }, 60_000);

  const phases = cycles * MODES.length;
  for (let phase = 0; phase < phases; phase++) {
    const mode = MODES[phase % MODES.length];
    if (pending) {
      recoveries.push({ after: pending.after });
      pending = undefined;
    }
    if (mode.failure) {
      env.cluster.setFailure(mode.failure);
      env.argocd.setFailure(mode.failure);
      // As an API server restart would: the watch has to reconnect into the failure.
      env.cluster.closeWatches();
    } else if (phase > 0) {
      const current = ++generation;
      env.cluster.upsert(withRevision(env.clusterApps[0], current));
      env.argocd.setApplications(
        env.argocdApps.map(a =>
          a.metadata.name === ARGOCD_MARKER ? withRevision(a, current) : a,
        ),
      );
      env.cluster.setFailure(undefined);
      env.argocd.setFailure(undefined);
      pending = {
        since: performance.now(),
        after: MODES[(phase - 1) % MODES.length].name,
        generation: current,
      };
    }
    await sleep(soakStarted + (phase + 1) * phaseMs - performance.now());
    if (env.backend.exited !== undefined) {
      break;
    }
  }
  if (pending) {
    recoveries.push({ after: pending.after });
    pending = undefined;
  }
  running = false;
  clearInterval(memoryTimer);
  await Promise.all(clients);
  const backendExited = env.backend.exited;
  const final =
    backendExited === undefined ? await env.backend.memory(true) : undefined;
  if (final) {
    memory.push({ at: performance.now() - soakStarted, report: final });
  }
  const upstream = {
    k8s: { ...env.cluster.requests },
    argocd: { ...env.argocd.requests },
  };
  await env.stop();

  const all = [...latencies.values()].flat().sort((a, b) => a - b);
  const recovered = recoveries.filter(r => r.ms !== undefined);
  const longest = recovered.reduce<(typeof recoveries)[number] | undefined>(
    (max, r) => (max && max.ms! >= r.ms! ? max : r),
    undefined,
  );
  const byMode = new Map<string, number[]>();
  for (const r of recovered) {
    byMode.set(r.after, [...(byMode.get(r.after) ?? []), r.ms!]);
  }
  const fivexx = [...statuses]
    .filter(([status]) => status >= 500)
    .reduce((sum, [, count]) => sum + count, 0);
  const backendRejections = final?.unhandledRejections ?? NaN;
  const first = memory[0].report;
  const last = memory[memory.length - 1].report;

  const lines: Array<[string, string]> = [
    ['requests', String(requests)],
    [
      'status codes',
      [...statuses]
        .sort(([a], [b]) => a - b)
        .map(([status, count]) => `${status}: ${count}`)
        .join(', ') || 'none',
    ],
    ['network errors', String(networkErrors)],
    [
      'latency p50 / p99, all routes',
      `${ms(percentile(all, 50))} / ${ms(percentile(all, 99))}`,
    ],
    ...ROUTES.map((route): [string, string] => {
      const sorted = latencies.get(route)!.sort((a, b) => a - b);
      return [
        `  ${route}`,
        `${ms(percentile(sorted, 50))} / ${ms(percentile(sorted, 99))}`,
      ];
    }),
    [
      'unhandled rejections',
      `${backendRejections} in the backend, ${soakRejections} in the soak process`,
    ],
    [
      'longest recovery to a correct status',
      longest
        ? `${seconds(longest.ms!)} (after ${longest.after})`
        : 'none observed',
    ],
    ...[...byMode].map(([after, values]): [string, string] => [
      `  after ${after}`,
      values.map(seconds).join(', '),
    ]),
    [
      'recoveries within their phase',
      `${recovered.length} of ${recoveries.length}${
        recoveries.length > recovered.length
          ? ` (not within ${seconds(phaseMs)}: after ${recoveries
              .filter(r => r.ms === undefined)
              .map(r => r.after)
              .join(', ')})`
          : ''
      }`,
    ],
    [
      'upstream requests',
      `Kubernetes ${upstream.k8s.list} lists, ${upstream.k8s.watch} watches; Argo CD ${upstream.argocd.list} lists, ${upstream.argocd.session} logins`,
    ],
    [
      'backend memory, start -> end',
      `RSS ${mb(first.rss)} -> ${mb(last.rss)}, heap used ${mb(
        first.heapUsed,
      )} -> ${mb(last.heapUsed)}`,
    ],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  print(lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n'));

  const problems = [
    backendExited !== undefined &&
      `the backend exited early with ${backendExited}`,
    !(backendRejections === 0) &&
      `${backendRejections} unhandled rejections in the backend: ${final?.rejections.join(
        '\n',
      )}`,
    soakRejections > 0 &&
      `${soakRejections} unhandled rejections in the soak process`,
    fivexx > 0 && `${fivexx} responses with a 5xx status`,
    networkErrors > 0 && `${networkErrors} network errors`,
  ].filter(Boolean);
  if (errorSamples.length > 0) {
    print(`first errors:\n  ${errorSamples.join('\n  ')}`);
  }
  if (problems.length > 0) {
    print(`FAILED: ${problems.join('; ')}`);
    process.exitCode = 1;
  } else {
    print('OK');
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});

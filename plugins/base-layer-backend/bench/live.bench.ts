/*
 * Benchmark of live updates: GET /waves through a running backend
 * (`startTestBackend`: the root HTTP router with its compression, auth and
 * permissions) at 2,000 Applications served by one loopback Kubernetes API,
 * what an idle Waves page transfers in 5 minutes, and the time from a watch
 * event to the signal and to the page's re-read.
 *
 *   yarn bench:live
 */
import {
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { JsonObject } from '@backstage/types';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { baseLayerPlugin } from '../src/plugin';
import {
  generateApplications,
  platformWaves,
  startLoopbackKubernetes,
} from '../src/testUtils';
import { silentLogger } from './benchServices';

const APPLICATIONS = 2000;
const REQUESTS = 300;
const EVENTS = 5;
const IDLE_MS = 5 * 60_000;
/** What the page did before: a full GET /waves every 15 s. */
const OLD_POLL_MS = 15_000;
/** useAutoRefresh's fallback poll while signals are available. */
const FALLBACK_POLL_MS = 60_000;
/** useAutoRefresh's first re-read with signals, while the socket may still connect. */
const SIGNALS_CONNECT_GRACE_MS = 8_000;
/** The signals backend pings every socket every 30 s; a ping and its masked pong. */
const PING_BYTES = 2 + 6;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const ms = (value: number) => `${value.toFixed(2)} ms`;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

interface Answer {
  status: number;
  etag?: string;
  /** Bytes on the wire, both ways: request, status line, headers and body. */
  wireBytes: number;
  bodyBytes: number;
  ms: number;
}

function get(
  port: number,
  headers: Record<string, string>,
  agent: http.Agent | false,
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        port,
        path: '/api/base-layer/waves',
        agent,
        headers: {
          authorization: mockCredentials.user.header(),
          ...headers,
        },
      },
      res => {
        let bodyBytes = 0;
        res.on('data', (chunk: Buffer) => {
          bodyBytes += chunk.length;
        });
        res.on('end', () => {
          const elapsed = performance.now() - started;
          const statusLine = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`;
          let headerBytes = statusLine.length + 2;
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            headerBytes +=
              res.rawHeaders[i].length + res.rawHeaders[i + 1].length + 4;
          }
          const requestBytes =
            `GET /api/base-layer/waves HTTP/1.1\r\n`.length +
            Object.entries(req.getHeaders()).reduce(
              (sum, [k, v]) => sum + k.length + String(v).length + 4,
              2,
            );
          resolve({
            status: res.statusCode ?? 0,
            etag: res.headers.etag,
            wireBytes: requestBytes + headerBytes + bodyBytes,
            bodyBytes,
            ms: elapsed,
          });
        });
      },
    );
    req.on('error', reject);
  });
}

async function timings(
  port: number,
  headers: Record<string, string>,
  agent: http.Agent,
) {
  for (let i = 0; i < 20; i++) await get(port, headers, agent);
  const times: number[] = [];
  let answer: Answer | undefined;
  for (let i = 0; i < REQUESTS; i++) {
    answer = await get(port, headers, agent);
    times.push(answer.ms);
  }
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    answer: answer!,
  };
}

async function main() {
  const logger: LoggerService = silentLogger();
  const applications = generateApplications(APPLICATIONS);
  const cluster = await startLoopbackKubernetes({ applications });
  const entities: Entity[] = applications.map(a => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: a.metadata.name,
      namespace: 'default',
      annotations: { 'argocd/app-name': a.metadata.name },
    },
    spec: {},
  }));

  const signals: Array<{ at: number; message: JsonObject }> = [];
  const { server } = await startTestBackend({
    features: [
      baseLayerPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.rootLogger.factory({ level: 'error' }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async signal => {
            signals.push({ at: performance.now(), message: signal.message });
          },
        }),
      }),
      mockServices.rootConfig.factory({
        data: {
          baseLayer: {
            waves: platformWaves,
            requestTimeout: '10s',
            sources: {
              kubernetes: [
                {
                  name: 'base-layer',
                  url: cluster.url,
                  token: cluster.token,
                  skipTLSVerify: true,
                },
              ],
            },
          },
        },
      }),
    ],
  });
  void logger;
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const gzip = { 'accept-encoding': 'gzip, deflate, br' };

  // The first status, complete.
  const deadline = Date.now() + 60_000;
  let first: Answer;
  do {
    first = await get(port, gzip, agent);
  } while (first.status !== 200 && Date.now() < deadline);

  const plain = await get(port, {}, agent);
  const full = await timings(port, gzip, agent);
  const notModified = await timings(
    port,
    { ...gzip, 'if-none-match': full.answer.etag! },
    agent,
  );
  // A fresh connection per poll, as a page left idle for a minute has.
  const idlePoll = await get(
    port,
    { ...gzip, 'if-none-match': full.answer.etag! },
    false,
  );

  // Watch events: one application's health flips; the engine debounces
  // watch events by 500 ms, recomputes, publishes and signals.
  const toSignal: number[] = [];
  const toPage: number[] = [];
  const target = applications[7];
  for (let i = 0; i < EVENTS; i++) {
    const before = signals.length;
    const { etag } = await get(port, gzip, agent);
    const health = i % 2 === 0 ? 'Degraded' : 'Healthy';
    const changed = structuredClone(target);
    changed.status = {
      ...changed.status,
      health: { status: health },
    } as typeof changed.status;
    const started = performance.now();
    cluster.upsert(changed);
    while (signals.length === before) {
      await new Promise(resolve => setTimeout(resolve, 2));
    }
    toSignal.push(signals[before].at - started);
    const reread = await get(port, { ...gzip, 'if-none-match': etag! }, agent);
    if (reread.status !== 200) {
      throw new Error(`expected the change to be served, got ${reread.status}`);
    }
    toPage.push(performance.now() - started);
    await new Promise(resolve => setTimeout(resolve, 700));
  }
  const extraSignals = signals.length - 1 - EVENTS;
  toSignal.sort((a, b) => a - b);
  toPage.sort((a, b) => a - b);

  // One re-read 8 s after the page opens, then one a minute.
  const polls =
    1 + Math.floor((IDLE_MS - SIGNALS_CONNECT_GRACE_MS) / FALLBACK_POLL_MS);
  const pings = IDLE_MS / 30_000;
  const idleBytes = polls * idlePoll.wireBytes + pings * PING_BYTES;
  const oldPolls = IDLE_MS / OLD_POLL_MS;

  const rows: Array<[string, string]> = [
    ['applications', `${APPLICATIONS} (1 loopback cluster, watched)`],
    ['GET /waves body, plain', kb(plain.bodyBytes)],
    [
      'GET /waves body, gzip (Accept-Encoding: gzip)',
      kb(full.answer.bodyBytes),
    ],
    [`GET /waves p50, gzip 200 (${REQUESTS} requests)`, ms(full.p50)],
    [`GET /waves p95, gzip 200 (${REQUESTS} requests)`, ms(full.p95)],
    [`GET /waves p50, 304 (${REQUESTS} requests)`, ms(notModified.p50)],
    [`GET /waves p95, 304 (${REQUESTS} requests)`, ms(notModified.p95)],
    ['304 on the wire (request + answer)', `${idlePoll.wireBytes} B`],
    [
      'idle Waves page, 5 min, signals + fallback poll',
      `${kb(idleBytes)} (${polls} polls answered 304, ${pings} socket pings)`,
    ],
    [
      'idle Waves page, 5 min, polling every 15 s as before',
      `${kb(oldPolls * plain.bodyBytes)} plain, ${kb(
        oldPolls * full.answer.bodyBytes,
      )} gzipped (${oldPolls} full reads)`,
    ],
    [
      `watch event to signal, p50 / max (${EVENTS} events, 500 ms debounce)`,
      `${ms(percentile(toSignal, 50))} / ${ms(toSignal[toSignal.length - 1])}`,
    ],
    [
      'watch event to re-read status, p50 / max',
      `${ms(percentile(toPage, 50))} / ${ms(toPage[toPage.length - 1])}`,
    ],
    [
      'signals per change',
      `${extraSignals === 0 ? 1 : `1 + ${extraSignals} extra`}`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  for (const [key, value] of rows) {
    process.stdout.write(`${key.padEnd(width)}${value}\n`);
  }
  agent.destroy();
  await cluster.stop();
  process.exit(0);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});

/*
 * The engine's memory: `yarn bench:memory`.
 *
 * Starts the backend of `yarn soak` (soakBackend.ts: createBackend() with the
 * permission backend and an in-memory catalog) in a fresh process, once
 * without the base-layer plugin and once with it, for 2,000 and 10,000
 * Applications (70 % in a loopback Kubernetes cluster, 30 % in a loopback
 * Argo CD), and with a catalog entity per application both times. The
 * engine's share is the difference, measured after the first complete
 * status, 50 reads of every route and a full GC; then again after every
 * Application of the cluster changed once, so the watch delivered it.
 *
 * Applications are production-sized (managed fields, 20 resources, 10
 * history entries; see productionSized in harness.ts), and once more as the
 * small test fixtures: the difference is what the engine keeps of each
 * object without reading it.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateApplications } from '../src/testUtils';
import {
  get,
  mb,
  MemoryReport,
  MODULE_NAME,
  productionSized,
  startEnvironment,
  waitForCompleteStatus,
} from './harness';

const SIZES = [2000, 10_000];
const READS = 50;
const ROUTES = [
  '/waves',
  '/waves/3',
  `/entities/component/default/${MODULE_NAME}/status`,
  '/history',
];

async function measure(options: {
  applications: number;
  engine: boolean;
  sized: 'fixture' | 'production';
  logFile: string;
}): Promise<{
  memory: MemoryReport;
  afterWatch?: MemoryReport;
  firstStatusMs?: number;
}> {
  const env = await startEnvironment({ ...options });
  const readEveryRoute = async () => {
    for (let i = 0; i < READS; i++) {
      for (const route of ROUTES) {
        const res = await get(env.baseUrl, route, 60_000);
        await res.arrayBuffer();
        if (!res.ok) {
          throw new Error(`${route} answered ${res.status}`);
        }
      }
    }
  };
  const settledMemory = async () => {
    // Let start-up work (catalog, scheduler, refreshes) settle.
    await sleep(5000);
    await env.backend.memory(true);
    const memory = await env.backend.memory(true);
    if (memory.unhandledRejections > 0) {
      throw new Error(
        `Unhandled rejections in the backend: ${memory.rejections.join('\n')}`,
      );
    }
    return memory;
  };
  try {
    if (!options.engine) {
      return { memory: await settledMemory() };
    }
    const firstStatusMs = await waitForCompleteStatus(
      env.baseUrl,
      options.applications,
      300_000,
    );
    await readEveryRoute();
    const memory = await settledMemory();
    // Every Application in the cluster changes once: the watch now delivers
    // each object whole, as a cluster's churn does within minutes.
    const before = env.cluster.requests.list;
    for (const app of env.clusterApps) {
      env.cluster.upsert(app);
    }
    await sleep(3000);
    await readEveryRoute();
    const afterWatch = await settledMemory();
    if (env.cluster.requests.list !== before) {
      throw new Error('The cluster was listed again: the watch was lost');
    }
    return { memory, afterWatch, firstStatusMs };
  } finally {
    await env.stop();
  }
}

async function main() {
  const logFile = join(tmpdir(), `base-layer-bench-memory-${Date.now()}.log`);
  const [sample] = generateApplications(1);
  const lines: Array<[string, string]> = [
    [
      'application size (JSON)',
      `production-sized ${(
        JSON.stringify(productionSized(sample)).length / 1024
      ).toFixed(1)} kB, test fixture ${(
        JSON.stringify(sample).length / 1024
      ).toFixed(1)} kB`,
    ],
  ];
  const budgetMb = 150;
  let over = false;
  for (const applications of SIZES) {
    const base = await measure({
      applications,
      engine: false,
      sized: 'production',
      logFile,
    });
    const engine = await measure({
      applications,
      engine: true,
      sized: 'production',
      logFile,
    });
    const fixture = await measure({
      applications,
      engine: true,
      sized: 'fixture',
      logFile,
    });
    const share = (m: MemoryReport) =>
      `RSS +${mb(m.rss - base.memory.rss)}, heap +${mb(
        m.heapUsed - base.memory.heapUsed,
      )}`;
    const watched = engine.afterWatch!;
    const kept =
      watched.heapUsed -
      engine.memory.heapUsed -
      (fixture.afterWatch!.heapUsed - fixture.memory.heapUsed);
    const worst = Math.max(
      Math.max(engine.memory.rss, watched.rss) - base.memory.rss,
      Math.max(engine.memory.heapUsed, watched.heapUsed) - base.memory.heapUsed,
    );
    if (applications === 2000 && worst > budgetMb * 1024 * 1024) {
      over = true;
    }
    const label = applications.toLocaleString('en-US');
    lines.push(
      [
        `${label} apps, backend without the engine`,
        `RSS ${mb(base.memory.rss)}, heap used ${mb(base.memory.heapUsed)}`,
      ],
      [
        `${label} apps, backend with the engine`,
        `RSS ${mb(engine.memory.rss)}, heap used ${mb(
          engine.memory.heapUsed,
        )} (first complete status after ${(
          engine.firstStatusMs! / 1000
        ).toFixed(1)} s)`,
      ],
      [
        `${label} apps, engine's share after the first list`,
        share(engine.memory),
      ],
      [
        `${label} apps, engine's share after a watch event per app`,
        share(watched),
      ],
      [
        `${label} apps, same with fixture-sized apps`,
        `${share(fixture.memory)}; after the watch events ${share(
          fixture.afterWatch!,
        )}`,
      ],
      [
        `${label} apps, unread fields kept from watch events`,
        `${mb(
          kept,
        )} of heap (managed fields, status.resources, status.history)`,
      ],
    );
  }
  lines.push([
    `budget: under ${budgetMb} MB added at 2,000 apps (RSS and heap)`,
    over ? 'OVER' : 'met',
  ]);
  const width = Math.max(...lines.map(([k]) => k.length));
  process.stdout.write(
    `${lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`,
  );
  process.stdout.write(`backend log: ${logFile}\n`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});

/*
 * The engine's memory: `yarn bench:memory`.
 *
 * Starts the backend of `yarn soak` (soakBackend.ts: createBackend() with the
 * permission backend and an in-memory catalog) in a fresh process, once
 * without the base-layer plugin and once with it, for 2,000 and 10,000
 * Applications (70 % in a loopback Kubernetes cluster, 30 % in a loopback
 * Argo CD), and with a catalog entity per application both times. The
 * engine's share is the difference, measured after the first complete
 * status, 50 reads of every route and a full GC.
 *
 * Applications are production-sized (managed fields, 20 resources, 10
 * history entries; see productionSized in harness.ts), and once more as the
 * small test fixtures, which shows what the engine keeps of each object.
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
}): Promise<{ memory: MemoryReport; firstStatusMs?: number }> {
  const env = await startEnvironment({ ...options });
  try {
    let firstStatusMs: number | undefined;
    if (options.engine) {
      firstStatusMs = await waitForCompleteStatus(
        env.baseUrl,
        options.applications,
        300_000,
      );
      for (let i = 0; i < READS; i++) {
        for (const route of ROUTES) {
          const res = await get(env.baseUrl, route, 60_000);
          await res.arrayBuffer();
          if (!res.ok) {
            throw new Error(`${route} answered ${res.status}`);
          }
        }
      }
    }
    // Let start-up work (catalog, scheduler, first refresh) settle.
    await sleep(5000);
    await env.backend.memory(true);
    const memory = await env.backend.memory(true);
    if (memory.unhandledRejections > 0) {
      throw new Error(
        `Unhandled rejections in the backend: ${memory.rejections.join('\n')}`,
      );
    }
    return { memory, firstStatusMs };
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
    const rss = engine.memory.rss - base.memory.rss;
    const heap = engine.memory.heapUsed - base.memory.heapUsed;
    const fixtureHeap = fixture.memory.heapUsed - base.memory.heapUsed;
    if (applications === 2000 && rss / 1024 / 1024 > budgetMb) {
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
      [`${label} apps, engine's share`, `RSS +${mb(rss)}, heap +${mb(heap)}`],
      [
        `${label} apps, engine's heap with fixture-sized apps`,
        `+${mb(fixtureHeap)} (so ${mb(
          heap - fixtureHeap,
        )} of it is fields the engine does not read)`,
      ],
    );
  }
  lines.push([
    `budget: under ${budgetMb} MB added at 2,000 apps`,
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

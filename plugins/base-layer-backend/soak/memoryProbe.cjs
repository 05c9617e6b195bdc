/*
 * Memory probe of `yarn bench:memory`: preloaded into the production backend
 * through NODE_OPTIONS (`--expose-gc --require <this file>`). A measurement
 * tool only; it is not part of the image.
 *
 * - Every MEMORY_PROBE_INTERVAL_MS (default 2000) it appends one JSON line to
 *   MEMORY_PROBE_FILE: `{pid, t, gc: false, rss, heapUsed, heapTotal,
 *   external, arrayBuffers}`, without forcing a GC.
 * - On SIGUSR2 it reads the command in `<MEMORY_PROBE_FILE>.cmd`: `gc <id>`
 *   runs two full GCs and appends the same line with `gc: true` and `id`;
 *   `snapshot <id> <path>` does the same, then writes a heap snapshot to
 *   `<path>` and appends `{snapshot: <path>}` to the line.
 *
 * Only the main thread of the process started with MEMORY_PROBE_FILE set
 * measures: workers and child processes that inherit NODE_OPTIONS do not.
 */
'use strict';

const { isMainThread } = require('node:worker_threads');

const file = process.env.MEMORY_PROBE_FILE;
if (file && isMainThread && !process.env.MEMORY_PROBE_ACTIVE) {
  // Children inherit the environment: only this process measures.
  process.env.MEMORY_PROBE_ACTIVE = String(process.pid);
  const fs = require('node:fs');
  const v8 = require('node:v8');
  const interval = Number(process.env.MEMORY_PROBE_INTERVAL_MS ?? 2000);

  const sample = extra => {
    const m = process.memoryUsage();
    const line = {
      pid: process.pid,
      t: Date.now(),
      gc: false,
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      ...extra,
    };
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  };

  const timer = setInterval(() => sample({}), interval);
  timer.unref();

  process.on('SIGUSR2', () => {
    let command = '';
    try {
      command = fs.readFileSync(`${file}.cmd`, 'utf8').trim();
    } catch {
      return;
    }
    const [verb, id, target] = command.split(' ');
    if (typeof global.gc === 'function') {
      global.gc();
      global.gc();
    }
    if (verb === 'snapshot' && target) {
      v8.writeHeapSnapshot(target);
      sample({ gc: true, id, snapshot: target });
    } else {
      sample({ gc: typeof global.gc === 'function', id });
    }
  });
}

// `yarn bench` for @internal/plugin-base-layer. Prints two numbers:
//
// 1. The size of the plugin's initial chunk: dist/index.esm.js and everything
//    it imports statically, i.e. what an app loads before the first lazy
//    `import()` (the Waves page and the entity cards are lazy, through the
//    blueprints' `loader`). Builds the plugin first.
// 2. How long the Waves page takes to render 2,000 Argo CD Applications in
//    headless Chromium, from navigation start until every wave shows its
//    count and the largest wave, opened, shows its first table rows. The
//    backend is the real local portal (`backstage-cli repo start`, as
//    `yarn dev`) against loopback Kubernetes and Argo CD servers serving
//    generated Applications (e2e/portal.mjs, e2e/loopbacks.ts). The app is
//    measured twice: a production build of packages/app (served on 3101, /api
//    passed to the backend) and the dev server; each by full page loads and
//    by sidebar navigation from the catalog.
//
// Runs beside `yarn dev`: it uses ports 3100, 7107 and 3101, not 3000/7007.
//
//   yarn bench                     everything
//   yarn bench --chunk-only        the chunk size only (no portal, no browser)
//   yarn bench --dev-only          no production build of the app
//   BENCH_APPS=500 BENCH_RUNS=3 yarn bench
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  createReadStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { createConnection } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// Set before e2e/portal.mjs is imported: it reads them once.
process.env.E2E_APP_PORT ??= '3100';
process.env.E2E_BACKEND_PORT ??= '7107';

const pluginDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
);
const repoRoot = path.resolve(pluginDir, '../..');
const distDir = path.join(pluginDir, 'dist');

const APPS = Number(process.env.BENCH_APPS ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const WARMUPS = 1;
const TARGET_MS = 1500;
const PROD_PORT = Number(process.env.BENCH_PROD_PORT ?? 3101);
const chunkOnly = process.argv.includes('--chunk-only');
const devOnly = process.argv.includes('--dev-only');

const print = text => process.stdout.write(`${text}\n`);
const printError = text => process.stderr.write(`${text}\n`);
const kB = bytes => `${(bytes / 1000).toFixed(1)} kB`;
const ms = value => `${Math.round(value)} ms`;
const median = values => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const stats = values =>
  `median ${ms(median(values))}, min ${ms(Math.min(...values))}, max ${ms(
    Math.max(...values),
  )}`;

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status})`);
  }
}

// ---------------------------------------------------------------------------
// 1. Initial chunk

/** Relative specifiers imported statically (import/export ... from, bare import). */
const STATIC_IMPORT =
  /(?:^|[;\n])\s*(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?['"]([^'"]+)['"]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file) {
  const source = readFileSync(file, 'utf8');
  const found = (re, relative) =>
    [...source.matchAll(re)]
      .map(m => m[1])
      .filter(s => s.startsWith('.') === relative);
  const resolve = s => path.resolve(path.dirname(file), s);
  return {
    static: found(STATIC_IMPORT, true).map(resolve),
    dynamic: found(DYNAMIC_IMPORT, true).map(resolve),
    external: found(STATIC_IMPORT, false),
  };
}

/** The static import closure of `entries`, leaving out files in `exclude`. */
function closure(entries, exclude = new Set()) {
  const files = new Set();
  const dynamic = new Set();
  const external = new Set();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop();
    if (files.has(file) || exclude.has(file)) continue;
    files.add(file);
    const imports = importsOf(file);
    imports.static.forEach(f => queue.push(f));
    imports.dynamic.forEach(f => dynamic.add(f));
    imports.external.forEach(e => external.add(e));
  }
  const buffers = [...files].map(f => readFileSync(f));
  const raw = buffers.reduce((sum, b) => sum + b.length, 0);
  // Gzip of the files together, as a bundler ships them in one chunk.
  const gzip = gzipSync(Buffer.concat(buffers), { level: 9 }).length;
  return { files, dynamic, external, raw, gzip };
}

function measureChunks() {
  print('\n== building the plugin (backstage-cli package build)');
  const entry = path.join(
    pluginDir,
    JSON.parse(readFileSync(path.join(pluginDir, 'package.json'), 'utf8'))
      .publishConfig.main,
  );
  // The build bundles the .d.ts files `yarn tsc` writes to dist-types.
  if (!existsSync(path.join(repoRoot, 'dist-types/plugins/base-layer/src'))) {
    run('yarn', ['tsc'], repoRoot);
  }
  run('yarn', ['backstage-cli', 'package', 'build'], pluginDir);

  const initial = closure([entry]);
  const lazy = [...initial.dynamic]
    .sort()
    .map(target => ({ target, ...closure([target], initial.files) }));
  const name = f => path.relative(distDir, f);
  const lazyFiles = new Set(lazy.flatMap(l => [...l.files]));
  const allJs = readdirSync(distDir, { recursive: true })
    .filter(f => f.endsWith('.js'))
    .map(f => path.join(distDir, f));
  const unreached = allJs.filter(
    f => !initial.files.has(f) && !lazyFiles.has(f),
  );

  const lines = [
    `initial chunk: ${kB(initial.raw)} (${kB(initial.gzip)} gzip), ${
      initial.files.size
    } files: ${[...initial.files].map(name).sort().join(', ')}`,
    `  imports from other packages (bundled by the app, not counted): ${[
      ...initial.external,
    ]
      .sort()
      .join(', ')}`,
    `lazy chunks (what each adds to the initial chunk; shared files count in each): ${lazy
      .map(
        l =>
          `${path.dirname(name(l.target))} ${kB(l.raw)} (${kB(l.gzip)} gzip, ${
            l.files.size
          } files)`,
      )
      .join('; ')}`,
  ];
  if (unreached.length > 0) {
    lines.push(
      `  not reached from the entry: ${unreached.map(name).join(', ')}`,
    );
  }
  return lines;
}

// ---------------------------------------------------------------------------
// 2. Waves page render

/**
 * Runs in the page before its own scripts. Records, in performance.now()
 * time, when every wave shows its "healthy/total" count and the counts add up
 * to `expected` ("waves"), then expands the largest wave itself (no round
 * trip to the bench) and records when its table shows its first rows
 * ("rows"). Hard navigations start at 0 (navigation start); an in-app
 * navigation calls __wavesBenchStart() just before clicking the link.
 */
function instrumentPage(expected) {
  const state = { start: 0, longTasks: [] };
  window.__wavesBench = state;
  window.__wavesBenchStart = () => {
    Object.assign(state, {
      start: performance.now(),
      waves: undefined,
      rows: undefined,
      longTasks: [],
    });
  };
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) {
        state.longTasks.push([e.startTime, e.duration]);
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no long task timing
  }
  const check = () => {
    if (!location.pathname.startsWith('/base-layer')) return;
    if (state.waves === undefined) {
      const waves = [...document.querySelectorAll('[data-testid^="wave-"]')]
        .map(el => ({
          id: /^wave-(\d+)$/.exec(el.dataset.testid)?.[1],
          count: /(\d+)\/(\d+) healthy/.exec(el.textContent ?? ''),
        }))
        .filter(w => w.id !== undefined);
      if (waves.length === 0 || waves.some(w => !w.count)) return;
      const total = waves.reduce((sum, w) => sum + Number(w.count[2]), 0);
      if (total < expected) return;
      state.waves = performance.now();
      state.waveCount = waves.length;
      state.appsShown = total;
      const largest = waves.reduce((a, b) =>
        Number(b.count[2]) > Number(a.count[2]) ? b : a,
      );
      state.largest = { id: largest.id, total: Number(largest.count[2]) };
      state.expandAt = performance.now();
      document.getElementById(`wave-${largest.id}-summary`)?.click();
    } else if (state.rows === undefined) {
      const rows = document.querySelectorAll(
        `#wave-${state.largest.id}-details tbody tr`,
      );
      if (rows.length > 0 && rows[0].querySelectorAll('td').length > 1) {
        state.rows = performance.now();
        state.rowCount = rows.length;
      }
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
  });
}

/** Waits for instrumentPage's "rows" and reads what it recorded. */
async function readRun(page) {
  await page.waitForFunction(
    () => window.__wavesBench?.rows !== undefined,
    null,
    { timeout: 120_000, polling: 50 },
  );
  return page.evaluate(() => {
    const s = window.__wavesBench;
    const since = t => t - s.start;
    const resources = performance
      .getEntriesByType('resource')
      .filter(e => e.startTime >= s.start && e.startTime <= s.rows);
    const wavesRequest = resources.find(e =>
      /\/api\/base-layer\/waves(\?|$)/.test(e.name),
    );
    const scripts = resources.filter(e => e.initiatorType === 'script');
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      waves: since(s.waves),
      rows: since(s.rows),
      expand: s.rows - s.expandAt,
      waveCount: s.waveCount,
      appsShown: s.appsShown,
      largest: s.largest,
      rowCount: s.rowCount,
      domContentLoaded:
        s.start === 0 ? nav?.domContentLoadedEventEnd : undefined,
      wavesRequestStart: wavesRequest && since(wavesRequest.startTime),
      wavesResponseEnd: wavesRequest && since(wavesRequest.responseEnd),
      scriptCount: scripts.length,
      scriptBytes: scripts.reduce((sum, e) => sum + e.decodedBodySize, 0),
      longTaskMs: s.longTasks
        .filter(([start]) => start >= s.start && start <= s.rows)
        .reduce((sum, [, duration]) => sum + duration, 0),
    };
  });
}

/** `runs` measured runs after `WARMUPS`, each started by `navigate()`. */
async function measure(page, navigate) {
  const results = [];
  for (let i = 0; i < WARMUPS + RUNS; i++) {
    await navigate();
    const result = await readRun(page);
    if (i >= WARMUPS) results.push(result);
  }
  return results;
}

/** A full page load of /base-layer. */
const pageLoad = (page, baseUrl) => () =>
  page.goto(`${baseUrl}/base-layer`, { waitUntil: 'commit' });

/** The catalog first, then the sidebar's Waves link. */
const sidebarNavigation = (page, baseUrl) => async () => {
  await page.goto(`${baseUrl}/catalog`);
  await page.getByRole('table').first().waitFor({ timeout: 60_000 });
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.evaluate(() => {
    window.__wavesBenchStart();
    document.querySelector('a[href$="/base-layer"]').click();
  });
};

function describe(label, runs) {
  const pick = key => runs.map(r => r[key]);
  const first = runs[0];
  const rows = pick('rows');
  const verdict = median(rows) <= TARGET_MS ? 'under' : 'OVER';
  const details = [
    first.domContentLoaded !== undefined &&
      `DOMContentLoaded ${stats(pick('domContentLoaded'))}`,
    first.wavesResponseEnd !== undefined &&
      `GET /waves sent at ${stats(
        pick('wavesRequestStart'),
      )}, answered at ${stats(pick('wavesResponseEnd'))}`,
    `main thread in long tasks ${stats(pick('longTaskMs'))}`,
    first.scriptCount > 0 &&
      `${first.scriptCount} script${
        first.scriptCount === 1 ? '' : 's'
      } loaded (${kB(first.scriptBytes)} decoded)`,
  ].filter(Boolean);
  return [
    `waves page render, ${first.appsShown} apps, ${label}: median ${ms(
      median(rows),
    )}, max ${ms(Math.max(...rows))} (${runs.length} runs, min ${ms(
      Math.min(...rows),
    )}) -> ${verdict} the ${TARGET_MS} ms target`,
    `  all ${first.waveCount} waves with their counts: ${stats(
      pick('waves'),
    )}; then the largest wave (${
      first.largest.total
    } apps) opened to its first ${first.rowCount} table rows: ${stats(
      pick('expand'),
    )}`,
    `  ${details.join('; ')}`,
  ];
}

function portFree(port) {
  return new Promise(resolve => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

async function waitForApplications(guestToken, backendUrl) {
  const deadline = Date.now() + 3 * 60_000;
  let last = 0;
  while (Date.now() < deadline) {
    try {
      const token = await guestToken();
      const res = await fetch(`${backendUrl}/api/base-layer/waves`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (res.ok) {
        const text = await res.text();
        const body = JSON.parse(text);
        last =
          body.waves.reduce((sum, w) => sum + w.total, 0) +
          (body.unassigned?.length ?? 0);
        if (last >= APPS) return { count: last, bytes: text.length };
      }
    } catch {
      // backend still starting
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`The backend reports ${last} applications, not ${APPS}`);
}

/**
 * Builds packages/app for production (as `yarn build:all` would), configured
 * to be served from `url` with the backend behind the same origin, and moves
 * the build out of the repo. A build already in packages/app/dist is put back.
 */
function buildProductionApp(url) {
  const appDir = path.join(repoRoot, 'packages/app');
  const dist = path.join(appDir, 'dist');
  const tmp = mkdtempSync(path.join(tmpdir(), 'base-layer-bench-'));
  const config = path.join(tmp, 'app-config.bench.yaml');
  writeFileSync(
    config,
    `app:\n  baseUrl: ${url}\nbackend:\n  baseUrl: ${url}\n`,
  );
  const previous = existsSync(dist) && `${dist}.before-bench-${process.pid}`;
  if (previous) renameSync(dist, previous);
  try {
    const started = Date.now();
    const build = spawnSync(
      'yarn',
      [
        'backstage-cli',
        'package',
        'build',
        '--config',
        path.join(repoRoot, 'app-config.yaml'),
        '--config',
        config,
      ],
      { cwd: appDir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    if (build.status !== 0) {
      printError(
        `${build.stdout}\n${build.stderr}`.split('\n').slice(-40).join('\n'),
      );
      throw new Error(
        `the production build of packages/app failed (${build.status})`,
      );
    }
    const out = path.join(tmp, 'dist');
    try {
      renameSync(dist, out);
    } catch {
      cpSync(dist, out, { recursive: true });
      rmSync(dist, { recursive: true, force: true });
    }
    print(`built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    // What index.html makes the browser load before the app runs.
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    const entry = [...html.matchAll(/<script[^>]+src="\/?([^"]+\.js)"/g)].map(
      m => readFileSync(path.join(out, m[1])),
    );
    return {
      dir: out,
      entryScripts: entry.length,
      entryBytes: entry.reduce((sum, b) => sum + b.length, 0),
      entryGzip: entry.reduce((sum, b) => sum + gzipSync(b).length, 0),
      cleanup: () => rmSync(tmp, { recursive: true, force: true }),
    };
  } finally {
    if (previous) {
      rmSync(dist, { recursive: true, force: true });
      renameSync(previous, dist);
    }
  }
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/**
 * Serves the production build on `port` like a minimal ingress: files from
 * `dir` (long-cached under /static, index.html for every other path) and
 * /api/* passed to the backend, WebSockets included.
 */
function serveProductionApp(dir, port, backendUrl, appOrigin) {
  const backend = new URL(backendUrl);
  // The backend's CORS and auth checks know the dev app's origin.
  const upstreamHeaders = headers => ({
    ...headers,
    host: backend.host,
    ...(headers.origin && { origin: appOrigin }),
  });
  const server = createServer((req, res) => {
    if (req.url.startsWith('/api/')) {
      const upstream = httpRequest(
        {
          host: backend.hostname,
          port: backend.port,
          path: req.url,
          method: req.method,
          headers: upstreamHeaders(req.headers),
        },
        answer => {
          res.writeHead(answer.statusCode, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', error => {
        res.writeHead(502).end(String(error));
      });
      req.pipe(upstream);
      return;
    }
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(dir, pathname);
    if (
      !file.startsWith(dir) ||
      !existsSync(file) ||
      statSync(file).isDirectory()
    ) {
      file = path.join(dir, 'index.html');
    }
    res.writeHead(200, {
      'content-type':
        CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': pathname.startsWith('/static/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
    });
    createReadStream(file).pipe(res);
  });
  server.on('upgrade', (req, socket, head) => {
    const upstream = createConnection(
      { host: backend.hostname, port: Number(backend.port) },
      () => {
        const headers = Object.entries(upstreamHeaders(req.headers))
          .map(([k, v]) => `${k}: ${v}`)
          .join('\r\n');
        upstream.write(
          `${req.method} ${req.url} HTTP/1.1\r\n${headers}\r\n\r\n`,
        );
        upstream.write(head);
        socket.pipe(upstream).pipe(socket);
      },
    );
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function measureRender() {
  const ports = [
    process.env.E2E_APP_PORT,
    process.env.E2E_BACKEND_PORT,
    ...(devOnly ? [] : [String(PROD_PORT)]),
  ].map(Number);
  for (const port of ports) {
    if (!(await portFree(port))) {
      throw new Error(
        `Port ${port} is in use; stop what listens there or set E2E_APP_PORT/E2E_BACKEND_PORT/BENCH_PROD_PORT`,
      );
    }
  }
  // e2e/ is the repo's browser test harness, not a package.
  // eslint-disable-next-line @backstage/no-relative-monorepo-imports
  const { startPortal } = await import('../../../e2e/portal.mjs');
  const { launch, signInAsGuest, guestToken, appUrl, backendUrl } =
    // eslint-disable-next-line @backstage/no-relative-monorepo-imports
    await import('../../../e2e/browser.mjs');
  const prodUrl = `http://localhost:${PROD_PORT}`;

  const production = devOnly
    ? undefined
    : (print(
        `\n== building packages/app for production, served from ${prodUrl}`,
      ),
      buildProductionApp(prodUrl));

  print(
    `\n== starting the portal on ${appUrl} with ${APPS} generated Applications (takes a few minutes)`,
  );
  const portal = await startPortal({ generatedApps: APPS });
  let context;
  let server;
  try {
    print(`portal ready in ${portal.startupSeconds.toFixed(0)} s`);
    const known = await waitForApplications(guestToken, backendUrl);
    print(
      `backend reports ${known.count} applications (GET /waves: ${kB(
        known.bytes,
      )})`,
    );

    context = await launch();
    await context.addInitScript(instrumentPage, APPS);
    const page = await signInAsGuest(context);
    await page
      .getByRole('link', { name: 'Waves' })
      .first()
      .waitFor({ timeout: 120_000 });

    const loadBefore = loadavg()[0];
    const lines = [];
    if (production) {
      server = await serveProductionApp(
        production.dir,
        PROD_PORT,
        backendUrl,
        new URL(appUrl).origin,
      );
      await page.goto(prodUrl);
      await page
        .getByRole('button', { name: 'Enter' })
        .click({ timeout: 60_000 });
      await page
        .getByRole('link', { name: 'Waves' })
        .first()
        .waitFor({ timeout: 60_000 });
      print('measuring the production build');
      lines.push(
        ...describe(
          'production build, page load',
          await measure(page, pageLoad(page, prodUrl)),
        ),
        `  the app's entry: ${production.entryScripts} scripts, ${kB(
          production.entryBytes,
        )} (${kB(production.entryGzip)} gzip), served uncompressed`,
        ...describe(
          'production build, sidebar navigation from the catalog',
          await measure(page, sidebarNavigation(page, prodUrl)),
        ),
      );
    }
    print('measuring the dev server');
    lines.push(
      ...describe(
        'dev server (as yarn dev), page load',
        await measure(page, pageLoad(page, appUrl)),
      ),
      ...describe(
        'dev server, sidebar navigation from the catalog',
        await measure(page, sidebarNavigation(page, appUrl)),
      ),
      `1-minute load average ${loadBefore.toFixed(
        2,
      )} before the runs, ${loadavg()[0].toFixed(2)} after (${
        cpus().length
      } CPUs); GET /waves is ${kB(known.bytes)}`,
    );
    return lines;
  } catch (error) {
    printError(portal.output().split('\n').slice(-40).join('\n'));
    throw error;
  } finally {
    await context?.close().catch(() => {});
    server?.closeAllConnections();
    server?.close();
    production?.cleanup();
    // Stops the backend (found by its port) and the loopbacks.
    await portal.stop();
  }
}

// ---------------------------------------------------------------------------

let exitCode = 0;
const report = [];
try {
  report.push(...measureChunks());
  if (!chunkOnly) report.push(...(await measureRender()));
} catch (error) {
  printError(String(error?.stack ?? error));
  exitCode = 1;
}
if (report.length > 0) {
  print(`\n== @internal/plugin-base-layer benchmark\n${report.join('\n')}`);
}
process.exit(exitCode);

// Starts the local portal (the same `yarn dev` a user runs), waits until both
// the app and the backend answer, runs the browser tests in e2e/tests with
// node's test runner, and always stops the portal again.
//
// Extra config files for the portal come from E2E_CONFIG (comma-separated,
// relative to the repo root), on top of app-config.yaml.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const appUrl = process.env.PORTAL_APP_URL ?? 'http://localhost:3000';
const backendUrl = process.env.PORTAL_BACKEND_URL ?? 'http://localhost:7007';
const startTimeoutMs = 5 * 60 * 1000;

async function waitFor(url, deadline) {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await sleep(1000);
  }
  throw new Error(`Timed out waiting for ${url}`);
}

function run(cmd, args, options) {
  return new Promise(resolve => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...options });
    child.on('exit', code => resolve(code ?? 1));
  });
}

const configs = ['app-config.yaml', ...(process.env.E2E_CONFIG ?? 'e2e/app-config.e2e.yaml').split(',').filter(Boolean)];
const configArgs = configs.flatMap(c => ['--config', path.resolve(root, c)]);

const started = Date.now();
const portal = spawn('yarn', ['backstage-cli', 'repo', 'start', ...configArgs], {
  cwd: root,
  detached: true,
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, BROWSER: 'none', CI: 'true' },
});
const output = [];
const keep = chunk => {
  output.push(chunk.toString());
  if (output.length > 400) output.shift();
};
portal.stdout.on('data', keep);
portal.stderr.on('data', keep);

function stopPortal() {
  try {
    process.kill(-portal.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
process.on('SIGINT', () => {
  stopPortal();
  process.exit(130);
});

let code = 1;
try {
  const deadline = Date.now() + startTimeoutMs;
  await Promise.all([
    waitFor(`${backendUrl}/api/base-layer/health`, deadline),
    waitFor(appUrl, deadline),
  ]);
  console.log(`portal ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  code = await run(process.execPath, ['--test', '--test-concurrency=1', 'e2e/tests/*.test.mjs'], {
    cwd: root,
    env: { ...process.env, PORTAL_APP_URL: appUrl, PORTAL_BACKEND_URL: backendUrl },
  });
} catch (error) {
  console.error(String(error));
  console.error(output.join('').split('\n').slice(-80).join('\n'));
} finally {
  stopPortal();
  await sleep(1000);
}
process.exit(code);

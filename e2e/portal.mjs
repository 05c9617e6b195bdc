// Starts the loopback Kubernetes, Argo CD and tool servers (e2e/loopbacks.ts),
// then the local portal (`backstage-cli repo start`, the same as `yarn dev`)
// on top of app-config.yaml plus the loopbacks' generated config, and waits
// until both the app and the backend answer. Used by the end-to-end tests and
// the UI benchmark.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
);
// E2E_APP_PORT / E2E_BACKEND_PORT move the portal off yarn dev's ports.
export const appUrl = `http://localhost:${process.env.E2E_APP_PORT ?? 3000}`;
export const backendUrl = `http://localhost:${
  process.env.E2E_BACKEND_PORT ?? 7007
}`;
const startTimeoutMs = 6 * 60 * 1000;

async function waitFor(url, deadline, isAlive) {
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`The portal exited before ${url} answered`);
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

const alive = pid => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Pids listening on `port` (ss from iproute2; none when it is missing). */
function listeners(port) {
  const out = spawnSync('ss', ['-ltnpH', `sport = :${port}`], {
    encoding: 'utf8',
  });
  return [...(out.stdout ?? '').matchAll(/pid=(\d+)/g)].map(m => Number(m[1]));
}

/** SIGTERM to the pids (negative: process groups), SIGKILL if they linger. */
async function terminate(pids, graceMs = 10_000) {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + graceMs;
  while (pids.some(alive) && Date.now() < deadline) {
    await sleep(200);
  }
  for (const pid of pids.filter(alive)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone in between
    }
  }
}

async function startLoopbacks(env) {
  const child = spawn(
    process.execPath,
    ['-r', '@backstage/cli/config/nodeTransform.cjs', 'e2e/loopbacks.ts'],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    },
  );
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', code =>
      reject(new Error(`e2e/loopbacks.ts exited with ${code}`)),
    );
  });
  return { child, ...JSON.parse(first) };
}

/**
 * Starts loopbacks and portal. `generatedApps` > 0 serves that many generated
 * Applications instead of the committed snapshot. Returns `stop()`.
 */
export async function startPortal({ generatedApps = 0 } = {}) {
  for (const url of [appUrl, backendUrl]) {
    const taken = await fetch(url).then(
      () => true,
      () => false,
    );
    if (taken) {
      throw new Error(
        `${url} already answers: stop the portal running there (yarn dev?) first`,
      );
    }
  }
  const started = Date.now();
  const loopbacks = await startLoopbacks(
    generatedApps > 0 ? { E2E_GENERATED_APPS: String(generatedApps) } : {},
  );
  const configArgs = ['app-config.yaml', loopbacks.config].flatMap(c => [
    '--config',
    path.resolve(root, c),
  ]);
  const portal = spawn(
    'yarn',
    ['backstage-cli', 'repo', 'start', ...configArgs],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BROWSER: 'none', CI: 'true' },
    },
  );
  let running = true;
  portal.once('exit', () => {
    running = false;
  });
  const output = [];
  const keep = chunk => {
    output.push(chunk.toString());
    if (output.length > 400) output.shift();
  };
  portal.stdout.on('data', keep);
  portal.stderr.on('data', keep);

  // The backend runs in a process group of its own, which a signal to the
  // portal's group does not reach: it is found by the port it listens on.
  const port = url => Number(new URL(url).port);
  const stop = async () => {
    const backend = [appUrl, backendUrl].map(port).flatMap(listeners);
    await terminate([-portal.pid, ...backend]);
    await terminate([-loopbacks.child.pid]);
  };
  process.once('SIGINT', () => {
    stop().finally(() => process.exit(130));
  });

  try {
    const deadline = Date.now() + startTimeoutMs;
    await Promise.all([
      waitFor(`${backendUrl}/api/base-layer/health`, deadline, () => running),
      waitFor(appUrl, deadline, () => running),
    ]);
  } catch (error) {
    console.error(output.join('').split('\n').slice(-80).join('\n'));
    await stop();
    throw error;
  }
  return {
    applications: loopbacks.applications,
    controlUrl: loopbacks.control,
    startupSeconds: (Date.now() - started) / 1000,
    stop,
    output: () => output.join(''),
  };
}

// Runs the browser end-to-end tests: starts loopback Argo CD, Kubernetes and
// tool servers and the local portal pointed at them (e2e/portal.mjs), runs
// e2e/tests with node's test runner, and always stops everything again.
// Test files given as arguments run instead of all of them:
//   yarn test:e2e e2e/tests/act.test.mjs
import { spawn } from 'node:child_process';
import { root, startPortal } from './portal.mjs';

const files = process.argv.slice(2);
let code = 1;
let portal;
try {
  portal = await startPortal();
  console.log(
    `portal ready in ${portal.startupSeconds.toFixed(1)} s, serving ${
      portal.applications
    } Argo CD Applications from loopback servers`,
  );
  code = await new Promise(resolve => {
    const child = spawn(
      process.execPath,
      [
        '--test',
        '--test-concurrency=1',
        ...(files.length > 0 ? files : ['e2e/tests/*.test.mjs']),
      ],
      {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, E2E_CONTROL_URL: portal.controlUrl },
      },
    );
    child.on('exit', c => resolve(c ?? 1));
  });
  if (code !== 0) {
    console.error(portal.output().split('\n').slice(-60).join('\n'));
  }
} catch (error) {
  console.error(String(error?.stack ?? error));
} finally {
  await portal?.stop();
}
process.exit(code);

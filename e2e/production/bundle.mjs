// Builds the backend bundle and lays it out in a folder exactly as
// packages/backend/Dockerfile does inside the image: Yarn from the repo, the
// skeleton, `yarn workspaces focus --all --production`, the bundle, the
// config files, catalog/ and templates/. Docker itself cannot run here, so
// this is the image's file system without the image.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);

function run(command, args, cwd, log) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    // The image sets NODE_ENV=production only for the running backend.
    delete env.NODE_ENV;
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    const output = [];
    child.stdout.on('data', c => output.push(c));
    child.stderr.on('data', c => output.push(c));
    child.on('error', reject);
    child.on('exit', code => {
      const text = Buffer.concat(output).toString();
      log?.(text);
      if (code === 0) resolve(text);
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} exited with ${code}:\n${text
              .split('\n')
              .slice(-40)
              .join('\n')}`,
          ),
        );
    });
  });
}

/** `yarn build:backend`: packages/backend/dist/{skeleton,bundle}.tar.gz. */
export async function buildBackend() {
  await run('yarn', ['build:backend'], root);
}

/**
 * The image's /app in a fresh temporary folder. Returns its path and the
 * seconds each step took.
 */
export async function layOutImage() {
  const app = mkdtempSync(path.join(tmpdir(), 'portal-image-'));
  const dist = path.join(root, 'packages/backend/dist');
  const copy = (from, to = from) =>
    cpSync(path.join(root, from), path.join(app, to), { recursive: true });
  const timings = {};
  let started = Date.now();

  // COPY .yarn/releases, .yarnrc.yml, backstage.json, yarn.lock, package.json
  for (const file of [
    '.yarn/releases',
    '.yarnrc.yml',
    'backstage.json',
    'yarn.lock',
    'package.json',
  ]) {
    copy(file);
  }
  // RUN tar xzf skeleton.tar.gz; yarn workspaces focus --all --production
  await run('tar', ['xzf', path.join(dist, 'skeleton.tar.gz')], app);
  await run('yarn', ['workspaces', 'focus', '--all', '--production'], app);
  timings.install = (Date.now() - started) / 1000;
  started = Date.now();

  // COPY bundle.tar.gz app-config*.yaml; RUN tar xzf bundle.tar.gz
  await run('tar', ['xzf', path.join(dist, 'bundle.tar.gz')], app);
  for (const file of ['app-config.yaml', 'app-config.production.yaml']) {
    copy(file);
  }
  // COPY catalog, templates
  copy('catalog');
  copy('templates');
  timings.unpack = (Date.now() - started) / 1000;
  return {
    app,
    timings,
    remove: () => rmSync(app, { recursive: true, force: true }),
  };
}

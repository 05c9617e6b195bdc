// The demo snapshot the loopback servers serve, read the same way, so the
// tests derive what the page must show instead of hard-coding it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { root } from './portal.mjs';

/** The wave plan the portal runs with: `baseLayer.waves` of app-config.yaml. */
function readWavePlan() {
  const config = parse(
    readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
  );
  return config.baseLayer.waves;
}

export function loadSnapshot() {
  const file = path.join(root, 'examples/argocd-applications.yaml');
  const apps = parse(readFileSync(file, 'utf8')).items;
  const waves = readWavePlan().map(({ id, name }) => {
    const members = apps.filter(
      a => Number(a.metadata.labels?.['base-layer.io/wave']) === id,
    );
    return {
      id,
      name,
      total: members.length,
      healthy: members.filter(a => a.status?.health?.status === 'Healthy')
        .length,
      degraded: members
        .filter(a => a.status?.health?.status === 'Degraded')
        .map(a => a.metadata.name),
    };
  });
  return { apps, waves };
}

export const screenshotDir = path.join(root, 'docs/screenshots');

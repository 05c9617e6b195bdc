// The demo snapshot the loopback servers serve, read the same way, so the
// tests derive what the page must show instead of hard-coding it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { root } from './portal.mjs';

export const WAVE_NAMES = [
  'Core services',
  'Shared services',
  'Orchestration',
  'BASE layer',
  'Applications',
];

export function loadSnapshot() {
  const file = path.join(root, 'examples/argocd-applications.yaml');
  const apps = parse(readFileSync(file, 'utf8')).items;
  const waves = WAVE_NAMES.map((name, id) => {
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

import { readFile } from 'node:fs/promises';
import type { ArgoCdApplication } from '../types';
import { PLATFORM_ARGOCD_PROJECTS } from '@internal/plugin-base-layer-common/testUtils';
import {
  BASE_MODULES as MODULES,
  GITOPS_REPO as REPO,
  PLATFORM_WAVE_MEMBERS,
} from '../../../testUtils/applications';
import { DEMO_SNAPSHOT_FILE } from '../../../__testUtils__/demoSnapshot';
import { parseSnapshot } from './parseSnapshot';

const DEMO_FILE = DEMO_SNAPSHOT_FILE;

describe('examples/argocd-applications.yaml', () => {
  let applications: ArgoCdApplication[];
  let problems: unknown[];

  beforeAll(async () => {
    const result = parseSnapshot(
      await readFile(DEMO_FILE, 'utf8'),
      'examples/argocd-applications.yaml',
    );
    problems = result.problems;
    applications = result.entries.map(e => e.application);
  });

  it('parses without problems', () => {
    expect(problems).toEqual([]);
  });

  const wave = (app: ArgoCdApplication) =>
    Number(app.metadata.labels?.['base-layer.io/wave']);

  it('holds every Application of the platform, by wave', () => {
    const byWave: Record<number, string[]> = {};
    for (const app of applications) {
      (byWave[wave(app)] ??= []).push(app.metadata.name);
    }

    expect(byWave).toEqual(PLATFORM_WAVE_MEMBERS);
  });

  it('agrees with Argo CD sync waves and lives in the argocd namespace', () => {
    for (const app of applications) {
      expect(app.metadata.namespace).toBe('argocd');
      expect(app.metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBe(
        String(wave(app)),
      );
    }
  });

  it('points every BASE module at its folder and its aws overlay', () => {
    for (const module of MODULES) {
      const app = applications.find(a => a.metadata.name === module)!;
      expect(app.spec?.project).toBe('base-layer');
      expect(app.spec?.destination?.namespace).toBe(`base-${module}`);
      expect(app.spec?.sources).toEqual([
        expect.objectContaining({
          repoURL: REPO,
          path: module.replace(/-/g, '_'),
        }),
        expect.objectContaining({
          repoURL: REPO,
          path: `platform-services/kustomize/base-layer/${module}/overlays/aws`,
        }),
      ]);
    }
  });

  it('has one Degraded core app, one running BASE sync, and the rest Synced and Healthy', () => {
    const unusual = applications.filter(
      a =>
        a.status?.health?.status !== 'Healthy' ||
        a.status?.sync?.status !== 'Synced' ||
        a.status?.operationState?.phase !== 'Succeeded',
    );

    expect(
      unusual.map(a => ({
        name: a.metadata.name,
        wave: wave(a),
        health: a.status?.health?.status,
        phase: a.status?.operationState?.phase,
      })),
    ).toEqual([
      { name: 'vault', wave: 0, health: 'Degraded', phase: 'Succeeded' },
      {
        name: 'feature-engineering',
        wave: 3,
        health: 'Progressing',
        phase: 'Running',
      },
    ]);
  });

  it('uses only the projects of the platform and full commit revisions', () => {
    const projects = new Set(applications.map(a => a.spec?.project));
    expect([...projects].sort()).toEqual(PLATFORM_ARGOCD_PROJECTS);
    for (const app of applications) {
      const revisions = app.status?.sync?.revisions ?? [
        app.status?.sync?.revision,
      ];
      for (const revision of revisions) {
        expect(revision).toMatch(/^[0-9a-f]{40}$/);
      }
    }
  });
});

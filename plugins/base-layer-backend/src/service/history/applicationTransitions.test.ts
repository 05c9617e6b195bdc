import { ApplicationStatus } from '@internal/plugin-base-layer-common';
import { WaveStatusDocument } from '../waves/WaveStatusDocument';
import { applicationTransitions } from './applicationTransitions';

function app(
  name: string,
  overrides: Partial<ApplicationStatus> = {},
): ApplicationStatus {
  return {
    source: 'cluster',
    name,
    namespace: 'argocd',
    project: 'base-layer',
    wave: 0,
    sync: 'Synced',
    health: 'Healthy',
    sources: [],
    destination: {},
    conditions: [],
    entityRef: `component:default/${name}`,
    ...overrides,
  };
}

function documentOf(
  applications: ApplicationStatus[],
  unassigned: ApplicationStatus[] = [],
): WaveStatusDocument {
  return {
    generatedAt: '2026-12-01T10:00:00.000Z',
    sources: [],
    waves: [
      {
        id: 0,
        name: 'Core services',
        state: 'Healthy',
        total: applications.length,
        counts: { sync: {}, health: {} },
        applications,
      },
    ],
    unassigned,
    violations: [],
  };
}

const at = new Date('2026-12-01T10:00:00.000Z');

describe('applicationTransitions', () => {
  it('records nothing without a previous document to compare with', () => {
    expect(
      applicationTransitions(undefined, documentOf([app('vault')]), at),
    ).toEqual([]);
  });

  it('records changes of sync and health, deletion and new applications only', () => {
    const previous = documentOf(
      [
        app('vault', { health: 'Degraded' }),
        app('mlflow'),
        app('consul'),
        app('airflow'),
      ],
      [app('stray', { wave: null, sync: 'OutOfSync' })],
    );
    const next = documentOf(
      [
        app('vault'),
        app('mlflow'),
        app('consul', { health: 'Deleting', deleting: true }),
        app('airflow', { sync: 'OutOfSync' }),
        app('minio'),
      ],
      [app('stray', { wave: null, sync: 'OutOfSync' })],
    );
    expect(applicationTransitions(previous, next, at)).toEqual([
      expect.objectContaining({
        name: 'vault',
        entityRef: 'component:default/vault',
        wave: 0,
        from: { sync: 'Synced', health: 'Degraded' },
        to: { sync: 'Synced', health: 'Healthy' },
        at: '2026-12-01T10:00:00.000Z',
      }),
      expect.objectContaining({
        name: 'consul',
        from: { sync: 'Synced', health: 'Healthy' },
        to: { sync: 'Synced', health: 'Deleting' },
      }),
      expect.objectContaining({
        name: 'airflow',
        to: { sync: 'OutOfSync', health: 'Healthy' },
      }),
      expect.objectContaining({ name: 'minio', from: null }),
    ]);
  });

  it("skips an unreachable source's applications, and compares with their last known state after", () => {
    const healthy = documentOf([app('vault')]);
    const unreachable = documentOf([
      app('vault', {
        sync: 'Unknown',
        health: 'Unknown',
        error: 'answered 503',
        lastKnown: { sync: 'Synced', health: 'Healthy' },
      }),
    ]);
    expect(applicationTransitions(healthy, unreachable, at)).toEqual([]);
    expect(
      applicationTransitions(unreachable, documentOf([app('vault')]), at),
    ).toEqual([]);
    expect(
      applicationTransitions(
        unreachable,
        documentOf([app('vault', { health: 'Degraded' })]),
        at,
      ),
    ).toEqual([
      expect.objectContaining({
        from: { sync: 'Synced', health: 'Healthy' },
        to: { sync: 'Synced', health: 'Degraded' },
      }),
    ]);
  });
});

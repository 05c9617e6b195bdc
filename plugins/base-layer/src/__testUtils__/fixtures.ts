import { Entity } from '@backstage/catalog-model';
import {
  ApplicationStatus,
  EntityStatusResponse,
  WavesResponse,
  WaveStatus,
} from '@internal/plugin-base-layer-common';

/** An Argo CD application status, healthy and synced unless told otherwise. */
export function makeApplication(
  overrides: Partial<ApplicationStatus> & { name: string },
): ApplicationStatus {
  return {
    source: 'argocd-dev',
    namespace: 'argocd',
    project: 'base-layer',
    wave: 3,
    sync: 'Synced',
    health: 'Healthy',
    operationPhase: 'Succeeded',
    revision: '0123456789abcdef0123456789abcdef01234567',
    lastSyncedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    sources: [],
    destination: { name: 'base-layer', namespace: `base-${overrides.name}` },
    conditions: [],
    ...overrides,
  };
}

/** A wave whose counts match its applications. */
export function makeWave(
  overrides: Partial<WaveStatus> & { id: number; name: string },
): WaveStatus {
  const applications = overrides.applications ?? [];
  const health: WaveStatus['counts']['health'] = {};
  const sync: WaveStatus['counts']['sync'] = {};
  for (const app of applications) {
    health[app.health] = (health[app.health] ?? 0) + 1;
    sync[app.sync] = (sync[app.sync] ?? 0) + 1;
  }
  return {
    state: 'Healthy',
    total: applications.length,
    counts: { sync, health },
    applications,
    ...overrides,
  };
}

/** The default plan with wave 2 Degraded and wave 3 Blocked behind it. */
export function makeWavesResponse(
  overrides: Partial<WavesResponse> = {},
): WavesResponse {
  return {
    generatedAt: new Date().toISOString(),
    stale: false,
    ageSeconds: 2,
    sources: [{ name: 'argocd-dev', type: 'argocd', ok: true, stale: false }],
    violations: [],
    waves: [
      makeWave({
        id: 0,
        name: 'Core services',
        applications: [
          makeApplication({ name: 'argocd', wave: 0 }),
          makeApplication({ name: 'vault', wave: 0 }),
        ],
      }),
      makeWave({
        id: 2,
        name: 'Orchestration',
        state: 'Degraded',
        applications: [
          makeApplication({ name: 'airflow', wave: 2 }),
          makeApplication({
            name: 'mlflow',
            wave: 2,
            health: 'Degraded',
            operationPhase: 'Failed',
          }),
        ],
      }),
      makeWave({
        id: 3,
        name: 'BASE layer',
        state: 'Blocked',
        reason: 'Wave 2 (Orchestration) is Degraded',
        blockedBy: 2,
        applications: [
          makeApplication({
            name: 'data-ingestion',
            entityRef: 'component:default/data-ingestion',
            health: 'Missing',
            sync: 'OutOfSync',
            operationPhase: undefined,
            lastSyncedAt: undefined,
          }),
        ],
      }),
    ],
    ...overrides,
  };
}

/** What the backend says about the data-ingestion module. */
export function makeEntityStatus(
  overrides: Partial<EntityStatusResponse> = {},
): EntityStatusResponse {
  return {
    entityRef: 'component:default/data-ingestion',
    wave: 3,
    waveName: 'BASE layer',
    cluster: 'base-layer',
    namespace: 'base-data-ingestion',
    environments: ['dev', 'prod'],
    overlays: ['aws', 'dev', 'prod'],
    applications: [
      makeApplication({
        name: 'data-ingestion',
        entityRef: 'component:default/data-ingestion',
      }),
    ],
    links: [
      {
        tool: 'mlflow',
        environment: 'dev',
        title: 'MLflow',
        url: 'https://mlflow.dev.example.com/#/experiments/data-ingestion',
      },
      {
        tool: 'grafana',
        environment: 'dev',
        title: 'Grafana',
        url: 'https://grafana.dev.example.com/d/base?var-namespace=base-data-ingestion',
      },
    ],
    tools: [
      { tool: 'mlflow', environment: 'dev', status: 'up' },
      { tool: 'grafana', environment: 'dev', status: 'down', message: '502' },
    ],
    stale: false,
    ageSeconds: 3,
    ...overrides,
  };
}

/** The base-layer System, with the given components (names) as its parts. */
export function makeSystem(components: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'base-layer', namespace: 'default' },
    spec: { owner: 'platform' },
    relations: components.map(name => ({
      type: 'hasPart',
      targetRef: `component:default/${name}`,
    })),
  };
}

/** A BASE module entity as the catalog holds it. */
export const moduleEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'data-ingestion',
    namespace: 'default',
    annotations: {
      'base-layer.io/wave': '3',
      'base-layer.io/cluster': 'base-layer',
      'base-layer.io/overlays': 'aws,dev,prod',
      'base-layer.io/environments': 'dev,staging,prod',
      'base-layer.io/module-path': 'data_ingestion',
      'base-layer.io/overlay-path':
        'platform-services/kustomize/base-layer/data-ingestion/overlays',
      'argocd/app-name': 'data-ingestion',
      'backstage.io/kubernetes-namespace': 'base-data-ingestion',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'platform' },
};

/**
 * Realistic Argo CD Applications of the BASE layer platform, as the
 * Kubernetes API and Argo CD's REST API return them. Shared by the unit
 * tests, the benchmark and the UI end-to-end tests.
 */
import {
  HealthStatus,
  OperationPhase,
  SyncStatus,
} from '@internal/plugin-base-layer-common';
import { ArgoCdApplication } from '../service/sources/types';
import { withRevisionHistory } from './revisionHistory';

/**
 * The GitOps repository the fixture Applications deploy from.
 *
 * @public
 */
export const GITOPS_REPO = 'https://github.com/vsem-svoim/base-app-layer.git';
const IN_CLUSTER = 'https://kubernetes.default.svc';
const SHA = (seed: string) =>
  Array.from({ length: 40 }, (_, i) =>
    ((seed.charCodeAt(i % seed.length) + i) % 16).toString(16),
  ).join('');

/**
 * Options of {@link buildApplication}.
 *
 * @public
 */
export interface ApplicationFixtureOptions {
  name: string;
  wave?: number;
  project?: string;
  /** Namespace of the Application resource itself. */
  namespace?: string;
  destinationNamespace?: string;
  sync?: SyncStatus;
  health?: HealthStatus;
  healthMessage?: string;
  operationPhase?: OperationPhase;
  /** BASE modules are multi-source: their folder plus their aws overlay. */
  multiSource?: boolean;
  /** Leave out `.status`, as for an Application just created. */
  withoutStatus?: boolean;
  /** Put the wave in Argo CD's sync-wave annotation instead of our label. */
  waveAs?: 'label' | 'annotation' | 'none';
  labels?: Record<string, string>;
  conditions?: Array<{ type: string; message: string }>;
  resourceVersion?: string;
  /**
   * Being deleted since then: `metadata.deletionTimestamp`, Argo CD's
   * resources finalizer removing what the Application deployed.
   */
  deletionTimestamp?: string;
}

/**
 * One Application object, shaped like the real API's.
 *
 * @public
 */
export function buildApplication(
  o: ApplicationFixtureOptions,
): ArgoCdApplication {
  const revision = SHA(o.name);
  const folder = o.name.replace(/-/g, '_');
  const waveAs = o.waveAs ?? 'label';
  const labels: Record<string, string> = {
    'app.kubernetes.io/part-of': o.project ?? 'base-layer',
    ...(o.wave !== undefined && waveAs === 'label'
      ? { 'base-layer.io/wave': String(o.wave) }
      : {}),
    ...o.labels,
  };
  const app: ArgoCdApplication & Record<string, unknown> = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: o.name,
      namespace: o.namespace ?? 'argocd',
      labels,
      annotations: {
        ...(o.wave !== undefined && waveAs === 'annotation'
          ? { 'argocd.argoproj.io/sync-wave': String(o.wave) }
          : {}),
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
      },
      resourceVersion: o.resourceVersion ?? '1000',
      uid: `00000000-0000-4000-8000-${revision.slice(0, 12)}`,
      generation: 3,
      creationTimestamp: '2026-11-01T09:00:00Z',
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
      ...(o.deletionTimestamp && { deletionTimestamp: o.deletionTimestamp }),
    } as ArgoCdApplication['metadata'],
    spec: {
      project: o.project ?? 'base-layer',
      ...(o.multiSource
        ? {
            sources: [
              { repoURL: GITOPS_REPO, path: folder, targetRevision: 'main' },
              {
                repoURL: GITOPS_REPO,
                path: `platform-services/kustomize/base-layer/${o.name}/overlays/aws`,
                targetRevision: 'main',
              },
            ],
          }
        : {
            source: {
              repoURL: GITOPS_REPO,
              path: `platform-services/${folder}`,
              targetRevision: 'main',
            },
          }),
      destination: {
        server: IN_CLUSTER,
        namespace: o.destinationNamespace ?? o.name,
      },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
      },
    } as unknown as ArgoCdApplication['spec'],
  };
  if (!o.withoutStatus) {
    const revisions = o.multiSource ? [revision, revision] : undefined;
    const phase = o.operationPhase ?? 'Succeeded';
    app.status = {
      sync: {
        status: o.sync ?? 'Synced',
        ...(revisions ? { revisions } : { revision }),
        comparedTo: { destination: { server: IN_CLUSTER } },
      },
      health: {
        status: o.health ?? 'Healthy',
        ...(o.healthMessage ? { message: o.healthMessage } : {}),
      },
      operationState: {
        phase,
        message:
          phase === 'Running'
            ? `waiting for healthy state of apps/Deployment/${o.name}`
            : 'successfully synced (all tasks run)',
        startedAt: '2026-11-21T10:00:00Z',
        ...(phase !== 'Running' ? { finishedAt: '2026-11-21T10:01:30Z' } : {}),
        syncResult: revisions ? { revisions } : { revision },
      },
      conditions: o.conditions,
      reconciledAt: '2026-11-21T10:05:00Z',
      sourceTypes: o.multiSource ? ['Directory', 'Kustomize'] : ['Kustomize'],
      resources: [
        {
          group: 'apps',
          version: 'v1',
          kind: 'Deployment',
          namespace: o.destinationNamespace ?? o.name,
          name: o.name,
          status: o.sync ?? 'Synced',
          health: { status: o.health ?? 'Healthy' },
        },
      ],
      history: [
        {
          id: 7,
          revision,
          deployedAt: '2026-11-21T10:01:30Z',
          deployStartedAt: '2026-11-21T10:00:00Z',
        },
      ],
    } as unknown as ArgoCdApplication['status'];
  }
  return app;
}

export {
  BASE_MODULES,
  PLATFORM_WAVE_MEMBERS,
} from '@internal/plugin-base-layer-common/testUtils';

/**
 * A small platform in a realistic mixed state:
 * - waves 0 and 1 Healthy (wave 1 declared with Argo CD's sync-wave annotation);
 * - wave 2: mlflow Degraded, airflow OutOfSync with a sync Running;
 * - wave 3: multi-source BASE modules, one without a status yet;
 * - an app in another namespace (`argocd-apps`), visible through Argo CD's
 *   API only, and one with no wave at all.
 *
 * @public
 */
export const platformApplications: ArgoCdApplication[] = [
  buildApplication({ name: 'vault', wave: 0, project: 'aws-infrastructure' }),
  buildApplication({
    name: 'cert-manager',
    wave: 0,
    project: 'aws-infrastructure',
  }),
  buildApplication({
    name: 'monitoring',
    wave: 1,
    project: 'monitoring-apps',
    waveAs: 'annotation',
  }),
  buildApplication({
    name: 'logging',
    wave: 1,
    project: 'monitoring-apps',
    waveAs: 'annotation',
  }),
  withRevisionHistory(
    buildApplication({
      name: 'mlflow',
      wave: 2,
      project: 'ml-apps',
      health: 'Degraded',
      healthMessage: 'Deployment "mlflow" exceeded its progress deadline',
    }),
    3,
  ),
  buildApplication({
    name: 'airflow',
    wave: 2,
    project: 'orchestration-apps',
    sync: 'OutOfSync',
    health: 'Progressing',
    operationPhase: 'Running',
  }),
  // Deployed four times, for the rollback's revision history.
  withRevisionHistory(
    buildApplication({
      name: 'data-ingestion',
      wave: 3,
      multiSource: true,
      destinationNamespace: 'base-data-ingestion',
    }),
  ),
  buildApplication({
    name: 'data-quality',
    wave: 3,
    multiSource: true,
    destinationNamespace: 'base-data-quality',
  }),
  buildApplication({
    name: 'data-streaming',
    wave: 3,
    multiSource: true,
    withoutStatus: true,
    destinationNamespace: 'base-data-streaming',
  }),
  buildApplication({
    name: 'platform-ui',
    wave: 4,
    project: 'workflow-apps',
    namespace: 'argocd-apps',
    conditions: [
      {
        type: 'SyncError',
        message: 'Failed sync attempt: one or more objects failed to apply',
      },
    ],
  }),
  buildApplication({ name: 'jupyter', project: 'ml-apps', waveAs: 'none' }),
];

/**
 * The wave plan matching {@link platformApplications}.
 *
 * @public
 */
export const platformWaves = [
  { id: 0, name: 'Core services' },
  { id: 1, name: 'Shared services' },
  { id: 2, name: 'Orchestration' },
  { id: 3, name: 'BASE layer' },
  { id: 4, name: 'Applications' },
];

/**
 * `count` healthy Applications spread over waves 0–4, for load tests.
 *
 * @public
 */
export function generateApplications(
  count: number,
  prefix = 'app',
): ArgoCdApplication[] {
  return Array.from({ length: count }, (_, i) =>
    buildApplication({
      name: `${prefix}-${i}`,
      wave: i % 5,
      multiSource: i % 3 === 0,
      resourceVersion: String(1000 + i),
    }),
  );
}

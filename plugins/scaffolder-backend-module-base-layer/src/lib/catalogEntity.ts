import {
  componentEntityV1alpha1Validator,
  Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_AIRFLOW_DAG_IDS,
  ANNOTATION_ARGOCD_APP_NAME,
  ANNOTATION_CLUSTER,
  ANNOTATION_ENVIRONMENTS,
  ANNOTATION_GRAFANA_DASHBOARD_SELECTOR,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_MLFLOW_EXPERIMENT,
  ANNOTATION_MODULE_PATH,
  ANNOTATION_OVERLAY_PATH,
  ANNOTATION_OVERLAYS,
  ANNOTATION_WAVE,
} from '@internal/plugin-base-layer-common';
import { ApplicationDefaults } from './config';
import { GithubRepo } from './githubRepo';
import { ModuleSpec } from './moduleSpec';
import { WorkspaceFile } from './workspace';
import { toYaml } from './yamlDocument';

/**
 * The platform's environments (the seeds' `ENVIRONMENT=dev|staging|prod`),
 * whose tools the portal links. The overlays chosen in the template are the
 * kustomize overlays, and `aws` among them is the cloud overlay.
 */
const MODULE_ENVIRONMENTS = ['dev', 'staging', 'prod'];

/** Components every BASE module depends on (DOMAIN.md "Declared dependencies"). */
export const MODULE_DEPENDENCIES = [
  'component:default/vault',
  'component:default/monitoring',
];

/** The tag every BASE module carries, beside its module group. */
const MODULE_TAG = 'base-module';
/** The system of every BASE module. */
const MODULE_SYSTEM = 'system:default/base-layer';
/** The Argo CD project of the module's Application, as the catalog records it. */
const ANNOTATION_ARGOCD_PROJECT = 'base-layer.io/argocd-project';
/** Backstage's Kubernetes plugin key: the selector of the module's pods. */
const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';

/** Path of the module's catalog entity, in its manifest folder. */
export function catalogEntityPath(spec: ModuleSpec): string {
  return spec.layout.catalogEntity;
}

/** `data-ingestion` → `Data Ingestion`, as the catalog titles its modules. */
function titleOf(name: string): string {
  return name
    .split('-')
    .map(word => word.charAt(0).toLocaleUpperCase('en-US') + word.slice(1))
    .join(' ');
}

/** What the module depends on: the defaults, then the chosen ones, each once. */
export function moduleDependencies(spec: ModuleSpec): string[] {
  return [...new Set([...MODULE_DEPENDENCIES, ...spec.dependsOn])];
}

/** Builds the module's catalog entity with the annotations every BASE module carries. */
export async function buildCatalogEntity(
  spec: ModuleSpec,
  defaults: ApplicationDefaults,
  repo: GithubRepo,
): Promise<WorkspaceFile> {
  if (!spec.owner) {
    throw new Error('The catalog entity needs an owner');
  }
  const wave = String(spec.wave.id);
  const overlaysPath = `${spec.overlayRoot}/overlays`;
  const treeUrl = (repoPath: string) =>
    `https://${repo.host}/${repo.owner}/${repo.repo}/tree/HEAD/${repoPath}`;
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: spec.name,
      title: titleOf(spec.name),
      description: spec.description,
      labels: { [ANNOTATION_WAVE]: wave },
      annotations: {
        [ANNOTATION_WAVE]: wave,
        [ANNOTATION_CLUSTER]: defaults.destinationCluster,
        [ANNOTATION_OVERLAYS]: spec.environments.join(','),
        [ANNOTATION_ENVIRONMENTS]: MODULE_ENVIRONMENTS.join(','),
        [ANNOTATION_MODULE_PATH]: spec.moduleDir,
        [ANNOTATION_OVERLAY_PATH]: overlaysPath,
        [ANNOTATION_AIRFLOW_DAG_IDS]: `${spec.moduleDir}_orchestrator`,
        [ANNOTATION_MLFLOW_EXPERIMENT]: spec.name,
        [ANNOTATION_ARGOCD_PROJECT]: defaults.project,
        [ANNOTATION_ARGOCD_APP_NAME]: spec.appName,
        [ANNOTATION_KUBERNETES_ID]: spec.name,
        [ANNOTATION_KUBERNETES_NAMESPACE]: spec.namespace,
        [ANNOTATION_KUBERNETES_LABEL_SELECTOR]: `app.kubernetes.io/name=${spec.name}`,
        [ANNOTATION_GRAFANA_DASHBOARD_SELECTOR]: `tags @> '${spec.name}'`,
      },
      tags: [MODULE_TAG, spec.moduleGroup],
      links: [
        {
          url: treeUrl(spec.moduleDir),
          title: 'Module manifests',
          icon: 'github',
        },
        {
          url: treeUrl(overlaysPath),
          title: 'Kustomize overlays',
          icon: 'github',
        },
      ],
    },
    spec: {
      type: 'service',
      lifecycle: spec.lifecycle,
      owner: spec.owner,
      system: MODULE_SYSTEM,
      dependsOn: moduleDependencies(spec),
    },
  };
  // Same validator the catalog runs, so a merged file never fails to ingest.
  await componentEntityV1alpha1Validator.check(entity);
  return { path: catalogEntityPath(spec), content: toYaml(entity) };
}

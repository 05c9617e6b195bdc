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
import { ModuleSpec } from './moduleSpec';
import { WorkspaceFile } from './workspace';
import { toYaml } from './yamlDocument';

/**
 * The platform's environments (the seeds' `ENVIRONMENT=dev|staging|prod`),
 * whose tools the portal links. The overlays chosen in the template are the
 * kustomize overlays, and `aws` among them is the cloud overlay.
 */
const MODULE_ENVIRONMENTS = ['dev', 'staging', 'prod'];

/** Components every BASE module depends on. */
const MODULE_DEPENDENCIES = ['component:vault', 'component:monitoring'];

/** Path of the module's catalog entity, in its manifest folder. */
export function catalogEntityPath(spec: ModuleSpec): string {
  return `${spec.moduleDir}/catalog-info.yaml`;
}

/** Builds the module's catalog entity with the annotations every BASE module carries. */
export async function buildCatalogEntity(
  spec: ModuleSpec,
  defaults: ApplicationDefaults,
): Promise<WorkspaceFile> {
  if (!spec.owner) {
    throw new Error('The catalog entity needs an owner');
  }
  const wave = String(spec.wave.id);
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: spec.name,
      description: spec.description,
      labels: { [ANNOTATION_WAVE]: wave },
      annotations: {
        [ANNOTATION_WAVE]: wave,
        [ANNOTATION_ARGOCD_APP_NAME]: spec.appName,
        [ANNOTATION_KUBERNETES_ID]: spec.name,
        [ANNOTATION_KUBERNETES_NAMESPACE]: spec.namespace,
        [ANNOTATION_CLUSTER]: defaults.destinationCluster,
        [ANNOTATION_OVERLAYS]: spec.environments.join(','),
        [ANNOTATION_ENVIRONMENTS]: MODULE_ENVIRONMENTS.join(','),
        [ANNOTATION_MODULE_PATH]: spec.moduleDir,
        [ANNOTATION_OVERLAY_PATH]: spec.overlayRoot,
        [ANNOTATION_GRAFANA_DASHBOARD_SELECTOR]: `tags @> '${spec.name}'`,
        [ANNOTATION_AIRFLOW_DAG_IDS]: `${spec.moduleDir}_orchestrator`,
        [ANNOTATION_MLFLOW_EXPERIMENT]: spec.name,
      },
      tags: ['base-layer', `wave-${wave}`],
    },
    spec: {
      type: 'service',
      lifecycle: spec.lifecycle,
      owner: spec.owner,
      system: 'base-layer',
      dependsOn: MODULE_DEPENDENCIES,
    },
  };
  // Same validator the catalog runs, so a merged file never fails to ingest.
  await componentEntityV1alpha1Validator.check(entity);
  return { path: catalogEntityPath(spec), content: toYaml(entity) };
}

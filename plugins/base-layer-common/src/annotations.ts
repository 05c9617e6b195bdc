/**
 * Annotation keys read by the BASE layer plugins.
 *
 * Where the community already has a key we use it, so one catalog serves both
 * our plugins and theirs. Our own keys share the {@link BASE_LAYER_ANNOTATION_PREFIX}.
 */

/**
 * Prefix of every annotation and label key this suite defines.
 *
 * @public
 */
export const BASE_LAYER_ANNOTATION_PREFIX = 'base-layer.io/';

/**
 * The deployment wave of the entity, an integer declared in `baseLayer.waves`.
 * Also used as a label.
 *
 * @public
 */
export const ANNOTATION_WAVE = 'base-layer.io/wave';
/**
 * The Kubernetes cluster the entity runs on, for example `base-layer`.
 *
 * @public
 */
export const ANNOTATION_CLUSTER = 'base-layer.io/cluster';
/**
 * Comma-separated environments whose tools are linked and probed, for
 * example `dev,staging,prod`: the keys of `baseLayer.tools` (the seeds'
 * `ENVIRONMENT=dev|staging|prod`). Until this release it held the kustomize
 * overlays (`aws,dev,prod`); an entity without
 * {@link ANNOTATION_OVERLAYS} is still read that way, with a warning.
 *
 * @public
 */
export const ANNOTATION_ENVIRONMENTS = 'base-layer.io/environments';
/**
 * Comma-separated kustomize overlays the module ships, for example
 * `aws,dev,prod` (`aws` is the cloud overlay, not an environment).
 *
 * @public
 */
export const ANNOTATION_OVERLAYS = 'base-layer.io/overlays';
/**
 * Path of the module's manifests in the GitOps repo, for example
 * `data_ingestion`.
 *
 * @public
 */
export const ANNOTATION_MODULE_PATH = 'base-layer.io/module-path';
/**
 * Path of the module's kustomize overlays in the GitOps repo.
 *
 * @public
 */
export const ANNOTATION_OVERLAY_PATH = 'base-layer.io/overlay-path';
/**
 * Comma-separated Airflow DAG ids, for example `data_ingestion_orchestrator`.
 *
 * @public
 */
export const ANNOTATION_AIRFLOW_DAG_IDS = 'base-layer.io/airflow-dag-ids';
/**
 * The MLflow experiment name of the entity.
 *
 * @public
 */
export const ANNOTATION_MLFLOW_EXPERIMENT = 'base-layer.io/mlflow-experiment';

/**
 * Roadie's Argo CD plugin key: the Argo CD application name.
 *
 * @public
 */
export const ANNOTATION_ARGOCD_APP_NAME = 'argocd/app-name';
/**
 * Roadie's Argo CD plugin key: a label selector matching Argo CD applications.
 *
 * @public
 */
export const ANNOTATION_ARGOCD_APP_SELECTOR = 'argocd/app-selector';
/**
 * Roadie's Argo CD plugin key: which configured Argo CD instance holds the app.
 *
 * @public
 */
export const ANNOTATION_ARGOCD_INSTANCE_NAME = 'argocd/instance-name';
/**
 * Backstage's Kubernetes plugin key: the label value of the entity's Kubernetes
 * objects.
 *
 * @public
 */
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
/**
 * Backstage's Kubernetes plugin key: the namespace of the entity's Kubernetes
 * objects.
 *
 * @public
 */
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';
/**
 * The Grafana plugin's key: a tag selector for the entity's dashboards.
 *
 * @public
 */
export const ANNOTATION_GRAFANA_DASHBOARD_SELECTOR =
  'grafana/dashboard-selector';

/**
 * Argo CD's own sync-wave annotation on Applications.
 *
 * @public
 */
export const ARGOCD_SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/**
 * The platform of DOMAIN.md, for the tests of every BASE layer plugin: the
 * engine's fixtures, the demo snapshot and the catalog's acceptance test all
 * check against this one table.
 *
 * @packageDocumentation
 */

/**
 * The 14 BASE modules of the domain.
 *
 * @public
 */
export const BASE_MODULES = [
  'data-ingestion',
  'data-control',
  'data-distribution',
  'data-quality',
  'data-security',
  'data-storage',
  'data-streaming',
  'event-coordination',
  'feature-engineering',
  'metadata-discovery',
  'multimodal-processing',
  'pipeline-management',
  'quality-monitoring',
  'schema-contracts',
];

/**
 * The Applications of each wave of the whole platform, as DOMAIN.md's wave
 * table lists them.
 *
 * @public
 */
export const PLATFORM_WAVE_MEMBERS: Record<number, string[]> = {
  0: [
    'argocd',
    'vault',
    'cert-manager',
    'aws-load-balancer-controller',
    'crossplane',
  ],
  1: ['monitoring', 'logging', 'service-mesh', 'tracing'],
  2: [
    'airflow',
    'mlflow',
    'kubeflow',
    'argo-workflows',
    'seldon-core',
    'jupyter',
  ],
  3: BASE_MODULES,
  4: ['platform-ui', 'api-gateway', 'data-services', 'data-platform-portal'],
};

/**
 * The Argo CD projects of the platform, sorted.
 *
 * @public
 */
export const PLATFORM_ARGOCD_PROJECTS = [
  'aws-infrastructure',
  'base-layer',
  'ml-apps',
  'monitoring-apps',
  'orchestration-apps',
  'workflow-apps',
];

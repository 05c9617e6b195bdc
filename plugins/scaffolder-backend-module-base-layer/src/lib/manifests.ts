import path from 'node:path';
import yaml from 'yaml';
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
  ANNOTATION_WAVE,
  ARGOCD_SYNC_WAVE_ANNOTATION,
} from '@internal/plugin-base-layer-common';
import { ApplicationDefaults } from './config';
import { KubernetesModels } from './models';
import { GithubRepo } from './ModuleExistenceChecker';
import {
  applicationFilePath,
  ModuleSpec,
  ResourceRequests,
} from './moduleSpec';
import { WorkspaceFile } from './workspace';

/** IRSA: the annotation EKS reads to give a service account's pods an IAM role. */
export const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';
/** Port the module's container listens on. */
export const CONTAINER_PORT = 8080;
/** The aws overlay's node placement (DOMAIN.md "What the aws overlay does"). */
export const AWS_NODE_SELECTOR = {
  'kubernetes.io/os': 'linux',
  'node.kubernetes.io/instance-type': 't3.medium',
};
/** The literals of the aws overlay's generated ConfigMap. */
export const AWS_CONFIG_LITERALS = [
  'CLOUD_PROVIDER=aws',
  'AWS_REGION=us-east-1',
  'STORAGE_CLASS=gp3',
];
/** Prod autoscaling (DOMAIN.md: 2 to 20 replicas, target 70% CPU). */
export const PROD_AUTOSCALING = {
  minReplicas: 2,
  maxReplicas: 20,
  cpuUtilization: 70,
};
/** Components every BASE module depends on. */
export const MODULE_DEPENDENCIES = ['component:vault', 'component:monitoring'];

const KUSTOMIZATION_HEADER = {
  apiVersion: 'kustomize.config.k8s.io/v1beta1',
  kind: 'Kustomization',
};

function toYaml(document: unknown): string {
  return yaml.stringify(document, { lineWidth: 0 });
}

function validated<T extends { validate(): void; toJSON(): unknown }>(
  model: T,
) {
  model.validate();
  return model.toJSON();
}

function moduleLabels(spec: ModuleSpec): Record<string, string> {
  return {
    'app.kubernetes.io/name': spec.name,
    'app.kubernetes.io/part-of': 'base-layer',
    [ANNOTATION_KUBERNETES_ID]: spec.name,
    [ANNOTATION_WAVE]: String(spec.wave.id),
  };
}

function requestsPatch(requests: ResourceRequests): string {
  return toYaml([
    {
      op: 'add',
      path: '/spec/template/spec/containers/0/resources/requests',
      value: { cpu: requests.cpu, memory: requests.memory },
    },
  ]).trimEnd();
}

/**
 * Builds the module's base manifests (Deployment, Service, ServiceAccount with
 * its IRSA role, ConfigMap), its base kustomization and one overlay per
 * environment, as files relative to the target path.
 */
export function buildModuleManifests(
  spec: ModuleSpec,
  models: KubernetesModels,
): WorkspaceFile[] {
  if (!spec.iamRoleArn) {
    throw new Error('buildModuleManifests needs the IRSA role ARN');
  }
  const labels = moduleLabels(spec);
  const selector = { 'app.kubernetes.io/name': spec.name };
  const configMapName = `${spec.name}-config`;
  const metadata = { name: spec.name, namespace: spec.namespace, labels };

  const deployment = validated(
    new models.Deployment({
      metadata,
      spec: {
        replicas: 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: spec.name,
            containers: [
              {
                name: spec.name,
                image: spec.image,
                ports: [{ name: 'http', containerPort: CONTAINER_PORT }],
                // The aws overlay appends to this list; a JSON patch cannot
                // append to a list that does not exist.
                env: [{ name: 'MODULE_NAME', value: spec.name }],
                envFrom: [{ configMapRef: { name: configMapName } }],
                resources: {
                  requests: { ...spec.resources.dev },
                },
              },
            ],
          },
        },
      },
    }),
  );
  const service = validated(
    new models.Service({
      metadata,
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ name: 'http', port: 80, targetPort: 'http' }],
      },
    }),
  );
  const serviceAccount = validated(
    new models.ServiceAccount({
      metadata: {
        ...metadata,
        annotations: { [IRSA_ROLE_ANNOTATION]: spec.iamRoleArn },
      },
    }),
  );
  const configMap = validated(
    new models.ConfigMap({
      metadata: { ...metadata, name: configMapName },
      data: {
        MODULE_NAME: spec.name,
        NAMESPACE: spec.namespace,
        WAVE: String(spec.wave.id),
        LOG_LEVEL: 'info',
      },
    }),
  );

  const manifestFiles = {
    'deployment.yaml': deployment,
    'service.yaml': service,
    'serviceaccount.yaml': serviceAccount,
    'configmap.yaml': configMap,
  };
  const files: WorkspaceFile[] = [
    {
      path: `${spec.moduleDir}/kustomization.yaml`,
      content: toYaml({
        ...KUSTOMIZATION_HEADER,
        resources: Object.keys(manifestFiles),
      }),
    },
    ...Object.entries(manifestFiles).map(([file, document]) => ({
      path: `${spec.moduleDir}/${file}`,
      content: toYaml(document),
    })),
  ];

  const baseDir = `${spec.overlayRoot}/base`;
  files.push({
    path: `${baseDir}/kustomization.yaml`,
    content: toYaml({
      ...KUSTOMIZATION_HEADER,
      // Kustomize only loads files below its root, so the base points at the
      // module folder as a directory (it carries its own kustomization).
      resources: [path.posix.relative(baseDir, spec.moduleDir)],
      namespace: spec.namespace,
    }),
  });

  const deploymentTarget = { kind: 'Deployment', name: spec.name };
  for (const env of spec.environments) {
    const dir = `${spec.overlayRoot}/overlays/${env}`;
    if (env === 'aws') {
      files.push({
        path: `${dir}/kustomization.yaml`,
        content: toYaml({
          ...KUSTOMIZATION_HEADER,
          resources: ['../../base'],
          patches: [
            {
              target: deploymentTarget,
              patch: toYaml([
                {
                  op: 'add',
                  path: '/spec/template/spec/containers/0/env/-',
                  value: { name: 'CLOUD_PROVIDER', value: 'aws' },
                },
                {
                  op: 'add',
                  path: '/spec/template/spec/nodeSelector',
                  value: AWS_NODE_SELECTOR,
                },
              ]).trimEnd(),
            },
          ],
          configMapGenerator: [
            { name: `${spec.name}-aws-config`, literals: AWS_CONFIG_LITERALS },
          ],
          // `labels` rather than the deprecated commonLabels: selectors are
          // immutable on a Deployment and must not change with the overlay.
          labels: [{ pairs: { 'cloud.provider': 'aws' } }],
        }),
      });
      continue;
    }
    const resources = ['../../base'];
    if (env === 'prod') {
      resources.push('hpa.yaml');
    }
    files.push({
      path: `${dir}/kustomization.yaml`,
      content: toYaml({
        ...KUSTOMIZATION_HEADER,
        resources,
        patches: [
          {
            target: deploymentTarget,
            patch: requestsPatch(spec.resources[env]),
          },
        ],
      }),
    });
    if (env === 'prod') {
      const hpa = validated(
        new models.HorizontalPodAutoscaler({
          metadata,
          spec: {
            scaleTargetRef: {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: spec.name,
            },
            minReplicas: PROD_AUTOSCALING.minReplicas,
            maxReplicas: PROD_AUTOSCALING.maxReplicas,
            metrics: [
              {
                type: 'Resource',
                resource: {
                  name: 'cpu',
                  target: {
                    type: 'Utilization',
                    averageUtilization: PROD_AUTOSCALING.cpuUtilization,
                  },
                },
              },
            ],
          },
        }),
      );
      files.push({ path: `${dir}/hpa.yaml`, content: toYaml(hpa) });
    }
  }
  return files;
}

/** Builds the module's multi-source Argo CD Application. */
export function buildArgoCdApplication(
  spec: ModuleSpec,
  repo: GithubRepo,
  targetRevision: string,
  defaults: ApplicationDefaults,
  models: KubernetesModels,
): WorkspaceFile {
  const wave = String(spec.wave.id);
  const application = validated(
    new models.Application({
      metadata: {
        name: spec.appName,
        namespace: defaults.argocdNamespace,
        labels: {
          'app.kubernetes.io/name': spec.name,
          'app.kubernetes.io/part-of': 'base-layer',
          [ANNOTATION_WAVE]: wave,
        },
        annotations: { [ARGOCD_SYNC_WAVE_ANNOTATION]: wave },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: defaults.project,
        sources: [
          { repoURL: repo.cloneUrl, targetRevision, path: spec.moduleDir },
          {
            repoURL: repo.cloneUrl,
            targetRevision,
            path: `${spec.overlayRoot}/overlays/${spec.applicationOverlay}`,
          },
        ],
        destination: {
          name: defaults.destinationCluster,
          namespace: spec.namespace,
        },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true'],
          retry: {
            limit: 5,
            backoff: { duration: '5s', factor: 2, maxDuration: '3m' },
          },
        },
      },
    }),
  );
  return { path: applicationFilePath(spec), content: toYaml(application) };
}

/** Builds the module's catalog entity with the annotations every BASE module carries. */
export async function buildCatalogEntity(
  spec: ModuleSpec,
  defaults: ApplicationDefaults,
): Promise<WorkspaceFile> {
  if (!spec.owner) {
    throw new Error('buildCatalogEntity needs an owner');
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
        [ANNOTATION_ENVIRONMENTS]: spec.environments.join(','),
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
  return {
    path: `${spec.moduleDir}/catalog-info.yaml`,
    content: toYaml(entity),
  };
}

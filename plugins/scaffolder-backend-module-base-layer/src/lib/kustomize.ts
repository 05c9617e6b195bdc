import path from 'node:path';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_WAVE,
} from '@internal/plugin-base-layer-common';
import { KubernetesModels } from './models';
import { ModuleEnvironment } from './moduleInput';
import { ModuleSpec } from './moduleSpec';
import { WorkspaceFile } from './workspace';
import { toYaml, validated } from './yamlDocument';

/** IRSA: the annotation EKS reads to give a service account's pods an IAM role. */
const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';
/** Port the module's container listens on. */
const CONTAINER_PORT = 8080;
/** The aws overlay's node placement (DOMAIN.md "What the aws overlay does"). */
const AWS_NODE_SELECTOR = {
  'kubernetes.io/os': 'linux',
  'node.kubernetes.io/instance-type': 't3.medium',
};
/** The literals of the aws overlay's generated ConfigMap. */
const AWS_CONFIG_LITERALS = [
  'CLOUD_PROVIDER=aws',
  'AWS_REGION=us-east-1',
  'STORAGE_CLASS=gp3',
];
/** Prod autoscaling (DOMAIN.md: 2 to 20 replicas, target 70% CPU). */
const PROD_AUTOSCALING = {
  minReplicas: 2,
  maxReplicas: 20,
  cpuUtilization: 70,
};

/**
 * What the overlays need of a module: a {@link ModuleSpec}, or what an
 * existing module's files tell of it.
 */
export type OverlaySpec = Pick<
  ModuleSpec,
  'name' | 'namespace' | 'layout' | 'resources'
> & { wave: Pick<ModuleSpec['wave'], 'id'> };

/** Builds the document of one file. */
type DocumentBuilder = (models: KubernetesModels) => unknown;

/** One file the module's kustomize layout consists of, not built yet. */
interface PlannedFile {
  path: string;
  document: DocumentBuilder;
}

function moduleLabels(spec: OverlaySpec): Record<string, string> {
  return {
    'app.kubernetes.io/name': spec.name,
    'app.kubernetes.io/part-of': 'base-layer',
    [ANNOTATION_KUBERNETES_ID]: spec.name,
    [ANNOTATION_WAVE]: String(spec.wave.id),
  };
}

function objectMetadata(spec: OverlaySpec) {
  return {
    name: spec.name,
    namespace: spec.namespace,
    labels: moduleLabels(spec),
  };
}

const configMapName = (spec: ModuleSpec) => `${spec.name}-config`;
const podSelector = (spec: ModuleSpec) => ({
  'app.kubernetes.io/name': spec.name,
});

function deployment(spec: ModuleSpec, models: KubernetesModels) {
  const container = {
    name: spec.name,
    image: spec.image,
    ports: [{ name: 'http', containerPort: CONTAINER_PORT }],
    // The aws overlay appends to this list; a JSON patch cannot append to a
    // list that does not exist.
    env: [{ name: 'MODULE_NAME', value: spec.name }],
    envFrom: [{ configMapRef: { name: configMapName(spec) } }],
    resources: { requests: { ...spec.resources.dev } },
  };
  return validated(
    new models.Deployment({
      metadata: objectMetadata(spec),
      spec: {
        replicas: 1,
        selector: { matchLabels: podSelector(spec) },
        template: {
          metadata: { labels: moduleLabels(spec) },
          spec: { serviceAccountName: spec.name, containers: [container] },
        },
      },
    }),
  );
}

function service(spec: ModuleSpec, models: KubernetesModels) {
  return validated(
    new models.Service({
      metadata: objectMetadata(spec),
      spec: {
        type: 'ClusterIP',
        selector: podSelector(spec),
        ports: [{ name: 'http', port: 80, targetPort: 'http' }],
      },
    }),
  );
}

function serviceAccount(spec: ModuleSpec, models: KubernetesModels) {
  if (!spec.iamRoleArn) {
    throw new Error('The ServiceAccount needs the IRSA role ARN');
  }
  return validated(
    new models.ServiceAccount({
      metadata: {
        ...objectMetadata(spec),
        annotations: { [IRSA_ROLE_ANNOTATION]: spec.iamRoleArn },
      },
    }),
  );
}

function configMap(spec: ModuleSpec, models: KubernetesModels) {
  return validated(
    new models.ConfigMap({
      metadata: { ...objectMetadata(spec), name: configMapName(spec) },
      data: {
        MODULE_NAME: spec.name,
        NAMESPACE: spec.namespace,
        WAVE: String(spec.wave.id),
        LOG_LEVEL: 'info',
      },
    }),
  );
}

function horizontalPodAutoscaler(spec: OverlaySpec, models: KubernetesModels) {
  return validated(
    new models.HorizontalPodAutoscaler({
      metadata: objectMetadata(spec),
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
}

function kustomization(
  fields: { resources: string[] } & Record<string, unknown>,
) {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    ...fields,
  };
}

/** A JSON patch of the module's Deployment, as kustomize `patches` take it. */
function deploymentPatch(spec: OverlaySpec, operations: object[]) {
  return {
    target: { kind: 'Deployment', name: spec.name },
    patch: toYaml(operations).trimEnd(),
  };
}

function awsOverlay(spec: OverlaySpec, resources: string[]) {
  return kustomization({
    resources,
    patches: [
      deploymentPatch(spec, [
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
      ]),
    ],
    configMapGenerator: [
      { name: `${spec.name}-aws-config`, literals: AWS_CONFIG_LITERALS },
    ],
    // `labels` rather than the deprecated commonLabels: selectors are
    // immutable on a Deployment and must not change with the overlay.
    // includeTemplates puts the label on the pod template too: the seeds
    // select pods by it.
    labels: [{ pairs: { 'cloud.provider': 'aws' }, includeTemplates: true }],
  });
}

function requestsOverlay(
  spec: OverlaySpec,
  env: 'dev' | 'prod',
  resources: string[],
) {
  return kustomization({
    resources,
    patches: [
      deploymentPatch(spec, [
        {
          op: 'add',
          path: '/spec/template/spec/containers/0/resources/requests',
          value: { ...spec.resources[env] },
        },
      ]),
    ],
  });
}

/** A folder with a kustomization listing the folder's other files. */
function kustomizeFolder(
  dir: string,
  kustomizationOf: (files: string[]) => object,
  files: Record<string, DocumentBuilder> = {},
): PlannedFile[] {
  return [
    {
      path: `${dir}/kustomization.yaml`,
      document: () => kustomizationOf(Object.keys(files)),
    },
    ...Object.entries(files).map(([file, document]) => ({
      path: `${dir}/${file}`,
      document,
    })),
  ];
}

function overlayFolder(spec: OverlaySpec, env: ModuleEnvironment) {
  const dir = spec.layout.overlayDir(env);
  const withBase = (files: string[]) => ['../../base', ...files];
  if (env === 'aws') {
    return kustomizeFolder(dir, files => awsOverlay(spec, withBase(files)));
  }
  const files: Record<string, DocumentBuilder> =
    env === 'prod'
      ? { 'hpa.yaml': models => horizontalPodAutoscaler(spec, models) }
      : {};
  return kustomizeFolder(
    dir,
    names => requestsOverlay(spec, env, withBase(names)),
    files,
  );
}

/**
 * The module's kustomize layout: its manifest folder (Deployment, Service,
 * ServiceAccount with its IRSA role, ConfigMap), its base and one overlay
 * per environment, relative to the target path.
 */
export function planKustomizeFiles(spec: ModuleSpec): PlannedFile[] {
  const baseDir = spec.layout.baseDir;
  return [
    ...kustomizeFolder(
      spec.moduleDir,
      resources => kustomization({ resources }),
      {
        'deployment.yaml': models => deployment(spec, models),
        'service.yaml': models => service(spec, models),
        'serviceaccount.yaml': models => serviceAccount(spec, models),
        'configmap.yaml': models => configMap(spec, models),
      },
    ),
    ...kustomizeFolder(baseDir, () =>
      kustomization({
        // Kustomize only loads files below its root, so the base points at
        // the module folder as a directory (it carries its own kustomization).
        resources: [path.posix.relative(baseDir, spec.moduleDir)],
        namespace: spec.namespace,
      }),
    ),
    ...spec.environments.flatMap(env => overlayFolder(spec, env)),
  ];
}

/**
 * Builds and validates the files of one overlay of a module, as
 * {@link planKustomizeFiles} writes them: the update template adds an
 * overlay to an existing module with it.
 */
export function buildOverlayFiles(
  spec: OverlaySpec,
  overlay: ModuleEnvironment,
  models: KubernetesModels,
): WorkspaceFile[] {
  return buildFiles(overlayFolder(spec, overlay), models);
}

function buildFiles(
  planned: PlannedFile[],
  models: KubernetesModels,
): WorkspaceFile[] {
  return planned.map(file => ({
    path: file.path,
    content: toYaml(file.document(models)),
  }));
}

/** Builds and validates every file of {@link planKustomizeFiles}. */
export function buildKustomizeFiles(
  spec: ModuleSpec,
  models: KubernetesModels,
): WorkspaceFile[] {
  return buildFiles(planKustomizeFiles(spec), models);
}

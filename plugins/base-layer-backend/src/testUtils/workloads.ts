/**
 * Realistic workloads of a BASE module on the base-layer cluster, as the
 * Kubernetes API returns them: what the module's manifests and its aws and
 * prod overlays produce once running (DOMAIN.md), with the ReplicaSet and
 * Pods its Deployment owns and the pods' metrics. They feed the loopback
 * cluster behind the Kubernetes tab in the end-to-end tests.
 */
import type {
  PodMetric,
  V1ConfigMap,
  V1Container,
  V1Deployment,
  V1Pod,
  V1ReplicaSet,
  V1Service,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';

/**
 * An object as the Kubernetes API lists it, as far as the loopback cluster
 * reads it.
 *
 * @public
 */
export interface KubernetesApiObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
}

/** The characters Kubernetes uses for generated name suffixes. */
const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

function seeded(seed: string, length: number, alphabet: string): string {
  let h = 2166136261;
  let out = '';
  for (let i = 0; i < length; i++) {
    for (const c of `${seed}/${i}`) {
      h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    }
    out += alphabet[h % alphabet.length];
  }
  return out;
}
const uid = (seed: string) => {
  const x = seeded(seed, 32, '0123456789abcdef');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-4${x.slice(13, 16)}-a${x.slice(
    17,
    20,
  )}-${x.slice(20)}`;
};

/**
 * Options of {@link buildModuleWorkloads}.
 *
 * @public
 */
export interface ModuleWorkloadOptions {
  /** Running pods of the Deployment; prod's HPA keeps at least 2. */
  replicas?: number;
  /** Image tag of the module's container. */
  tag?: string;
}

/**
 * The pod names `buildModuleWorkloads` gives a module's Deployment.
 *
 * @public
 */
export function modulePodNames(module: string, replicas = 2): string[] {
  const hash = seeded(`${module}/template`, 10, NAME_CHARS);
  return Array.from(
    { length: replicas },
    (_, i) =>
      `${module}-${hash}-${seeded(`${module}/pod/${i}`, 5, NAME_CHARS)}`,
  );
}

/**
 * The objects a BASE module runs as, in namespace `base-<module>`: its
 * Deployment, ReplicaSet, Pods, Service, ConfigMaps and prod HPA (labelled
 * `app.kubernetes.io/name=<module>` and `backstage.io/kubernetes-id=<module>`),
 * plus one PodMetrics per pod (metrics.k8s.io/v1beta1).
 *
 * @public
 */
export function buildModuleWorkloads(
  module: string,
  options: ModuleWorkloadOptions = {},
): KubernetesApiObject[] {
  const replicas = options.replicas ?? 2;
  const tag = options.tag ?? '1.4.2';
  const namespace = `base-${module}`;
  const created = '2026-11-20T08:12:41Z';
  const started = '2026-11-20T08:13:07Z';
  const templateHash = seeded(`${module}/template`, 10, NAME_CHARS);
  const selector = { 'app.kubernetes.io/name': module };
  const labels = {
    ...selector,
    'app.kubernetes.io/part-of': 'base-layer',
    'backstage.io/kubernetes-id': module,
    'base-layer.io/wave': '3',
    'cloud.provider': 'aws',
  };
  const awsConfig = `${module}-aws-config-${seeded(
    `${module}/aws`,
    10,
    NAME_CHARS,
  )}`;
  const image = `123456789012.dkr.ecr.us-east-1.amazonaws.com/base-layer/${module}:${tag}`;
  const container: V1Container = {
    name: module,
    image,
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    env: [
      { name: 'MODULE_NAME', value: module },
      { name: 'CLOUD_PROVIDER', value: 'aws' },
    ],
    envFrom: [
      { configMapRef: { name: `${module}-config` } },
      { configMapRef: { name: awsConfig } },
    ],
    resources: {
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { memory: '2Gi' },
    },
    readinessProbe: {
      httpGet: { path: '/health', port: 'http' },
      periodSeconds: 10,
    },
  };
  const podSpec = {
    serviceAccountName: module,
    nodeSelector: {
      'kubernetes.io/os': 'linux',
      'node.kubernetes.io/instance-type': 't3.medium',
    },
    containers: [container],
  };

  const deployment: V1Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: module,
      namespace,
      labels,
      annotations: { 'deployment.kubernetes.io/revision': '4' },
      uid: uid(`${module}/deployment`),
      generation: 4,
      resourceVersion: '48620117',
      creationTimestamp: new Date(created),
    },
    spec: {
      replicas,
      selector: { matchLabels: selector },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      template: { metadata: { labels }, spec: podSpec },
    },
    status: {
      observedGeneration: 4,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${module}-${templateHash}" has successfully progressed.`,
        },
      ],
    },
  };

  const replicaSetLabels = { ...labels, 'pod-template-hash': templateHash };
  const replicaSet: V1ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${module}-${templateHash}`,
      namespace,
      labels: replicaSetLabels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/revision': '4',
      },
      uid: uid(`${module}/replicaset`),
      resourceVersion: '48620115',
      creationTimestamp: new Date(created),
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: module,
          uid: deployment.metadata!.uid!,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas,
      selector: {
        matchLabels: { ...selector, 'pod-template-hash': templateHash },
      },
      template: { metadata: { labels: replicaSetLabels }, spec: podSpec },
    },
    status: {
      replicas,
      fullyLabeledReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      observedGeneration: 1,
    },
  };

  const podNames = modulePodNames(module, replicas);
  const pods: V1Pod[] = podNames.map((name, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels: replicaSetLabels,
      uid: uid(`${module}/pod/${i}`),
      resourceVersion: String(48620100 + i),
      creationTimestamp: new Date(created),
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: replicaSet.metadata!.name!,
          uid: replicaSet.metadata!.uid!,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { ...podSpec, nodeName: `ip-10-0-${i + 1}-${40 + i}.ec2.internal` },
    status: {
      phase: 'Running',
      qosClass: 'Burstable',
      hostIP: `10.0.${i + 1}.${40 + i}`,
      podIP: `10.0.${i + 1}.${120 + i}`,
      startTime: new Date(started),
      conditions: [
        'Initialized',
        'Ready',
        'ContainersReady',
        'PodScheduled',
      ].map(type => ({
        type,
        status: 'True',
        lastTransitionTime: new Date(started),
      })),
      containerStatuses: [
        {
          name: module,
          image,
          imageID: `${image.split(':')[0]}@sha256:${seeded(
            `${module}/${tag}`,
            64,
            '0123456789abcdef',
          )}`,
          containerID: `containerd://${seeded(
            `${module}/container/${i}`,
            64,
            '0123456789abcdef',
          )}`,
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: new Date(started) } },
        },
      ],
    },
  }));

  const service: V1Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: module,
      namespace,
      labels,
      uid: uid(`${module}/service`),
      resourceVersion: '48619980',
      creationTimestamp: new Date(created),
    },
    spec: {
      type: 'ClusterIP',
      selector,
      clusterIP: `172.20.${module.length}.${module.charCodeAt(0)}`,
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };

  const configMaps: V1ConfigMap[] = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `${module}-config`,
        namespace,
        labels,
        uid: uid(`${module}/config`),
      },
      data: {
        MODULE_NAME: module,
        NAMESPACE: namespace,
        WAVE: '3',
        LOG_LEVEL: 'info',
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: awsConfig,
        namespace,
        labels,
        uid: uid(`${module}/aws-config`),
      },
      data: {
        CLOUD_PROVIDER: 'aws',
        AWS_REGION: 'us-east-1',
        STORAGE_CLASS: 'gp3',
      },
    },
  ];

  const hpa: V2HorizontalPodAutoscaler = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: module,
      namespace,
      labels,
      uid: uid(`${module}/hpa`),
    },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: module,
      },
      minReplicas: 2,
      maxReplicas: 20,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 70 },
          },
        },
      ],
    },
    status: {
      currentReplicas: replicas,
      desiredReplicas: replicas,
      currentMetrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            current: { averageUtilization: 41, averageValue: '205m' },
          },
        },
      ],
    },
  };

  const metrics: Array<PodMetric & KubernetesApiObject> = podNames.map(
    (name, i) => ({
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'PodMetrics',
      metadata: {
        name,
        namespace,
        labels: replicaSetLabels,
        selfLink: '',
        creationTimestamp: '2026-11-22T10:00:00Z',
      },
      timestamp: '2026-11-22T09:59:45Z',
      window: '15s',
      containers: [
        {
          name: module,
          usage: { cpu: `${180 + 25 * i}m`, memory: `${412 + 36 * i}Mi` },
        },
      ],
    }),
  );

  return [
    deployment,
    replicaSet,
    ...pods,
    service,
    ...configMaps,
    hpa,
    ...metrics,
  ];
}

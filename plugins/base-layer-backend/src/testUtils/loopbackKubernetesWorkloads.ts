import type { KubernetesApiObject } from './workloads';
import {
  LoopbackServer,
  sendJson,
  startLoopbackServer,
} from './loopbackServer';

/**
 * Options of {@link startLoopbackKubernetesWorkloads}.
 *
 * @public
 */
export interface LoopbackKubernetesWorkloadsOptions {
  /** Objects in the cluster, in any namespace (see buildModuleWorkloads). */
  objects: KubernetesApiObject[];
  /** Bearer token required on every request. Default `loopback-k8s-token`. */
  token?: string;
  /** Port to listen on; random by default. */
  port?: number;
}

/**
 * A running loopback Kubernetes API server, as {@link
 * startLoopbackKubernetesWorkloads} resolves it.
 *
 * @public
 */
export interface LoopbackKubernetesWorkloads extends LoopbackServer {
  token: string;
  /** Lists served so far, each with its path and label selector. */
  requests: {
    list: number;
    queries: Array<{ path: string; labelSelector: string }>;
  };
}

/**
 * The kinds the Backstage kubernetes backend lists for an entity, plus pod
 * metrics, by `<group>/<version>/<plural>` (the core group is empty).
 */
const RESOURCES: Record<string, string> = {
  '/v1/pods': 'Pod',
  '/v1/services': 'Service',
  '/v1/configmaps': 'ConfigMap',
  '/v1/limitranges': 'LimitRange',
  '/v1/resourcequotas': 'ResourceQuota',
  'apps/v1/deployments': 'Deployment',
  'apps/v1/replicasets': 'ReplicaSet',
  'apps/v1/statefulsets': 'StatefulSet',
  'apps/v1/daemonsets': 'DaemonSet',
  'autoscaling/v2/horizontalpodautoscalers': 'HorizontalPodAutoscaler',
  'batch/v1/jobs': 'Job',
  'batch/v1/cronjobs': 'CronJob',
  'networking.k8s.io/v1/ingresses': 'Ingress',
  'metrics.k8s.io/v1beta1/pods': 'PodMetrics',
};

const PATH =
  /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)$/;

const status = (code: number, reason: string, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  code,
});

/**
 * Whether `labels` match an equality-based label selector (`a=b,c!=d,e,!f`),
 * as the API server's `labelSelector` query parameter. Set-based terms
 * (`in`, `notin`) are not supported and throw.
 *
 * @public
 */
export function matchesLabelSelector(
  labels: Record<string, string> | undefined,
  selector: string,
): boolean {
  const terms = selector
    .split(',')
    .map(t => t.trim())
    .filter(Boolean);
  return terms.every(term => {
    if (/[()]|\s(not)?in\s/.test(term)) {
      throw new Error(`unsupported label selector term "${term}"`);
    }
    const [, key, op, value] =
      /^(!?[^=!]+)(?:(==|=|!=)(.*))?$/.exec(term) ?? [];
    if (!key) throw new Error(`invalid label selector term "${term}"`);
    if (!op) {
      return key.startsWith('!')
        ? labels?.[key.slice(1)] === undefined
        : labels?.[key] !== undefined;
    }
    return op === '!=' ? labels?.[key] !== value : labels?.[key] === value;
  });
}

/**
 * A loopback Kubernetes API server for the Kubernetes tab: it lists the
 * objects the kubernetes backend asks for (pods, deployments, replicasets,
 * services, … and `metrics.k8s.io` pod metrics), cluster-wide or in one
 * namespace, filtered by the `labelSelector` query parameter, like the real
 * API server. Other resources answer 404.
 *
 * @example
 * ```ts
 * const cluster = await startLoopbackKubernetesWorkloads({
 *   objects: buildModuleWorkloads('data-ingestion'),
 * });
 * // kubernetes.clusterLocatorMethods[0].clusters:
 * //   [{ name: 'base-layer', url: cluster.url, authProvider: 'serviceAccount',
 * //      serviceAccountToken: cluster.token }]
 * ```
 *
 * @public
 */
export async function startLoopbackKubernetesWorkloads(
  options: LoopbackKubernetesWorkloadsOptions,
): Promise<LoopbackKubernetesWorkloads> {
  const token = options.token ?? 'loopback-k8s-token';
  const requests: LoopbackKubernetesWorkloads['requests'] = {
    list: 0,
    queries: [],
  };

  const server = await startLoopbackServer(
    (req, res, url) => {
      if (req.headers.authorization !== `Bearer ${token}`) {
        sendJson(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
        return;
      }
      const match = PATH.exec(url.pathname);
      const [, coreVersion, group = '', groupVersion, namespace, plural] =
        match ?? [];
      const version = coreVersion ?? groupVersion;
      const kind = match && RESOURCES[`${group}/${version}/${plural}`];
      if (!kind || req.method !== 'GET') {
        sendJson(
          res,
          404,
          status(
            404,
            'NotFound',
            'the server could not find the requested resource',
          ),
        );
        return;
      }
      const apiVersion = group ? `${group}/${version}` : version;
      const selector = url.searchParams.get('labelSelector') ?? '';
      let items: KubernetesApiObject[];
      try {
        items = options.objects.filter(
          o =>
            o.apiVersion === apiVersion &&
            o.kind === kind &&
            (!namespace || o.metadata?.namespace === namespace) &&
            matchesLabelSelector(o.metadata?.labels, selector),
        );
      } catch (error) {
        sendJson(res, 400, status(400, 'BadRequest', String(error)));
        return;
      }
      requests.list++;
      requests.queries.push({ path: url.pathname, labelSelector: selector });
      sendJson(res, 200, {
        apiVersion,
        kind: `${kind}List`,
        metadata: { resourceVersion: '48620200' },
        items,
      });
    },
    { port: options.port },
  );

  return { ...server, token, requests };
}

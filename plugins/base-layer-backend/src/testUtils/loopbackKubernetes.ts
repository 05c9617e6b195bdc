import http from 'node:http';
import { ArgoCdApplication } from '../service/sources/types';
import {
  LoopbackServer,
  sendJson,
  startLoopbackServer,
} from './loopbackServer';

export interface LoopbackKubernetesOptions {
  /** Applications in the cluster, in any namespace. */
  applications: ArgoCdApplication[];
  /** Bearer token required on every request. Default `loopback-k8s-token`. */
  token?: string;
  /** Port to listen on; random by default. */
  port?: number;
}

export interface LoopbackKubernetes extends LoopbackServer {
  token: string;
  /** Requests served so far: full lists and watch connections opened. */
  requests: { list: number; watch: number };
  /** Adds or replaces an Application and sends the event to open watches. */
  upsert(application: ArgoCdApplication): void;
  /** Removes an Application and sends a DELETED event to open watches. */
  remove(name: string, namespace?: string): void;
  /** Ends every open watch, as an API server does on restart. */
  closeWatches(): void;
}

const PATH =
  /^\/apis\/argoproj\.io\/v1alpha1\/namespaces\/([^/]+)\/applications$/;

/**
 * A loopback Kubernetes API server serving `argoproj.io/v1alpha1`
 * Applications: `GET /apis/argoproj.io/v1alpha1/namespaces/<ns>/applications`
 * lists them and, with `?watch=true`, streams ADDED/MODIFIED/DELETED events as
 * JSON lines, like the real API server.
 *
 * @example
 * const cluster = await startLoopbackKubernetes({ applications: platformApplications });
 * // config: { name: 'base-layer', url: cluster.url, token: cluster.token }
 * await cluster.stop();
 */
export async function startLoopbackKubernetes(
  options: LoopbackKubernetesOptions,
): Promise<LoopbackKubernetes> {
  const token = options.token ?? 'loopback-k8s-token';
  let resourceVersion = 1000;
  const objects = new Map<string, ArgoCdApplication>();
  const key = (namespace: string | undefined, name: string) =>
    `${namespace ?? 'default'}/${name}`;
  const stamp = (app: ArgoCdApplication): ArgoCdApplication => ({
    ...app,
    metadata: { ...app.metadata, resourceVersion: String(++resourceVersion) },
  });
  for (const app of options.applications) {
    objects.set(key(app.metadata.namespace, app.metadata.name), stamp(app));
  }
  const watches = new Set<{ namespace: string; res: http.ServerResponse }>();
  const requests = { list: 0, watch: 0 };

  const emit = (type: string, app: ArgoCdApplication) => {
    for (const watch of watches) {
      if (watch.namespace === (app.metadata.namespace ?? 'default')) {
        watch.res.write(`${JSON.stringify({ type, object: app })}\n`);
      }
    }
  };

  const server = await startLoopbackServer(
    (req, res, url) => {
      if (req.headers.authorization !== `Bearer ${token}`) {
        sendJson(res, 401, {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: 'Unauthorized',
          reason: 'Unauthorized',
          code: 401,
        });
        return;
      }
      const match = PATH.exec(url.pathname);
      if (!match || req.method !== 'GET') {
        sendJson(res, 404, { kind: 'Status', status: 'Failure', code: 404 });
        return;
      }
      const namespace = decodeURIComponent(match[1]);
      const items = [...objects.values()].filter(
        a => (a.metadata.namespace ?? 'default') === namespace,
      );
      if (url.searchParams.get('watch') === 'true') {
        requests.watch++;
        res.writeHead(200, {
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        });
        // A real API server answers a watch at once, even with no event to send.
        res.flushHeaders();
        const since = Number(url.searchParams.get('resourceVersion') || 0);
        for (const app of items) {
          if (Number(app.metadata.resourceVersion) > since) {
            res.write(`${JSON.stringify({ type: 'ADDED', object: app })}\n`);
          }
        }
        const watch = { namespace, res };
        watches.add(watch);
        res.on('close', () => watches.delete(watch));
        return;
      }
      requests.list++;
      sendJson(res, 200, {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ApplicationList',
        metadata: { resourceVersion: String(resourceVersion) },
        items,
      });
    },
    { port: options.port },
  );

  return {
    ...server,
    token,
    requests,
    upsert(application) {
      const k = key(application.metadata.namespace, application.metadata.name);
      const existed = objects.has(k);
      const stamped = stamp(application);
      objects.set(k, stamped);
      emit(existed ? 'MODIFIED' : 'ADDED', stamped);
    },
    remove(name, namespace = 'argocd') {
      const existing = objects.get(key(namespace, name));
      if (existing) {
        objects.delete(key(namespace, name));
        emit('DELETED', stamp(existing));
      }
    },
    closeWatches() {
      for (const watch of watches) {
        watch.res.end();
      }
      watches.clear();
    },
  };
}

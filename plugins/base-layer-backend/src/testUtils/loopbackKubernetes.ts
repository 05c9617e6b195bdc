import http from 'node:http';
import { ArgoCdApplication } from '../service/sources/types';
import { createActionRecorder, LoopbackActionLog } from './loopbackActions';
import { createKubernetesActionHandler } from './loopbackKubernetesActions';
import {
  LoopbackServer,
  sendJson,
  startLoopbackServer,
} from './loopbackServer';

/**
 * Options of {@link startLoopbackKubernetes}.
 *
 * @public
 */
export interface LoopbackKubernetesOptions {
  /** Applications in the cluster, in any namespace. */
  applications: ArgoCdApplication[];
  /** Bearer token required on every request. Default `loopback-k8s-token`. */
  token?: string;
  /** Port to listen on; random by default. */
  port?: number;
}

/**
 * A running loopback Kubernetes API server, as {@link startLoopbackKubernetes}
 * resolves it.
 *
 * @public
 */
export interface LoopbackKubernetes extends LoopbackServer {
  token: string;
  /** Requests served so far: full lists, watch connections opened, single Applications read. */
  requests: { list: number; watch: number; get: number };
  /** The `resourceVersion` each watch asked to start from, in order. */
  watchResourceVersions: string[];
  /** Watches open now. */
  readonly openWatches: number;
  /**
   * Adds or replaces an Application and sends the event to open watches;
   * `silent` leaves the watches out, as an event lost on the way would.
   */
  upsert(application: ArgoCdApplication, options?: { silent?: boolean }): void;
  /** Removes an Application and sends a DELETED event to open watches. */
  remove(name: string, namespace?: string): void;
  /** Ends every open watch, as an API server does on restart. */
  closeWatches(): void;
  /**
   * Compacts history, as etcd does: every resourceVersion served so far
   * expires. Open watches get an ERROR event with a 410 `Expired` Status and
   * end; a watch from an expired version gets the same at once.
   */
  expireResourceVersions(): void;
  /** Sends a BOOKMARK event carrying a new resourceVersion to open watches. */
  bookmark(): string;
  /**
   * Writes one line as it is to every open watch, as a broken proxy or a
   * truncated stream might: `'{"type":'`, `'not json'`.
   */
  sendRawLine(line: string): void;
  /**
   * Merge patches of Applications (refresh annotation, `operation`), which
   * the loopback then carries out as Argo CD's controller would.
   */
  actions: LoopbackActionLog;
}

const PATH =
  /^\/apis\/argoproj\.io\/v1alpha1\/namespaces\/([^/]+)\/applications$/;
const OBJECT_PATH =
  /^\/apis\/argoproj\.io\/v1alpha1\/namespaces\/([^/]+)\/applications\/([^/]+)$/;

/**
 * A loopback Kubernetes API server serving `argoproj.io/v1alpha1`
 * Applications: `GET /apis/argoproj.io/v1alpha1/namespaces/<ns>/applications`
 * lists them and, with `?watch=true`, streams ADDED/MODIFIED/DELETED events as
 * JSON lines, like the real API server.
 *
 * @example
 * ```ts
 * const cluster = await startLoopbackKubernetes({ applications: platformApplications });
 * // config: { name: 'base-layer', url: cluster.url, token: cluster.token }
 * await cluster.stop();
 * ```
 *
 * @public
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
  const requests = { list: 0, watch: 0, get: 0 };
  const watchResourceVersions: string[] = [];
  /** Watches from a resourceVersion older than this answer 410 Gone. */
  let oldestResourceVersion = 0;
  const expired = (since: number) => ({
    type: 'ERROR',
    object: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `too old resource version: ${since} (${oldestResourceVersion})`,
      reason: 'Expired',
      code: 410,
    },
  });

  const emit = (type: string, app: ArgoCdApplication) => {
    for (const watch of watches) {
      if (watch.namespace === (app.metadata.namespace ?? 'default')) {
        watch.res.write(`${JSON.stringify({ type, object: app })}\n`);
      }
    }
  };

  const recorder = createActionRecorder();
  const handleAction = createKubernetesActionHandler(
    {
      get: (namespace, name) => objects.get(key(namespace, name)),
      put: application => {
        const stamped = stamp(application);
        objects.set(
          key(application.metadata.namespace, application.metadata.name),
          stamped,
        );
        emit('MODIFIED', stamped);
      },
    },
    recorder,
  );
  const server = await startLoopbackServer(
    async (req, res, url) => {
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
      if (await handleAction(req, res, url)) {
        return;
      }
      const object =
        req.method === 'GET' ? OBJECT_PATH.exec(url.pathname) : null;
      if (object) {
        requests.get++;
        const name = decodeURIComponent(object[2]);
        const found = objects.get(key(decodeURIComponent(object[1]), name));
        if (found) {
          sendJson(res, 200, found);
        } else {
          sendJson(res, 404, {
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            message: `applications.argoproj.io "${name}" not found`,
            reason: 'NotFound',
            code: 404,
          });
        }
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
        watchResourceVersions.push(
          url.searchParams.get('resourceVersion') ?? '',
        );
        if (since > 0 && since < oldestResourceVersion) {
          res.end(`${JSON.stringify(expired(since))}\n`);
          return;
        }
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
    watchResourceVersions,
    get openWatches() {
      return watches.size;
    },
    upsert(application, { silent = false } = {}) {
      const k = key(application.metadata.namespace, application.metadata.name);
      const existed = objects.has(k);
      const stamped = stamp(application);
      objects.set(k, stamped);
      if (!silent) {
        emit(existed ? 'MODIFIED' : 'ADDED', stamped);
      }
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
    expireResourceVersions() {
      oldestResourceVersion = ++resourceVersion;
      for (const watch of watches) {
        watch.res.end(
          `${JSON.stringify(expired(oldestResourceVersion - 1))}\n`,
        );
      }
      watches.clear();
    },
    sendRawLine(line) {
      for (const watch of watches) {
        watch.res.write(`${line}\n`);
      }
    },
    bookmark() {
      const version = String(++resourceVersion);
      for (const watch of watches) {
        watch.res.write(
          `${JSON.stringify({
            type: 'BOOKMARK',
            object: {
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'Application',
              metadata: { resourceVersion: version },
            },
          })}\n`,
        );
      }
      return version;
    },
    actions: recorder.log,
  };
}

import http from 'node:http';
import { ArgoCdApplication } from '../service/sources/types';
import {
  ActionRecorder,
  runRefresh,
  runSyncOperation,
} from './loopbackActions';
import { sendJson } from './loopbackServer';

const OBJECT =
  /^\/apis\/argoproj\.io\/v1alpha1\/namespaces\/([^/]+)\/applications\/([^/]+)$/;
const MERGE_PATCH = 'application/merge-patch+json';
const REFRESH_ANNOTATION = 'argocd.argoproj.io/refresh';

/** A Kubernetes `Status` error body. */
export const kubernetesStatus = (code: number, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason: http.STATUS_CODES[code]?.replace(/\s/g, '') ?? 'Unknown',
  code,
});

/** Applies a JSON merge patch (RFC 7386). */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    return patch;
  }
  const out: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete out[key];
    } else {
      out[key] = applyMergePatch(out[key], value);
    }
  }
  return out;
}

type WithOperation = ArgoCdApplication & {
  operation?: {
    initiatedBy?: { username?: string };
    sync?: { revision?: string; revisions?: string[] };
  };
};

/**
 * Serves merge patches of Applications on a loopback Kubernetes API server
 * (`PATCH /apis/argoproj.io/v1alpha1/namespaces/<ns>/applications/<name>`
 * with `application/merge-patch+json`), recording each, and plays Argo CD's
 * controller: a patched `operation` runs (Running, then Succeeded, then the
 * field is cleared), a refresh annotation renews `reconciledAt` and is
 * removed. Resolves to false for any other request.
 */
export function createKubernetesActionHandler(
  store: {
    get(namespace: string, name: string): ArgoCdApplication | undefined;
    /** Stores the object and sends the watch event. */
    put(application: ArgoCdApplication): void;
  },
  recorder: ActionRecorder,
): (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
) => Promise<boolean> {
  return async (req, res, url) => {
    const match = req.method === 'PATCH' ? OBJECT.exec(url.pathname) : null;
    if (!match) {
      return false;
    }
    const started = await recorder.begin(req, res, url, kubernetesStatus);
    if (!started) {
      return true;
    }
    try {
      const namespace = decodeURIComponent(match[1]);
      const name = decodeURIComponent(match[2]);
      if (req.headers['content-type'] !== MERGE_PATCH) {
        sendJson(
          res,
          415,
          kubernetesStatus(
            415,
            `the body of the request was in an unknown format - accepted media types include: ${MERGE_PATCH}`,
          ),
        );
        return true;
      }
      const current = store.get(namespace, name);
      if (!current) {
        sendJson(
          res,
          404,
          kubernetesStatus(404, `applications.argoproj.io "${name}" not found`),
        );
        return true;
      }
      // A patch naming a resourceVersion applies to that version only.
      const expected = (
        started.body as { metadata?: { resourceVersion?: string } } | undefined
      )?.metadata?.resourceVersion;
      if (expected && expected !== current.metadata.resourceVersion) {
        sendJson(
          res,
          409,
          kubernetesStatus(
            409,
            `Operation cannot be fulfilled on applications.argoproj.io "${name}": the object has been modified; please apply your changes to the latest version and try again`,
          ),
        );
        return true;
      }
      const patched = applyMergePatch(current, started.body) as WithOperation;
      store.put(patched);
      sendJson(res, 200, store.get(namespace, name));
      // Argo CD's controller reacts after the API server answered.
      setImmediate(() => reconcile(namespace, name));
      return true;
    } finally {
      recorder.end();
    }
  };

  function reconcile(namespace: string, name: string) {
    const app = store.get(namespace, name) as WithOperation | undefined;
    if (!app) {
      return;
    }
    if (app.metadata.annotations?.[REFRESH_ANNOTATION]) {
      const { [REFRESH_ANNOTATION]: _, ...annotations } =
        app.metadata.annotations;
      store.put(
        runRefresh({ ...app, metadata: { ...app.metadata, annotations } }),
      );
    }
    const { operation, ...rest } = (store.get(namespace, name) ??
      app) as WithOperation;
    if (operation?.sync) {
      const running = runSyncOperation(
        rest,
        { ...operation.sync, initiatedBy: operation.initiatedBy?.username },
        next => {
          const latest = store.get(namespace, name);
          if (latest) {
            store.put(next(latest));
          }
        },
        recorder.syncDurationMs(),
      );
      store.put(running);
    }
  }
}

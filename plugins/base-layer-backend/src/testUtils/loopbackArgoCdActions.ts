import http from 'node:http';
import { ArgoCdApplication } from '../service/sources/types';
import {
  ActionRecorder,
  runRefresh,
  runSyncOperation,
} from './loopbackActions';
import { sendJson } from './loopbackServer';

const REFRESH = /^\/api\/v1\/applications\/([^/]+)$/;
const SYNC = /^\/api\/v1\/applications\/([^/]+)\/sync$/;

/** The gRPC code Argo CD puts in an error body for an HTTP status. */
function grpcCode(status: number): number {
  switch (status) {
    case 400:
      return 9; // FailedPrecondition
    case 401:
      return 16;
    case 403:
      return 7;
    case 404:
      return 5;
    case 504:
      return 4;
    default:
      return 13; // Internal
  }
}

/** Argo CD's error body: `{ error, code, message }`. */
export const argoCdError = (status: number, message: string) => ({
  error: message,
  code: grpcCode(status),
  message,
});

/**
 * Serves Argo CD's refresh (`GET /api/v1/applications/<name>?refresh=normal`)
 * and sync (`POST /api/v1/applications/<name>/sync`) on a loopback Argo CD's
 * applications, recording each request. Resolves to false for any other
 * request.
 */
export function createArgoCdActionHandler(
  store: {
    get(): ArgoCdApplication[];
    set(applications: ArgoCdApplication[]): void;
  },
  recorder: ActionRecorder,
): (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
) => Promise<boolean> {
  const update = (
    name: string,
    next: (current: ArgoCdApplication) => ArgoCdApplication,
  ) =>
    store.set(store.get().map(a => (a.metadata.name === name ? next(a) : a)));

  return async (req, res, url) => {
    const refresh =
      req.method === 'GET' && url.searchParams.has('refresh')
        ? REFRESH.exec(url.pathname)
        : null;
    const sync = req.method === 'POST' ? SYNC.exec(url.pathname) : null;
    const match = refresh ?? sync;
    if (!match) {
      return false;
    }
    const started = await recorder.begin(req, res, url, argoCdError);
    if (!started) {
      return true;
    }
    try {
      const name = decodeURIComponent(match[1]);
      const appNamespace =
        url.searchParams.get('appNamespace') ??
        (started.body as { appNamespace?: string } | undefined)?.appNamespace;
      const app = store
        .get()
        .find(
          a =>
            a.metadata.name === name &&
            (!appNamespace || a.metadata.namespace === appNamespace),
        );
      if (!app) {
        const message = `applications.argoproj.io "${name}" not found`;
        sendJson(res, 404, argoCdError(404, message));
        return true;
      }
      if (refresh) {
        const refreshed = runRefresh(app);
        update(name, () => refreshed);
        sendJson(res, 200, refreshed);
        return true;
      }
      if (app.status?.operationState?.phase === 'Running') {
        const message = 'another operation is already in progress';
        sendJson(res, 400, argoCdError(400, message));
        return true;
      }
      const body = (started.body ?? {}) as {
        revision?: string;
        revisions?: string[];
      };
      const running = runSyncOperation(
        app,
        body,
        next => update(name, next),
        recorder.syncDurationMs(),
      );
      update(name, () => running);
      sendJson(res, 200, running);
      return true;
    } finally {
      recorder.end();
    }
  };
}

import http from 'node:http';
import { ArgoCdApplication } from '../service/sources/types';
import { readBody, sendJson } from './loopbackServer';

/** How long the simulated controller takes from Running to Succeeded. */
export const LOOPBACK_SYNC_DURATION_MS = 20;

/**
 * One refresh or sync request a loopback server received.
 *
 * @public
 */
export interface LoopbackActionRequest {
  /** `GET`, `POST`, `PATCH`. */
  method: string;
  /** The path, without the query. */
  path: string;
  /** The query parameters. */
  query: Record<string, string>;
  /** The `content-type` header, when there was one. */
  contentType?: string;
  /** The parsed JSON body, when there was one. */
  body?: unknown;
}

/**
 * The refresh and sync requests a loopback server received, and how many it
 * was handling at once.
 *
 * @public
 */
export interface LoopbackActionLog {
  /** Every refresh and sync request, in the order received. */
  readonly requests: LoopbackActionRequest[];
  /** Refresh and sync requests being handled now. */
  readonly inFlight: number;
  /** The most refresh and sync requests handled at once so far. */
  readonly peakInFlight: number;
  /** Time each refresh or sync request takes to answer. Default 0. */
  setLatency(ms: number): void;
  /**
   * Time a sync's operation stays Running before it Succeeds, as Argo CD's
   * controller takes. Default 20 ms.
   */
  setSyncDuration(ms: number): void;
  /**
   * Makes refresh and sync requests fail with `status` and the API's own
   * error body, or never answer (`'hang'`); `undefined` heals it.
   */
  setFailure(
    failure: { status: number; message: string } | 'hang' | undefined,
  ): void;
  /** Forgets the requests received and the peak. */
  reset(): void;
}

/** A loopback server's action log, and what its handlers use of it. */
export interface ActionRecorder {
  log: LoopbackActionLog;
  /**
   * Records the request, waits the latency and answers a configured failure.
   * Resolves to the parsed body, or `undefined` when the failure was sent.
   */
  begin(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    failureBody: (status: number, message: string) => unknown,
  ): Promise<{ body: unknown } | undefined>;
  end(): void;
  /** How long a sync's operation runs, as `setSyncDuration` set it. */
  syncDurationMs(): number;
}

/** Creates the action log of one loopback server. */
export function createActionRecorder(): ActionRecorder {
  const requests: LoopbackActionRequest[] = [];
  let inFlight = 0;
  let peakInFlight = 0;
  let latencyMs = 0;
  let syncDurationMs = LOOPBACK_SYNC_DURATION_MS;
  let failure: { status: number; message: string } | 'hang' | undefined;
  const log: LoopbackActionLog = {
    requests,
    get inFlight() {
      return inFlight;
    },
    get peakInFlight() {
      return peakInFlight;
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    setSyncDuration(ms) {
      syncDurationMs = ms;
    },
    setFailure(next) {
      failure = next;
    },
    reset() {
      requests.length = 0;
      peakInFlight = inFlight;
    },
  };
  return {
    log,
    async begin(req, res, url, failureBody) {
      inFlight++;
      peakInFlight = Math.max(peakInFlight, inFlight);
      const text = await readBody(req);
      const request: LoopbackActionRequest = {
        method: String(req.method),
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        ...(req.headers['content-type'] && {
          contentType: req.headers['content-type'],
        }),
        ...(text && { body: JSON.parse(text) }),
      };
      requests.push(request);
      if (latencyMs > 0) {
        await new Promise(resolve => setTimeout(resolve, latencyMs));
      }
      const current = failure;
      if (current === 'hang') {
        // Never answers; the client gives up. Counted until the socket closes.
        res.on('close', () => inFlight--);
        return undefined;
      }
      if (current) {
        inFlight--;
        sendJson(
          res,
          current.status,
          failureBody(current.status, current.message),
        );
        return undefined;
      }
      return { body: request.body };
    },
    end() {
      inFlight--;
    },
    syncDurationMs: () => syncDurationMs,
  };
}

type Status = NonNullable<ArgoCdApplication['status']>;

/**
 * What Argo CD's controller does to an Application for a sync: the
 * operation Running now, then Succeeded with the app Synced and Healthy.
 */
export function runSyncOperation(
  app: ArgoCdApplication,
  operation: { revision?: string; revisions?: string[]; initiatedBy?: string },
  update: (next: (current: ArgoCdApplication) => ArgoCdApplication) => void,
  durationMs: number = LOOPBACK_SYNC_DURATION_MS,
): ArgoCdApplication {
  const startedAt = new Date().toISOString();
  const status: Status = app.status ?? ({} as Status);
  const revision =
    operation.revision ?? status.sync?.revision ?? operation.revisions?.[0];
  const running: ArgoCdApplication = {
    ...app,
    status: {
      ...status,
      operationState: { phase: 'Running', message: 'syncing', startedAt },
    } as Status,
  };
  setTimeout(() => {
    update(current =>
      // Replaced meanwhile (another operation, a test's reset): not ours.
      current.status?.operationState?.startedAt !== startedAt ||
      current.status?.operationState?.phase !== 'Running'
        ? current
        : {
            ...current,
            status: {
              ...current.status,
              sync: {
                ...current.status?.sync,
                status: 'Synced',
                ...(revision && { revision }),
                ...(operation.revisions && { revisions: operation.revisions }),
              },
              health: { status: 'Healthy' },
              operationState: {
                phase: 'Succeeded',
                message: 'successfully synced (all tasks run)',
                startedAt,
                finishedAt: new Date().toISOString(),
                ...(revision && { syncResult: { revision } }),
              },
              reconciledAt: new Date().toISOString(),
            } as Status,
          },
    );
  }, durationMs).unref();
  return running;
}

/** What Argo CD's controller does for a refresh: compares again, now. */
export function runRefresh(app: ArgoCdApplication): ArgoCdApplication {
  return {
    ...app,
    status: {
      ...app.status,
      reconciledAt: new Date().toISOString(),
    } as Status,
  };
}

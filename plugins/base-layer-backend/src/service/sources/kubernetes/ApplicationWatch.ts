import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeConfig, Watch } from '@kubernetes/client-node';

/** Events whose object is an Application, reduced before the informer caches it. */
const OBJECT_EVENTS = new Set(['ADDED', 'MODIFIED', 'DELETED']);

export interface ApplicationWatchOptions {
  /** The source's name, in every log line. */
  source: string;
  logger: LoggerService;
  /** Reduces the object of an ADDED, MODIFIED or DELETED event to what is kept. */
  reduce(object: object): object;
  /** A watch that receives nothing for this long ends. Default 30 s, as client-node's. */
  inactivityTimeoutMs?: number;
  /** Warnings about malformed lines and idle timeouts are logged at most this often. Default a minute. */
  warnIntervalMs?: number;
}

/** What the watch saw that the informer does not report. */
export interface ApplicationWatchStats {
  /** Lines that were not a watch event (not JSON, no type, no object). */
  malformedLines: number;
  /** Watches ended by the inactivity timeout without any event. */
  idleTimeouts: number;
}

/**
 * A timeout error as client-node's `Watch` reports one: `ListWatch` then
 * reconnects at once from its last resourceVersion.
 */
function timeoutError(ms: number): Error {
  const error = new Error(`The watch received nothing for ${ms} ms`);
  error.name = 'TimeoutError';
  return error;
}

/**
 * The watch the Applications informer runs on. The protocol is client-node's
 * `Watch` (one `GET …?watch=true`, an event per JSON line, an inactivity
 * timeout that `ListWatch` answers by reconnecting from its last
 * resourceVersion), with what that one leaves out:
 *
 * - the object of each ADDED/MODIFIED/DELETED event goes through `reduce`
 *   before the informer caches it, so the informer never holds
 *   `managedFields`, `status.resources` or a long `status.history`;
 * - a line that is not a watch event is counted and logged (at most once per
 *   `warnIntervalMs`, with how many), instead of dropped silently;
 * - a watch that ends by the inactivity timeout without any event is counted
 *   and logged the same way: a hung connection looks like that (so does a
 *   cluster where no Application changed for that long; either way the
 *   informer reconnects and misses nothing).
 *
 * It speaks through Node's http(s) with the cluster's options from
 * `KubeConfig.applyToHTTPSOptions` (CA, client certificate, token, proxy).
 */
export class ApplicationWatch extends Watch {
  private readonly stats: ApplicationWatchStats = {
    malformedLines: 0,
    idleTimeouts: 0,
  };
  /** What happened since the last warning of each kind, and when that was. */
  private readonly pending = {
    malformed: { count: 0, lastWarnAt: -Infinity, sample: '' },
    idle: { count: 0, lastWarnAt: -Infinity, sample: '' },
  };

  constructor(
    kubeConfig: KubeConfig,
    private readonly options: ApplicationWatchOptions,
  ) {
    super(kubeConfig);
  }

  /** Counts since the watch was created. */
  getStats(): ApplicationWatchStats {
    return { ...this.stats };
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: any, watchObj?: any) => void,
    done: (err: any) => void,
  ): Promise<AbortController> {
    const cluster = this.config.getCurrentCluster();
    if (!cluster) {
      throw new Error('No currently active cluster');
    }
    const url = new URL(cluster.server + path);
    url.searchParams.set('watch', 'true');
    for (const [key, value] of Object.entries(queryParams)) {
      if (value !== undefined) {
        url.searchParams.set(key, String(value));
      }
    }
    const requestOptions: https.RequestOptions = {};
    await this.config.applyToHTTPSOptions(requestOptions);

    const timeoutMs = this.options.inactivityTimeoutMs ?? 30_000;
    const controller = new AbortController();
    let events = 0;
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    let request: http.ClientRequest | undefined;
    // Resolves once the server answered, or the watch ended before it did.
    let connected = () => {};
    const finish = (error: Error | null) => {
      if (finished) {
        return;
      }
      finished = true;
      connected();
      clearTimeout(timer);
      request?.destroy();
      if (error?.name === 'TimeoutError' && events === 0) {
        this.stats.idleTimeouts++;
        this.warnAtMost('idle', url.pathname);
      }
      done(error);
    };
    const resetTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(timeoutError(timeoutMs)), timeoutMs);
      timer.unref();
    };
    // Stopping the informer aborts its watch: that is no error.
    controller.signal.addEventListener('abort', () => finish(null));

    const onLine = (line: string) => {
      if (line.trim() === '') {
        return;
      }
      let event: { type?: unknown; object?: unknown } | undefined;
      try {
        event = JSON.parse(line);
      } catch {
        event = undefined;
      }
      const object = event?.object;
      if (
        typeof event?.type !== 'string' ||
        typeof object !== 'object' ||
        object === null ||
        Array.isArray(object)
      ) {
        this.stats.malformedLines++;
        this.warnAtMost('malformed', line);
        return;
      }
      events++;
      const kept = OBJECT_EVENTS.has(event.type)
        ? this.options.reduce(object)
        : object;
      try {
        callback(event.type, kept, { ...event, object: kept });
      } catch (error) {
        // The informer's own failure on one event must not end the watch.
        this.options.logger.warn(
          'Kubernetes watch event could not be applied',
          {
            source: this.options.source,
            error: String(error),
          },
        );
      }
    };

    await new Promise<void>(resolve => {
      connected = resolve;
      const send = url.protocol === 'http:' ? http.request : https.request;
      resetTimer();
      request = send(
        url,
        { ...requestOptions, method: 'GET', signal: controller.signal },
        response => {
          if (response.statusCode !== 200) {
            const error = new Error(
              response.statusMessage ||
                http.STATUS_CODES[response.statusCode ?? 500] ||
                'Internal Server Error',
            ) as Error & { statusCode?: number };
            error.statusCode = response.statusCode;
            response.resume();
            finish(error);
            return;
          }
          // Connected: from here on the timeout counts inactivity.
          resetTimer();
          response.on('data', resetTimer);
          response.on('error', error => finish(error));
          response.on('close', () => finish(null));
          const lines = createInterface({
            input: response,
            crlfDelay: Infinity,
          });
          lines.on('line', onLine);
          // readline repeats the response's errors (`aborted` once destroyed).
          lines.on('error', error => finish(error));
          resolve();
        },
      );
      request.on('error', error => finish(error));
      request.end();
    });
    return controller;
  }

  /** Logs what the watch saw at most once per interval, with how often since. */
  private warnAtMost(kind: 'malformed' | 'idle', sample: string): void {
    const pending = this.pending[kind];
    pending.count++;
    pending.sample = sample;
    const now = Date.now();
    if (now - pending.lastWarnAt < (this.options.warnIntervalMs ?? 60_000)) {
      return;
    }
    pending.lastWarnAt = now;
    const count = pending.count;
    pending.count = 0;
    if (kind === 'malformed') {
      this.options.logger.warn(
        'Kubernetes watch of Applications sent lines that are not watch events; dropped',
        {
          source: this.options.source,
          count,
          total: this.stats.malformedLines,
          sample: sample.length > 200 ? `${sample.slice(0, 200)}…` : sample,
        },
      );
    } else {
      this.options.logger.warn(
        'Kubernetes watch of Applications ended by its timeout without any event; reconnecting (a hung connection, or no Application changed meanwhile)',
        {
          source: this.options.source,
          path: sample,
          timeoutMs: this.options.inactivityTimeoutMs ?? 30_000,
          count,
          total: this.stats.idleTimeouts,
        },
      );
    }
  }
}

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
  /** A watch that receives nothing for this long ends. Default 30 s, client-node's. */
  inactivityTimeoutMs?: number;
  /** Idle-timeout warnings are logged at most this often. Default a minute. */
  warnIntervalMs?: number;
}

/** What the watch saw that the informer does not report. */
export interface ApplicationWatchStats {
  /** Watches ended by the inactivity timeout without any event. */
  idleTimeouts: number;
}

/**
 * client-node's `Watch`, which the Applications informer runs on, with two
 * additions and nothing else changed (transport, authentication, the
 * inactivity timeout `ListWatch` answers by reconnecting from its last
 * resourceVersion):
 *
 * - the object of each ADDED/MODIFIED/DELETED event goes through `reduce`
 *   before the informer caches it, so the informer never holds
 *   `managedFields`, `status.resources` or a long `status.history`;
 * - a watch that ends by the inactivity timeout without any event is counted
 *   and logged (at most once per `warnIntervalMs`): a hung connection looks
 *   like that, and so does a cluster where no Application changed meanwhile.
 *   Either way the informer reconnects and misses nothing.
 *
 * A line that is not JSON is dropped by client-node without a trace; the
 * periodic resync relists whatever such a line carried.
 */
export class ApplicationWatch extends Watch {
  private readonly stats: ApplicationWatchStats = { idleTimeouts: 0 };
  private idleSinceWarning = 0;
  private lastWarnAt = -Infinity;

  constructor(
    kubeConfig: KubeConfig,
    private readonly options: ApplicationWatchOptions,
  ) {
    super(kubeConfig);
    if (options.inactivityTimeoutMs !== undefined) {
      // client-node keeps the timeout in a field its typings mark private.
      (this as unknown as { requestTimeoutMs: number }).requestTimeoutMs =
        options.inactivityTimeoutMs;
    }
  }

  /** Counts since the watch was created. */
  getStats(): ApplicationWatchStats {
    return { ...this.stats };
  }

  override watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: any, watchObj?: any) => void,
    done: (err: any) => void,
  ): Promise<AbortController> {
    let events = 0;
    return super.watch(
      path,
      queryParams,
      (phase, object, event) => {
        events++;
        if (
          !OBJECT_EVENTS.has(phase) ||
          typeof object !== 'object' ||
          !object
        ) {
          callback(phase, object, event);
          return;
        }
        const kept = this.options.reduce(object);
        callback(phase, kept, { ...event, object: kept });
      },
      error => {
        if (error?.name === 'TimeoutError' && events === 0) {
          this.stats.idleTimeouts++;
          this.warnIdle(path);
        }
        done(error);
      },
    );
  }

  private warnIdle(path: string): void {
    this.idleSinceWarning++;
    const now = Date.now();
    if (now - this.lastWarnAt < (this.options.warnIntervalMs ?? 60_000)) {
      return;
    }
    this.lastWarnAt = now;
    this.options.logger.warn(
      'Kubernetes watch of Applications ended by its timeout without any event; reconnecting (a hung connection, or no Application changed meanwhile)',
      {
        source: this.options.source,
        path,
        timeoutMs: this.options.inactivityTimeoutMs ?? 30_000,
        count: this.idleSinceWarning,
        total: this.stats.idleTimeouts,
      },
    );
    this.idleSinceWarning = 0;
  }
}

import { LoggerService } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  CustomObjectsApi,
  Informer,
  KubeConfig,
  KubernetesListObject,
  KubernetesObject,
  ListWatch,
  ObjectCache,
} from '@kubernetes/client-node';
import { toUpstreamError, UpstreamError } from '../../http/upstream';
import { ApplicationSourceReader, SourceReadResult } from '../types';
import { ApplicationWatch, ApplicationWatchStats } from './ApplicationWatch';
import {
  createClusterClient,
  readClusterAccess,
  requestTimeout,
} from './kubeClient';
import { ValidatedApplications } from './ValidatedApplications';

const GROUP = 'argoproj.io';
const VERSION = 'v1alpha1';
const PLURAL = 'applications';
const MAX_RESTART_DELAY_MS = 60_000;

export interface KubernetesApplicationSourceOptions {
  name: string;
  url: string;
  token: string;
  caData?: string;
  skipTLSVerify?: boolean;
  namespace: string;
  timeoutMs: number;
  /** How often the full list is re-read. Default 10 minutes. */
  resyncIntervalMs?: number;
  /** First delay before restarting a failed watch; doubles up to a minute. */
  restartBaseDelayMs?: number;
  /** Longest delay between restarts of a failed watch. Default a minute. */
  restartMaxDelayMs?: number;
  /** A watch that receives nothing for this long is ended and reopened. Default 30 s. */
  watchTimeoutMs?: number;
  /** Idle-watch warnings at most this often. Default a minute. */
  watchWarnIntervalMs?: number;
  logger: LoggerService;
}

/**
 * The informer holds Applications (as the schema parsed them, or the
 * identity of an invalid one) typed as plain Kubernetes objects: client-node
 * types `metadata.deletionTimestamp` as a Date, where the JSON it caches, and
 * the schema, hold a string.
 */
type ApplicationInformer = Informer<KubernetesObject> &
  ObjectCache<KubernetesObject>;

/**
 * Reads Argo CD Application resources from one cluster: one list, then a
 * watch that keeps an in-memory copy current. A read costs no request once the
 * informer has synced. The list is repeated every `resyncIntervalMs`.
 */
export class KubernetesApplicationSource implements ApplicationSourceReader {
  readonly type = 'kubernetes' as const;
  readonly name: string;
  private readonly kubeConfig: KubeConfig;
  private readonly api: CustomObjectsApi;
  private readonly path: string;
  private readonly target: string;
  private readonly listeners: Array<() => void> = [];
  /** The newest informer: the one whose events and errors count. */
  private informer?: ApplicationInformer;
  /**
   * The informer reads are served from: the newest one that has listed. A
   * resync's new informer is empty until its list is in.
   */
  private serving?: ApplicationInformer;
  private starting?: Promise<void>;
  private synced = false;
  private stopped = false;
  private lastError?: Error;
  private errorCount = 0;
  private restartDelayMs: number;
  private recoveryTimer?: NodeJS.Timeout;
  private restartTimer?: NodeJS.Timeout;
  private resyncTimer?: NodeJS.Timeout;
  private readonly validated = new ValidatedApplications();
  private readonly watch: ApplicationWatch;

  static fromConfig(
    config: Config,
    deps: { logger: LoggerService; timeoutMs: number },
  ): KubernetesApplicationSource {
    return new KubernetesApplicationSource({
      ...readClusterAccess(config),
      namespace: config.getOptionalString('namespace') ?? 'argocd',
      resyncIntervalMs: config.has('resyncInterval')
        ? durationToMilliseconds(
            readDurationFromConfig(config, { key: 'resyncInterval' }),
          )
        : undefined,
      timeoutMs: deps.timeoutMs,
      logger: deps.logger,
    });
  }

  constructor(private readonly options: KubernetesApplicationSourceOptions) {
    this.name = options.name;
    this.target = `Kubernetes cluster '${options.name}'`;
    this.restartDelayMs = options.restartBaseDelayMs ?? 1000;
    ({ kubeConfig: this.kubeConfig, api: this.api } =
      createClusterClient(options));
    this.path = `/apis/${GROUP}/${VERSION}/namespaces/${encodeURIComponent(
      options.namespace,
    )}/${PLURAL}`;
    // Each event's object is reduced before the informer caches it.
    this.watch = new ApplicationWatch(this.kubeConfig, {
      source: options.name,
      logger: options.logger,
      reduce: object => this.validated.fromEvent(object),
      inactivityTimeoutMs: options.watchTimeoutMs,
      warnIntervalMs: options.watchWarnIntervalMs,
    });
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Lists, then watches. Never throws: a failure is reported by `read()`. */
  async start(): Promise<void> {
    this.stopped = false;
    if (!this.starting) {
      this.starting = this.startInformer().then(() => this.scheduleResync());
    }
    await this.starting;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    clearTimeout(this.recoveryTimer);
    clearTimeout(this.resyncTimer);
    this.starting = undefined;
    await Promise.all([this.informer?.stop(), this.serving?.stop()]);
  }

  /**
   * The Applications the watch holds, each validated once. An invalid object
   * is a problem at its list position (`items[3]`) or, when a watch event
   * brought it, at its `namespace/name`.
   */
  async read(): Promise<SourceReadResult> {
    await this.start();
    if (!this.synced || this.lastError) {
      throw (
        this.lastError ??
        new UpstreamError(
          `${this.target} has not been listed yet`,
          'unavailable',
        )
      );
    }
    return this.validated.read(this.serving?.list() ?? []);
  }

  /** The objects the informer holds, as it holds them (for tests and diagnostics). */
  heldObjects(): readonly object[] {
    return this.serving?.list() ?? [];
  }

  /** Idle watch timeouts seen so far. */
  watchStats(): ApplicationWatchStats {
    return this.watch.getStats();
  }

  private createInformer(): ApplicationInformer {
    let stopped = false;
    const informer = new ListWatch<KubernetesObject>(
      this.path,
      this.watch,
      () => this.list(),
      false,
      undefined,
      undefined,
      {
        // The informer reconnects after this delay even when stopped
        // meanwhile; a stopped informer's delay never ends instead, so a
        // replaced informer cannot leave a watch behind.
        delayFn: delayMs =>
          new Promise<void>(resolve => {
            setTimeout(() => {
              if (!stopped) resolve();
            }, delayMs).unref();
          }),
      },
    );
    const stop = informer.stop.bind(informer);
    informer.stop = async () => {
      stopped = true;
      await stop();
    };
    const notify = () => {
      if (informer === this.informer) {
        this.listeners.forEach(listener => listener());
      }
    };
    informer.on('add', notify);
    informer.on('update', notify);
    informer.on('delete', notify);
    informer.on('error', error => {
      // A replaced informer's, or a stopped source's, watch ending is no failure.
      if (informer !== this.informer || this.stopped) {
        return;
      }
      this.errorCount++;
      this.lastError = this.toError(error);
      this.options.logger.warn('Kubernetes watch of Applications failed', {
        source: this.name,
        error: this.lastError.message,
        retryInMs: this.restartDelayMs,
      });
      notify();
      this.scheduleRestart();
    });
    return informer;
  }

  /** Creates and starts an informer, replacing the current one once it has listed. */
  private async startInformer(): Promise<void> {
    const informer = this.createInformer();
    const previous = this.informer;
    this.informer = informer;
    const errorsBefore = this.errorCount;
    try {
      await informer.start();
    } catch (error) {
      this.errorCount++;
      this.lastError = this.toError(error);
    }
    if (this.stopped || informer !== this.informer) {
      // Stopped, or replaced by a later start, while it was listing.
      await informer.stop();
      return;
    }
    this.serving = informer;
    if (this.errorCount === errorsBefore) {
      this.lastError = undefined;
      this.restartDelayMs = this.options.restartBaseDelayMs ?? 1000;
    }
    if (previous && previous !== informer) {
      await previous.stop();
    }
  }

  private scheduleRestart(): void {
    if (this.stopped) {
      return;
    }
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      const informer = this.informer;
      const errorsBefore = this.errorCount;
      // The informer resumes from its last resourceVersion, or lists again
      // when it never listed or the version expired.
      informer
        ?.start()
        .then(() => {
          if (this.errorCount !== errorsBefore || informer !== this.informer) {
            return;
          }
          this.serving = informer;
          this.lastError = undefined;
          this.listeners.forEach(listener => listener());
          // start() resolves once the watch request is sent, and a watch the
          // server refuses fails a moment later: the backoff starts over
          // only after the watch stayed up as long as the delay it came from.
          clearTimeout(this.recoveryTimer);
          this.recoveryTimer = setTimeout(() => {
            if (this.errorCount === errorsBefore) {
              this.restartDelayMs = this.options.restartBaseDelayMs ?? 1000;
            }
          }, this.restartDelayMs);
          this.recoveryTimer.unref();
        })
        .catch(error => {
          this.lastError = this.toError(error);
        });
    }, this.restartDelayMs);
    this.restartTimer.unref();
    this.restartDelayMs = Math.min(
      this.restartDelayMs * 2,
      this.options.restartMaxDelayMs ?? MAX_RESTART_DELAY_MS,
    );
  }

  private scheduleResync(): void {
    const interval = this.options.resyncIntervalMs ?? 10 * 60_000;
    if (this.stopped || interval <= 0) {
      return;
    }
    clearTimeout(this.resyncTimer);
    this.resyncTimer = setTimeout(() => {
      this.startInformer()
        .catch(() => {})
        .finally(() => this.scheduleResync());
    }, interval);
    this.resyncTimer.unref();
  }

  /** One list call; invalid items are kept back from the informer as problems. */
  private async list(): Promise<KubernetesListObject<KubernetesObject>> {
    let body: unknown;
    try {
      body = await this.api.listNamespacedCustomObject(
        {
          group: GROUP,
          version: VERSION,
          namespace: this.options.namespace,
          plural: PLURAL,
        },
        requestTimeout(this.options.timeoutMs),
      );
    } catch (error) {
      throw this.toError(error);
    }
    const applications = this.validated.fromList(body, this.target);
    this.synced = true;
    return {
      apiVersion: `${GROUP}/${VERSION}`,
      kind: 'ApplicationList',
      metadata: (body as KubernetesListObject<KubernetesObject>).metadata,
      items: applications as unknown as KubernetesObject[],
    };
  }

  private toError(error: unknown): Error {
    return toUpstreamError(error, {
      target: this.target,
      timeoutMs: this.options.timeoutMs,
    });
  }
}

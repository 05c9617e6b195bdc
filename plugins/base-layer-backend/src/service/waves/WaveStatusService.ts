import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  WaveDefinition,
  WavesResponse,
  WaveStatus,
} from '@internal/plugin-base-layer-common';
import { CatalogEntityIndex } from '../catalog/CatalogEntityIndex';
import { withTimeout } from '../http/upstream';
import { applicationTransitions } from '../history/applicationTransitions';
import { WaveHistoryStore } from '../history/WaveHistoryStore';
import { ApplicationSourceReader } from '../sources/types';
import { composeStatus, SourceResult } from './composeStatus';
import { SharedStatusCache } from './SharedStatusCache';
import { changedWaves, statusVersion } from './statusVersion';
import {
  documentDataAt,
  freshness,
  toWavesResponse,
  WaveStatusDocument,
} from './WaveStatusDocument';
import { WavesBody, WavesResponseBody } from './WavesResponseBody';

/** Debounce of watch-triggered refreshes. */
const CHANGE_DEBOUNCE_MS = 500;
/** Merges tried when another replica publishes while this one computes. */
const PUBLISH_ATTEMPTS = 3;

/** What changed when this replica published a new status. */
export interface WaveStatusChange {
  /** The content version of the new status, as in the `GET /waves` ETag. */
  version: string;
  /** Ids of the waves whose status changed. */
  waves: number[];
}

export interface WaveStatusServiceOptions {
  sources: ApplicationSourceReader[];
  waves: WaveDefinition[];
  entities: CatalogEntityIndex;
  cache: CacheService;
  history?: WaveHistoryStore;
  logger: LoggerService;
  /** Upper bound of one source read, retries included. */
  readTimeoutMs: number;
  /** Data read longer ago than this is served marked stale. */
  staleAfterMs: number;
  /**
   * Called when this replica publishes a status whose content differs from
   * the shared one it replaces; never for a refresh that changes nothing.
   */
  onChange?: (change: WaveStatusChange) => Promise<void> | void;
  now?: () => number;
}

/**
 * Computes the wave status from every source and the catalog, stores it in
 * the shared cache and serves it. Requests never wait on an upstream once a
 * first status exists; a failed source keeps its last applications, marked
 * Unknown with the error.
 *
 * Staleness is a property of the data, not of the computation: every source
 * carries the time it was read (`checkedAt`), a status document the time of its
 * oldest data (`dataAt`), and `stale`/`ageSeconds` count from there. A
 * recomputation keeps those times, so old data never looks fresh, on any
 * replica, with or without a shared cache. A replica only publishes a
 * status where every source is at least as new as in the shared one: per
 * source it takes its own read when that is newer, else the shared data.
 */
export class WaveStatusService {
  private readonly results = new Map<string, SourceResult>();
  private readonly started = new Set<string>();
  private readonly shared: SharedStatusCache;
  private body?: WavesResponseBody;
  private running?: Promise<void>;
  /** Work asked for during a run: sources to read, or none for a recompute. */
  private rerun?: Set<string> | 'all';
  private changed = new Set<string>();
  private changeTimer?: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly options: WaveStatusServiceOptions) {
    this.now = options.now ?? Date.now;
    this.shared = new SharedStatusCache(options.cache, options.logger);
    for (const source of options.sources) {
      source.onChange?.(() => this.onSourceChange(source.name));
    }
  }

  /** Stops the sources' watches and timers. */
  async stop(): Promise<void> {
    clearTimeout(this.changeTimer);
    await Promise.allSettled(this.options.sources.map(s => s.stop?.()));
  }

  /**
   * Re-reads the given sources (all by default), recomputes and publishes the
   * status. Concurrent calls share one run; calls made during a run cause one
   * more run after it. Never rejects.
   */
  refresh(only?: string[]): Promise<void> {
    return this.schedule(only ?? 'all');
  }

  /**
   * Recomputes the status from the data this replica already read, without
   * reading any source, so applications of entities new to the catalog are
   * matched at once. Keeps the age of the data. Does nothing on a replica
   * that never read a source (it serves the shared status), and never
   * publishes over a shared status holding newer data.
   */
  recompute(): Promise<void> {
    return this.schedule([]);
  }

  /** The current status, computing a first one when none exists yet. */
  async getWaves(): Promise<WavesResponse> {
    return this.toResponse(await this.getStatus());
  }

  /**
   * {@link WaveStatusService.getWaves} already serialized, with its ETag. The
   * large part is serialized and compressed once per document, so a request
   * only serializes the fields that age.
   */
  async getWavesBody(): Promise<WavesBody> {
    const status = await this.getStatus();
    if (this.body?.document !== status) {
      this.body = new WavesResponseBody(status, this.options.staleAfterMs);
    }
    return this.body.at(this.now());
  }

  /** {@link WaveStatusService.getWaves} already serialized as JSON. */
  async getWavesJson(): Promise<string> {
    return (await this.getWavesBody()).json();
  }

  async getWave(
    id: number,
  ): Promise<WaveStatus & Pick<WavesResponse, 'stale' | 'ageSeconds'>> {
    const status = await this.getStatus();
    const wave = status.waves.find(w => w.id === id);
    if (!wave) {
      throw new NotFoundError(
        `Wave ${id} is not declared in baseLayer.waves and no application names it`,
      );
    }
    const { stale, ageSeconds } = this.freshness(status);
    return { ...wave, stale, ageSeconds };
  }

  /**
   * The current computed status, computing a first one when none exists yet.
   *
   * @throws ServiceUnavailableError (503) when there is no status yet and
   * none could be computed.
   */
  async getStatus(): Promise<WaveStatusDocument> {
    const { document: cached } = await this.shared.read();
    if (cached) {
      return cached;
    }
    await this.refresh();
    const document = (await this.shared.read()).document ?? this.shared.local;
    if (!document) {
      throw new ServiceUnavailableError(
        'No BASE layer status could be computed yet',
      );
    }
    return document;
  }

  /** Staleness and age of a status's data, as served. */
  freshness(status: WaveStatusDocument): {
    stale: boolean;
    ageSeconds: number;
  } {
    return freshness(status, this.now(), this.options.staleAfterMs);
  }

  private toResponse(status: WaveStatusDocument): WavesResponse {
    return toWavesResponse(status, this.now(), this.options.staleAfterMs);
  }

  private schedule(reads: string[] | 'all'): Promise<void> {
    if (this.running) {
      if (reads === 'all' || this.rerun === 'all') {
        this.rerun = 'all';
      } else {
        this.rerun = new Set([...(this.rerun ?? []), ...reads]);
      }
      return this.running;
    }
    this.running = this.run(reads)
      .catch(error =>
        this.options.logger.error('BASE layer wave refresh failed', {
          error: String(error),
        }),
      )
      .finally(() => {
        this.running = undefined;
        const rerun = this.rerun;
        this.rerun = undefined;
        if (rerun) {
          this.schedule(rerun === 'all' ? 'all' : [...rerun]);
        }
      });
    return this.running;
  }

  private onSourceChange(name: string): void {
    this.changed.add(name);
    if (this.changeTimer) {
      return;
    }
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      const names = [...this.changed];
      this.changed.clear();
      this.refresh(names);
    }, CHANGE_DEBOUNCE_MS);
    this.changeTimer.unref();
  }

  private async readSource(source: ApplicationSourceReader): Promise<void> {
    const at = this.now();
    try {
      if (!this.started.has(source.name)) {
        this.started.add(source.name);
        await source.start?.();
      }
      const result = await withTimeout(
        source.read(),
        this.options.readTimeoutMs,
        `Source '${source.name}' did not answer within ${this.options.readTimeoutMs} ms`,
      );
      this.results.set(source.name, { ok: true, result, at });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger.warn('Reading BASE layer source failed', {
        source: source.name,
        type: source.type,
        error: message,
      });
      const before = this.results.get(source.name);
      const lastSuccessAt = before?.ok ? before.at : before?.lastSuccessAt;
      this.results.set(source.name, {
        ok: false,
        error: message,
        at,
        ...(lastSuccessAt !== undefined && { lastSuccessAt }),
      });
    }
  }

  private async run(reads: string[] | 'all'): Promise<void> {
    const { sources, entities } = this.options;
    const toRead = sources.filter(
      s => reads === 'all' || reads.includes(s.name),
    );
    if (reads !== 'all' && toRead.length === 0 && this.results.size === 0) {
      // Nothing of its own to recompute from: this replica serves what the
      // refreshing replica publishes.
      return;
    }
    await Promise.all([
      entities.ensureLoaded(),
      ...toRead.map(s => this.readSource(s)),
    ]);
    await this.publish(toRead.length > 0);
  }

  /**
   * Merges this replica's reads with the shared status and publishes the
   * result when it holds any newer data. The cache has no compare-and-set:
   * when the version moved while computing, the merge is redone against the
   * newer status; a race lost in the last instant is repaired by the next
   * refresh.
   */
  private async publish(readSources: boolean): Promise<void> {
    for (let attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt++) {
      const shared = await this.shared.read();
      const { document, ownSources } = composeStatus({
        sources: this.options.sources,
        results: this.results,
        previous: shared.document,
        entities: this.options.entities,
        waves: this.options.waves,
        now: this.now(),
      });
      if (
        ownSources === 0 &&
        shared.document &&
        this.options.sources.length > 0
      ) {
        // The shared status is newer for every source: keep serving it.
        return;
      }
      if ((await this.shared.readVersion()) !== shared.version) {
        continue;
      }
      await this.shared.write(document);
      // History records fresh data only, so a replica holding old data never
      // writes a transition back to an old state. Recorded before the change
      // is announced, so a page that reloads on the signal reads the history
      // that goes with it.
      if (readSources && !this.isOld(document)) {
        await this.recordHistory(document, shared.document);
      }
      await this.announce(shared.document, document);
      return;
    }
    this.options.logger.info(
      'Wave status not published: other replicas kept publishing newer data',
    );
  }

  /**
   * Tells `onChange` when the content changed. Only the replica that
   * publishes announces, so one change is announced once, unless two
   * replicas publish the same change at the same instant.
   */
  private async announce(
    before: WaveStatusDocument | undefined,
    after: WaveStatusDocument,
  ): Promise<void> {
    if (!this.options.onChange) {
      return;
    }
    const previous = before && statusVersion(before);
    const next = statusVersion(after);
    if (previous?.version === next.version) {
      return;
    }
    try {
      await this.options.onChange({
        version: next.version,
        waves: changedWaves(previous, next),
      });
    } catch (error) {
      this.options.logger.warn('Announcing a wave status change failed', {
        error: String(error),
      });
    }
  }

  private isOld(status: WaveStatusDocument): boolean {
    return this.now() - documentDataAt(status) > this.options.staleAfterMs;
  }

  private async recordHistory(
    status: WaveStatusDocument,
    previous: WaveStatusDocument | undefined,
  ): Promise<void> {
    try {
      await this.options.history?.recordStates(
        status.waves.map(w => ({
          waveId: w.id,
          state: w.state,
          reason: w.reason,
        })),
        new Date(status.generatedAt),
      );
      await this.options.history?.recordApplicationTransitions(
        applicationTransitions(previous, status, new Date(status.generatedAt)),
      );
    } catch (error) {
      this.options.logger.warn('Recording wave history failed', {
        error: String(error),
      });
    }
  }
}

import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  ApplicationStatus,
  SourceStatus,
  WaveDefinition,
  WavesResponse,
  WaveStatus,
} from '@internal/plugin-base-layer-common';
import { CatalogEntityIndex } from '../catalog/CatalogEntityIndex';
import { withTimeout } from '../http/upstream';
import { WaveHistoryStore } from '../history/WaveHistoryStore';
import { toApplicationStatus } from '../model/toApplicationStatus';
import { ApplicationSourceReader, SourceReadResult } from '../sources/types';
import { computeWaves, findDependencyViolations } from './computeWaves';

const SNAPSHOT_KEY = 'waves:snapshot';
const VERSION_KEY = 'waves:version';
/** Keep the last good status long after refreshes stop, so it can be served stale. */
const SNAPSHOT_TTL_MS = 7 * 24 * 3600_000;
/** Debounce of watch-triggered refreshes. */
const CHANGE_DEBOUNCE_MS = 500;
/** Merges tried when another replica publishes while this one computes. */
const PUBLISH_ATTEMPTS = 3;

/** The computed status shared through the cache by every replica. */
export interface WaveSnapshot {
  /** When it was computed. A recomputation renews it; the data may be older. */
  generatedAt: string;
  /**
   * When the oldest source data it is built from was read: the oldest
   * `checkedAt` of its sources. Absent in snapshots of earlier versions.
   */
  dataAt?: string;
  sources: Array<Omit<SourceStatus, 'stale' | 'ageSeconds'>>;
  waves: WaveStatus[];
  unassigned: ApplicationStatus[];
  violations: WavesResponse['violations'];
}

/** This replica's own last read of a source; `at` is when the read started. */
type SourceResult =
  | { ok: true; result: SourceReadResult; at: number }
  | { ok: false; error: string; at: number; lastSuccessAt?: number };

type SnapshotSource = WaveSnapshot['sources'][number];

const iso = (ms: number) => new Date(ms).toISOString();

/** When the data a snapshot holds for a source was read. */
function sourceCheckedAt(source: SnapshotSource, snapshot: WaveSnapshot) {
  const at =
    source.checkedAt ??
    (source.ok ? source.lastSuccessAt : undefined) ??
    snapshot.generatedAt;
  return Date.parse(at);
}

/** When the oldest data of a snapshot was read. */
function snapshotDataAt(snapshot: WaveSnapshot): number {
  return Date.parse(snapshot.dataAt ?? snapshot.generatedAt);
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
  now?: () => number;
}

/**
 * Computes the wave status from every source and the catalog, stores it in
 * the shared cache and serves it. Requests never wait on an upstream once a
 * first status exists; a failed source keeps its last applications, marked
 * Unknown with the error.
 *
 * Staleness is a property of the data, not of the computation: every source
 * carries the time it was read (`checkedAt`), a snapshot the time of its
 * oldest data (`dataAt`), and `stale`/`ageSeconds` count from there. A
 * recomputation keeps those times, so old data never looks fresh, on any
 * replica, with or without a shared cache. A replica only publishes a
 * snapshot where every source is at least as new as in the shared one: per
 * source it takes its own read when that is newer, else the shared data.
 */
export class WaveStatusService {
  private readonly results = new Map<string, SourceResult>();
  private readonly started = new Set<string>();
  private local?: WaveSnapshot;
  private serialized?: { generatedAt: string; tail: string };
  private running?: Promise<void>;
  /** Work asked for during a run: sources to read, or none for a recompute. */
  private rerun?: Set<string> | 'all';
  private changed = new Set<string>();
  private changeTimer?: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly options: WaveStatusServiceOptions) {
    this.now = options.now ?? Date.now;
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
   * that never read a source (it serves the shared snapshot), and never
   * publishes over a shared snapshot holding newer data.
   */
  recompute(): Promise<void> {
    return this.schedule([]);
  }

  /** The current status, computing a first one when none exists yet. */
  async getWaves(): Promise<WavesResponse> {
    return this.toResponse(await this.getSnapshot());
  }

  /**
   * {@link WaveStatusService.getWaves} already serialized as JSON. The large,
   * unchanging part (waves and their applications) is serialized once per
   * snapshot, so a request only serializes the fields that age.
   */
  async getWavesJson(): Promise<string> {
    const snapshot = await this.getSnapshot();
    if (this.serialized?.generatedAt !== snapshot.generatedAt) {
      const { waves, violations, unassigned } = snapshot;
      this.serialized = {
        generatedAt: snapshot.generatedAt,
        tail: JSON.stringify({ waves, violations, unassigned }).slice(1),
      };
    }
    const { waves, violations, unassigned, ...head } =
      this.toResponse(snapshot);
    return `${JSON.stringify(head).slice(0, -1)},${this.serialized.tail}`;
  }

  async getWave(
    id: number,
  ): Promise<WaveStatus & Pick<WavesResponse, 'stale' | 'ageSeconds'>> {
    const snapshot = await this.getSnapshot();
    const wave = snapshot.waves.find(w => w.id === id);
    if (!wave) {
      throw new NotFoundError(
        `Wave ${id} is not declared in baseLayer.waves and no application names it`,
      );
    }
    const { stale, ageSeconds } = this.freshness(snapshot);
    return { ...wave, stale, ageSeconds };
  }

  async getSnapshot(): Promise<WaveSnapshot> {
    const { snapshot: cached } = await this.readShared();
    if (cached) {
      return cached;
    }
    await this.refresh();
    const snapshot = (await this.readShared()).snapshot ?? this.local;
    if (!snapshot) {
      throw new ServiceUnavailableError(
        'No BASE layer status could be computed yet',
      );
    }
    return snapshot;
  }

  /** Staleness and age of a snapshot's data, as served. */
  freshness(snapshot: WaveSnapshot): { stale: boolean; ageSeconds: number } {
    const ageMs = this.now() - snapshotDataAt(snapshot);
    return {
      stale:
        ageMs > this.options.staleAfterMs || snapshot.sources.some(s => !s.ok),
      ageSeconds: Math.max(0, Math.round(ageMs / 1000)),
    };
  }

  private toResponse(snapshot: WaveSnapshot): WavesResponse {
    const { stale, ageSeconds } = this.freshness(snapshot);
    const now = this.now();
    return {
      generatedAt: snapshot.generatedAt,
      dataAt: iso(snapshotDataAt(snapshot)),
      stale,
      ageSeconds,
      sources: snapshot.sources.map(s => {
        const age = s.lastSuccessAt
          ? Math.max(0, Math.round((now - Date.parse(s.lastSuccessAt)) / 1000))
          : undefined;
        return {
          ...s,
          stale:
            !s.ok ||
            now - sourceCheckedAt(s, snapshot) > this.options.staleAfterMs,
          ...(age !== undefined && { ageSeconds: age }),
        };
      }),
      waves: snapshot.waves,
      violations: snapshot.violations,
      unassigned: snapshot.unassigned,
    };
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

  /**
   * Reads the shared snapshot and the version it was read at. Only the small
   * version key is read on every request; the snapshot itself only when
   * another replica published a newer one.
   */
  private async readShared(): Promise<{
    snapshot?: WaveSnapshot;
    version?: string;
  }> {
    try {
      const version = await this.options.cache.get<string>(VERSION_KEY);
      if (version !== undefined && version === this.local?.generatedAt) {
        return { snapshot: this.local, version };
      }
      const snapshot = await this.options.cache.get<JsonObject>(SNAPSHOT_KEY);
      if (snapshot) {
        this.local = snapshot as unknown as WaveSnapshot;
      }
      return { snapshot: this.local, version };
    } catch (error) {
      this.options.logger.warn('Reading the wave status cache failed', {
        error: String(error),
      });
      return { snapshot: this.local };
    }
  }

  private async readVersion(): Promise<string | undefined> {
    try {
      return await this.options.cache.get<string>(VERSION_KEY);
    } catch {
      // readShared already reported the cache as failing.
      return undefined;
    }
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
    if (toRead.length === 0 && this.results.size === 0) {
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
   * Merges this replica's reads with the shared snapshot and publishes the
   * result when it holds any newer data. The cache has no compare-and-set:
   * when the version moved while computing, the merge is redone against the
   * newer snapshot; a race lost in the last instant is repaired by the next
   * refresh.
   */
  private async publish(readSources: boolean): Promise<void> {
    for (let attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt++) {
      const shared = await this.readShared();
      const { snapshot, ownSources } = this.compute(shared.snapshot);
      if (ownSources === 0) {
        // The shared snapshot is newer for every source: keep serving it.
        return;
      }
      if ((await this.readVersion()) !== shared.version) {
        continue;
      }
      this.local = snapshot;
      try {
        await this.options.cache.set(
          SNAPSHOT_KEY,
          snapshot as unknown as JsonObject,
          { ttl: SNAPSHOT_TTL_MS },
        );
        await this.options.cache.set(VERSION_KEY, snapshot.generatedAt, {
          ttl: SNAPSHOT_TTL_MS,
        });
      } catch (error) {
        this.options.logger.warn('Writing the wave status cache failed', {
          error: String(error),
        });
      }
      // History records fresh data only, so a replica holding old data never
      // writes a transition back to an old state.
      if (readSources && !this.isOld(snapshot)) {
        await this.recordHistory(snapshot);
      }
      return;
    }
    this.options.logger.info(
      'Wave status not published: other replicas kept publishing newer data',
    );
  }

  private isOld(snapshot: WaveSnapshot): boolean {
    return this.now() - snapshotDataAt(snapshot) > this.options.staleAfterMs;
  }

  private async recordHistory(snapshot: WaveSnapshot): Promise<void> {
    try {
      await this.options.history?.recordStates(
        snapshot.waves.map(w => ({
          waveId: w.id,
          state: w.state,
          reason: w.reason,
        })),
        new Date(snapshot.generatedAt),
      );
    } catch (error) {
      this.options.logger.warn('Recording wave history failed', {
        error: String(error),
      });
    }
  }

  /**
   * Computes a snapshot: per source, this replica's own read when it is at
   * least as new as the previous snapshot's data for it, else the previous
   * snapshot's data as it was. `ownSources` counts the sources taken from
   * this replica's reads.
   */
  private compute(previous?: WaveSnapshot): {
    snapshot: WaveSnapshot;
    ownSources: number;
  } {
    const { entities } = this.options;
    const previousApps = previous
      ? [...previous.waves.flatMap(w => w.applications), ...previous.unassigned]
      : [];
    const applications: ApplicationStatus[] = [];
    const sourceStatuses: WaveSnapshot['sources'] = [];
    let ownSources = 0;
    for (const source of this.options.sources) {
      const own = this.results.get(source.name);
      const before = previous?.sources.find(s => s.name === source.name);
      const beforeAt =
        before && previous ? sourceCheckedAt(before, previous) : -Infinity;
      if (before && previous && (!own || own.at < beforeAt)) {
        applications.push(
          ...previousApps.filter(a => a.source === source.name),
        );
        sourceStatuses.push({ ...before, checkedAt: iso(beforeAt) });
      } else if (own?.ok) {
        ownSources++;
        for (const app of own.result.applications) {
          const status = toApplicationStatus(app, source.name);
          const entity = entities.match(app, source.name);
          if (entity) {
            status.entityRef = entity.ref;
            status.wave ??= entity.wave;
          }
          applications.push(status);
        }
        sourceStatuses.push({
          name: source.name,
          type: source.type,
          ok: true,
          lastSuccessAt: iso(own.at),
          checkedAt: iso(own.at),
          ...(own.result.problems.length > 0 && {
            problems: own.result.problems,
          }),
        });
      } else {
        const error = own?.error ?? 'Not read yet';
        if (own) {
          ownSources++;
        }
        for (const app of previousApps.filter(a => a.source === source.name)) {
          applications.push({
            ...app,
            sync: 'Unknown',
            health: 'Unknown',
            error,
            lastKnown: app.lastKnown ?? { sync: app.sync, health: app.health },
          });
        }
        const lastSuccessAt = Math.max(
          own?.lastSuccessAt ?? -Infinity,
          before?.lastSuccessAt ? Date.parse(before.lastSuccessAt) : -Infinity,
        );
        sourceStatuses.push({
          name: source.name,
          type: source.type,
          ok: false,
          error,
          ...(Number.isFinite(lastSuccessAt) && {
            lastSuccessAt: iso(lastSuccessAt),
          }),
          ...(own && { checkedAt: iso(own.at) }),
        });
      }
    }
    const { waves, unassigned } = computeWaves(
      this.options.waves,
      applications,
      sourceStatuses.map(s => ({ ...s, stale: !s.ok })),
    );
    const applicationWaves = new Map<string, number>();
    for (const app of applications) {
      if (
        app.entityRef &&
        app.wave !== null &&
        !applicationWaves.has(app.entityRef)
      ) {
        applicationWaves.set(app.entityRef, app.wave);
      }
    }
    const generatedAt = this.now();
    const checked = sourceStatuses
      .filter(s => s.checkedAt)
      .map(s => Date.parse(s.checkedAt!));
    return {
      snapshot: {
        generatedAt: iso(generatedAt),
        dataAt: iso(checked.length > 0 ? Math.min(...checked) : generatedAt),
        sources: sourceStatuses,
        waves,
        unassigned,
        violations: findDependencyViolations(entities.list(), applicationWaves),
      },
      ownSources,
    };
  }
}

import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
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

/** The computed status shared through the cache by every replica. */
export interface WaveSnapshot {
  generatedAt: string;
  sources: Array<Omit<SourceStatus, 'stale' | 'ageSeconds'>>;
  waves: WaveStatus[];
  unassigned: ApplicationStatus[];
  violations: WavesResponse['violations'];
}

type SourceResult =
  | { ok: true; result: SourceReadResult; at: string }
  | { ok: false; error: string; at: string };

export interface WaveStatusServiceOptions {
  sources: ApplicationSourceReader[];
  waves: WaveDefinition[];
  entities: CatalogEntityIndex;
  cache: CacheService;
  history?: WaveHistoryStore;
  logger: LoggerService;
  /** Upper bound of one source read, retries included. */
  readTimeoutMs: number;
  /** Data older than this is served marked stale. */
  staleAfterMs: number;
  now?: () => number;
}

/**
 * Computes the wave status from every source and the catalog, stores it in
 * the shared cache and serves it. Requests never wait on an upstream once a
 * first status exists; a failed source keeps its last applications, marked
 * Unknown with the error.
 */
export class WaveStatusService {
  private readonly results = new Map<string, SourceResult>();
  private readonly started = new Set<string>();
  private local?: WaveSnapshot;
  private serialized?: { generatedAt: string; tail: string };
  private running?: Promise<void>;
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
   * Re-reads the given sources (all by default), recomputes and stores the
   * status. Concurrent calls share one run; calls made during a run cause one
   * more run after it. Never rejects.
   */
  refresh(only?: string[]): Promise<void> {
    if (this.running) {
      if (!only || this.rerun === 'all') {
        this.rerun = 'all';
      } else {
        this.rerun = new Set([...(this.rerun ?? []), ...only]);
      }
      return this.running;
    }
    this.running = this.run(only)
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
          this.refresh(rerun === 'all' ? undefined : [...rerun]);
        }
      });
    return this.running;
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
    const cached = await this.readCache();
    if (cached) {
      return cached;
    }
    await this.refresh();
    const snapshot = (await this.readCache()) ?? this.local;
    if (!snapshot) {
      throw new Error('No BASE layer status could be computed');
    }
    return snapshot;
  }

  /** Staleness and age of a snapshot, as served. */
  freshness(snapshot: WaveSnapshot): { stale: boolean; ageSeconds: number } {
    const ageMs = this.now() - Date.parse(snapshot.generatedAt);
    return {
      stale:
        ageMs > this.options.staleAfterMs || snapshot.sources.some(s => !s.ok),
      ageSeconds: Math.max(0, Math.round(ageMs / 1000)),
    };
  }

  private toResponse(snapshot: WaveSnapshot): WavesResponse {
    const { stale, ageSeconds } = this.freshness(snapshot);
    return {
      generatedAt: snapshot.generatedAt,
      stale,
      ageSeconds,
      sources: snapshot.sources.map(s => {
        const age = s.lastSuccessAt
          ? Math.max(
              0,
              Math.round((this.now() - Date.parse(s.lastSuccessAt)) / 1000),
            )
          : undefined;
        return {
          ...s,
          stale: !s.ok,
          ...(age !== undefined && { ageSeconds: age }),
        };
      }),
      waves: snapshot.waves,
      violations: snapshot.violations,
      unassigned: snapshot.unassigned,
    };
  }

  /**
   * Reads the shared snapshot. Only the small version key is read on every
   * request; the snapshot itself only when another replica produced a newer one.
   */
  private async readCache(): Promise<WaveSnapshot | undefined> {
    try {
      const version = await this.options.cache.get<string>(VERSION_KEY);
      if (version !== undefined && version === this.local?.generatedAt) {
        return this.local;
      }
      const snapshot = await this.options.cache.get<JsonObject>(SNAPSHOT_KEY);
      if (snapshot) {
        this.local = snapshot as unknown as WaveSnapshot;
      }
    } catch (error) {
      this.options.logger.warn('Reading the wave status cache failed', {
        error: String(error),
      });
    }
    return this.local;
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
    const at = new Date(this.now()).toISOString();
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
      this.results.set(source.name, { ok: false, error: message, at });
    }
  }

  private async run(only?: string[]): Promise<void> {
    const { sources, entities } = this.options;
    const toRead = sources.filter(
      s => !only || only.includes(s.name) || !this.results.has(s.name),
    );
    const [previous] = await Promise.all([
      this.readCache(),
      entities.ensureLoaded(),
      ...toRead.map(s => this.readSource(s)),
    ]);
    const snapshot = this.compute(previous);
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

  private compute(previous?: WaveSnapshot): WaveSnapshot {
    const { entities } = this.options;
    const previousApps = previous
      ? [...previous.waves.flatMap(w => w.applications), ...previous.unassigned]
      : [];
    const applications: ApplicationStatus[] = [];
    const sourceStatuses: WaveSnapshot['sources'] = [];
    for (const source of this.options.sources) {
      const result = this.results.get(source.name);
      const before = previous?.sources.find(s => s.name === source.name);
      if (result?.ok) {
        for (const app of result.result.applications) {
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
          lastSuccessAt: result.at,
          ...(result.result.problems.length > 0 && {
            problems: result.result.problems,
          }),
        });
      } else {
        const error = result?.ok === false ? result.error : 'Not read yet';
        for (const app of previousApps.filter(a => a.source === source.name)) {
          applications.push({
            ...app,
            sync: 'Unknown',
            health: 'Unknown',
            error,
            lastKnown: app.lastKnown ?? { sync: app.sync, health: app.health },
          });
        }
        sourceStatuses.push({
          name: source.name,
          type: source.type,
          ok: false,
          error,
          ...(before?.lastSuccessAt && { lastSuccessAt: before.lastSuccessAt }),
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
    return {
      generatedAt: new Date(this.now()).toISOString(),
      sources: sourceStatuses,
      waves,
      unassigned,
      violations: findDependencyViolations(entities.list(), applicationWaves),
    };
  }
}

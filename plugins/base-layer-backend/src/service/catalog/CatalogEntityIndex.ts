import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_ARGOCD_APP_NAME,
  ANNOTATION_ARGOCD_APP_SELECTOR,
  ANNOTATION_ARGOCD_INSTANCE_NAME,
  ANNOTATION_WAVE,
  readEntityWave,
  splitCommaList,
} from '@internal/plugin-base-layer-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ArgoCdApplication } from '../sources/types';
import type { DependencyNode } from '../waves/causeChains';

const normalizeRef = (ref: string) => ref.toLocaleLowerCase('en-US');

/** Refs of the entities an entity depends on (`dependsOn` relations). */
const dependsOnOf = (entity: Entity): string[] =>
  (entity.relations ?? [])
    .filter(r => r.type === RELATION_DEPENDS_ON)
    .map(r => normalizeRef(r.targetRef));

/** What the engine keeps of one catalog entity. */
export interface IndexedEntity {
  ref: string;
  wave: number | null;
  annotations: Record<string, string>;
  /** Refs of the entities it depends on (`dependsOn` relations). */
  dependsOn: string[];
  appNames: string[];
  /** Equality terms of `argocd/app-selector`, all of which must match. */
  selector?: Record<string, string>;
  /** The `argocd/instance-name` the apps must come from, when set. */
  instance?: string;
}

/**
 * Parses the equality-based label selectors Roadie's plugin accepts
 * (`a=b,c==d`). Returns undefined for anything else.
 */
export function parseLabelSelector(
  value: string,
): Record<string, string> | undefined {
  const terms: Record<string, string> = {};
  for (const part of value.split(',')) {
    const match = /^\s*([\w./-]+)\s*==?\s*([\w.-]*)\s*$/.exec(part);
    if (!match) {
      return undefined;
    }
    terms[match[1]] = match[2];
  }
  return Object.keys(terms).length > 0 ? terms : undefined;
}

/** Re-reading of a catalog that is still ingesting the engine's entities. */
export interface CatalogLoadRetry {
  /**
   * Delay before the first re-read, and after a read that changed the
   * entities; doubles after each other read. Default: 1 second.
   */
  initialDelayMs?: number;
  /** Longest delay between two re-reads. Default: 15 seconds. */
  maxDelayMs?: number;
  /**
   * The catalog counts as loaded once it has returned entities and they
   * stayed the same this long: a catalog still ingesting returns some of
   * them first. Default: 15 seconds; 0 takes the first read with entities.
   */
  settleMs?: number;
  /**
   * After this long without entities the catalog is taken as loaded but
   * empty of BASE layer entities: re-reading stops (the scheduled refresh
   * goes on) and unknown entities answer 404. Default: 5 minutes.
   */
  giveUpAfterMs?: number;
}

/**
 * The catalog entities that carry a wave or point at Argo CD applications,
 * read in one query with the plugin's own credentials and kept in memory
 * between scheduled refreshes, so no request ever waits on the catalog.
 *
 * A replica usually starts before the catalog has ingested its locations, so
 * its first reads come back empty, then partial. Once
 * {@link CatalogEntityIndex.start}ed, the index re-reads on a short backoff
 * until a read returns entities ({@link CatalogEntityIndex.hasEntities}) and
 * they stop changing ({@link CatalogEntityIndex.loaded}); lookups of unknown
 * entities re-read at most once per initial backoff delay meanwhile.
 * Listeners registered with {@link CatalogEntityIndex.onChange} hear of every
 * read that changed the entities, so applications are matched at once.
 */
export class CatalogEntityIndex {
  private byRef = new Map<string, IndexedEntity>();
  private byAppName = new Map<string, IndexedEntity[]>();
  private withSelector: IndexedEntity[] = [];
  /**
   * Dependencies outside the index (Resources with no wave or application),
   * by ref: their own dependencies, or null when the catalog has no such
   * entity.
   */
  private dependencies = new Map<string, string[] | null>();
  private firstRead?: Promise<void>;
  private lastMissRefreshAt = -Infinity;
  private fingerprint = '[]';
  private readonly listeners: Array<() => void> = [];
  private entitiesSeen = false;
  private lastChangeAt = -Infinity;
  private settled = false;
  private gaveUp = false;
  private stopped = false;
  private startedAt?: number;
  private retryTimer?: NodeJS.Timeout;
  private retryAt?: number;
  private retryDelayMs: number;
  private readonly retry: Required<CatalogLoadRetry>;
  private readonly now: () => number;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      /**
       * Minimum time between two catalog reads caused by lookups of unknown
       * entities, once the catalog is loaded. Default: 10 seconds.
       */
      missRefreshIntervalMs?: number;
      /** Re-reading until the catalog holds entities, once started. */
      loadRetry?: CatalogLoadRetry;
      now?: () => number;
    },
  ) {
    this.now = deps.now ?? Date.now;
    this.retry = {
      initialDelayMs: deps.loadRetry?.initialDelayMs ?? 1_000,
      maxDelayMs: deps.loadRetry?.maxDelayMs ?? 15_000,
      settleMs: deps.loadRetry?.settleMs ?? 15_000,
      giveUpAfterMs: deps.loadRetry?.giveUpAfterMs ?? 5 * 60_000,
    };
    this.retryDelayMs = this.retry.initialDelayMs;
  }

  /** Whether a catalog read has returned at least one of the engine's entities. */
  get hasEntities(): boolean {
    return this.entitiesSeen;
  }

  /**
   * Whether the catalog counts as loaded: it returned entities and they
   * stayed the same for {@link CatalogLoadRetry.settleMs}, or it has had none
   * for {@link CatalogLoadRetry.giveUpAfterMs}. Until then an entity unknown
   * to the index may just not be ingested yet.
   */
  get loaded(): boolean {
    return this.settled || this.gaveUp;
  }

  /**
   * Starts loading: reads the catalog now and, until it is loaded, again
   * after 1, 2, 4… seconds (see {@link CatalogLoadRetry}), without waiting
   * for the scheduled refresh.
   */
  start(): void {
    if (this.startedAt !== undefined) {
      return;
    }
    this.startedAt = this.now();
    if (!this.firstRead) {
      this.firstRead = this.refresh();
    } else if (!this.loaded) {
      // Reads made before the start (while the backend was starting) found
      // nothing: read again now, then on the backoff.
      this.refresh();
    }
  }

  /** Stops re-reading. */
  stop(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retryAt = undefined;
    this.stopped = true;
  }

  /** Calls `listener` after every read that changed the indexed entities. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * Milliseconds until the index will next read the catalog by itself, or
   * until a lookup of an unknown entity may read it, whichever comes first.
   */
  nextReadInMs(): number {
    const now = this.now();
    const byMiss = Math.max(
      0,
      this.lastMissRefreshAt + this.missRefreshIntervalMs() - now,
    );
    const byRetry =
      this.retryAt === undefined ? Infinity : Math.max(0, this.retryAt - now);
    return Math.min(byMiss, byRetry);
  }

  /**
   * Re-reads the catalog because an entity was asked for that the index does
   * not know: it may have been registered since the last scheduled refresh.
   * Rate-limited, so unknown refs cannot turn into a catalog read per request;
   * while the catalog is not loaded, the limit is the initial backoff delay.
   * Resolves to true when the catalog was read.
   */
  async refreshOnMiss(): Promise<boolean> {
    const now = this.now();
    if (now - this.lastMissRefreshAt < this.missRefreshIntervalMs()) {
      return false;
    }
    this.lastMissRefreshAt = now;
    await this.refresh();
    return true;
  }

  /**
   * Waits for the first catalog read, starting it when nothing did; later
   * calls reuse it until the next `refresh()`.
   */
  async ensureLoaded(): Promise<void> {
    if (!this.firstRead) {
      this.firstRead = this.refresh();
    }
    await this.firstRead;
  }

  /**
   * Re-reads the catalog. On failure the previous index stays in use. Never
   * rejects.
   */
  async refresh(): Promise<void> {
    try {
      await this.read();
    } finally {
      this.checkSettled();
      this.scheduleLoadRetry();
    }
  }

  private checkSettled(): void {
    if (
      !this.settled &&
      this.entitiesSeen &&
      this.now() - this.lastChangeAt >= this.retry.settleMs
    ) {
      this.settled = true;
      this.deps.logger.info('BASE layer catalog entities loaded', {
        entities: this.byRef.size,
        ...(this.startedAt !== undefined && {
          waitedMs: this.now() - this.startedAt,
        }),
      });
    }
  }

  private missRefreshIntervalMs(): number {
    return this.loaded
      ? this.deps.missRefreshIntervalMs ?? 10_000
      : this.retry.initialDelayMs;
  }

  /** While started and not loaded, schedules the next re-read. */
  private scheduleLoadRetry(): void {
    if (
      this.startedAt === undefined ||
      this.stopped ||
      this.loaded ||
      this.retryTimer !== undefined
    ) {
      return;
    }
    if (
      !this.entitiesSeen &&
      this.now() - this.startedAt >= this.retry.giveUpAfterMs
    ) {
      this.gaveUp = true;
      this.deps.logger.warn(
        'The catalog still has no BASE layer entities; treating it as empty until the scheduled refresh finds some',
        { waitedMs: this.now() - this.startedAt },
      );
      return;
    }
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(delay * 2, this.retry.maxDelayMs);
    this.retryAt = this.now() + delay;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.retryAt = undefined;
      this.refresh();
    }, delay);
    this.retryTimer.unref?.();
  }

  private async read(): Promise<void> {
    try {
      const credentials = await this.deps.auth.getOwnServiceCredentials();
      const { items } = await this.deps.catalog.getEntities(
        {
          filter: [
            {
              [`metadata.annotations.${ANNOTATION_WAVE}`]:
                CATALOG_FILTER_EXISTS,
            },
            {
              [`metadata.annotations.${ANNOTATION_ARGOCD_APP_NAME}`]:
                CATALOG_FILTER_EXISTS,
            },
            {
              [`metadata.annotations.${ANNOTATION_ARGOCD_APP_SELECTOR}`]:
                CATALOG_FILTER_EXISTS,
            },
          ],
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.annotations',
            'relations',
          ],
        },
        { credentials },
      );
      this.replace(items);
      await this.readDependencies(credentials);
    } catch (error) {
      this.deps.logger.warn(
        'Reading BASE layer entities from the catalog failed',
        {
          error: String(error),
          keptEntities: this.byRef.size,
        },
      );
    }
  }

  /**
   * Reads the dependencies the index does not hold, and theirs in turn, so
   * cause chains can follow a Resource to what it depends on and tell an
   * entity missing from the catalog. A failure keeps the previous read.
   */
  private async readDependencies(
    credentials: Parameters<
      CatalogService['getEntitiesByRefs']
    >[1]['credentials'],
  ): Promise<void> {
    const dependencies = new Map<string, string[] | null>();
    let wanted = [...this.byRef.values()].flatMap(e => e.dependsOn);
    try {
      while (wanted.length > 0) {
        const entityRefs = [
          ...new Set(
            wanted.filter(
              ref => !this.byRef.has(ref) && !dependencies.has(ref),
            ),
          ),
        ];
        if (entityRefs.length === 0) {
          break;
        }
        const { items } = await this.deps.catalog.getEntitiesByRefs(
          {
            entityRefs,
            fields: [
              'kind',
              'metadata.name',
              'metadata.namespace',
              'relations',
            ],
          },
          { credentials },
        );
        const next: string[] = [];
        entityRefs.forEach((ref, i) => {
          const item = items[i];
          const dependsOn = item ? dependsOnOf(item) : null;
          dependencies.set(ref, dependsOn);
          next.push(...(dependsOn ?? []));
        });
        wanted = next;
      }
      this.dependencies = dependencies;
    } catch (error) {
      this.deps.logger.warn(
        'Reading the dependencies of BASE layer entities failed',
        {
          error: String(error),
        },
      );
    }
  }

  /**
   * An entity as cause chains see it: indexed, or a dependency read for
   * them; null when the catalog has no such entity, undefined when it was
   * never looked up.
   */
  dependencyNode(ref: string): DependencyNode | null | undefined {
    const key = normalizeRef(ref);
    const indexed = this.byRef.get(key);
    if (indexed) {
      return {
        ref: key,
        dependsOn: indexed.dependsOn,
        deployed: indexed.appNames.length > 0 || indexed.selector !== undefined,
      };
    }
    const dependsOn = this.dependencies.get(key);
    if (dependsOn === undefined) {
      return undefined;
    }
    return dependsOn && { ref: key, dependsOn, deployed: false };
  }

  /** Replaces the index with the given entities. */
  replace(entities: Entity[]): void {
    const byRef = new Map<string, IndexedEntity>();
    const byAppName = new Map<string, IndexedEntity[]>();
    const withSelector: IndexedEntity[] = [];
    for (const entity of entities) {
      const indexed = this.toIndexed(entity);
      byRef.set(indexed.ref, indexed);
      for (const appName of indexed.appNames) {
        byAppName.set(appName, [...(byAppName.get(appName) ?? []), indexed]);
      }
      if (indexed.selector) {
        withSelector.push(indexed);
      }
    }
    this.byRef = byRef;
    this.byAppName = byAppName;
    this.withSelector = withSelector;
    this.entitiesSeen ||= entities.length > 0;
    const fingerprint = JSON.stringify(
      [...byRef.values()].sort((a, b) => (a.ref < b.ref ? -1 : 1)),
    );
    if (fingerprint !== this.fingerprint) {
      this.fingerprint = fingerprint;
      this.lastChangeAt = this.now();
      if (!this.loaded) {
        // Still ingesting: look again soon.
        this.retryDelayMs = this.retry.initialDelayMs;
        clearTimeout(this.retryTimer);
        this.retryTimer = undefined;
        this.retryAt = undefined;
      }
      for (const listener of this.listeners) {
        try {
          listener();
        } catch (error) {
          this.deps.logger.warn('A catalog index change listener failed', {
            error: String(error),
          });
        }
      }
    }
  }

  /** Looks an entity up by ref; refs are compared case-insensitively, as in the catalog. */
  get(ref: string): IndexedEntity | undefined {
    return this.byRef.get(normalizeRef(ref));
  }

  list(): IndexedEntity[] {
    return [...this.byRef.values()];
  }

  /** The entity an application belongs to: by app name first, then by selector. */
  match(app: ArgoCdApplication, source: string): IndexedEntity | undefined {
    const fromSource = (e: IndexedEntity) =>
      e.instance === undefined || e.instance === source;
    const byName = this.byAppName.get(app.metadata.name)?.find(fromSource);
    if (byName) {
      return byName;
    }
    const labels = app.metadata.labels ?? {};
    return this.withSelector.find(
      e =>
        fromSource(e) &&
        Object.entries(e.selector!).every(([k, v]) => labels[k] === v),
    );
  }

  private toIndexed(entity: Entity): IndexedEntity {
    const annotations = entity.metadata.annotations ?? {};
    const ref = normalizeRef(stringifyEntityRef(entity));
    const wave = readEntityWave(entity);
    if (wave instanceof Error) {
      this.deps.logger.warn('Ignoring invalid wave annotation', {
        entityRef: ref,
        error: wave.message,
      });
    }
    const selectorText = annotations[ANNOTATION_ARGOCD_APP_SELECTOR];
    const selector = selectorText
      ? parseLabelSelector(selectorText)
      : undefined;
    if (selectorText && !selector) {
      this.deps.logger.warn('Ignoring unsupported argocd/app-selector', {
        entityRef: ref,
        selector: selectorText,
      });
    }
    return {
      ref,
      wave: typeof wave === 'number' ? wave : null,
      annotations,
      dependsOn: dependsOnOf(entity),
      appNames: splitCommaList(annotations[ANNOTATION_ARGOCD_APP_NAME]),
      ...(selector && { selector }),
      ...(annotations[ANNOTATION_ARGOCD_INSTANCE_NAME] && {
        instance: annotations[ANNOTATION_ARGOCD_INSTANCE_NAME],
      }),
    };
  }
}

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

const normalizeRef = (ref: string) => ref.toLocaleLowerCase('en-US');

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

/**
 * The catalog entities that carry a wave or point at Argo CD applications,
 * read in one query with the plugin's own credentials and kept in memory
 * between scheduled refreshes, so no request ever waits on the catalog.
 */
export class CatalogEntityIndex {
  private byRef = new Map<string, IndexedEntity>();
  private byAppName = new Map<string, IndexedEntity[]>();
  private withSelector: IndexedEntity[] = [];
  private loaded?: Promise<void>;
  private lastMissRefreshAt = -Infinity;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      /**
       * Minimum time between two catalog reads caused by lookups of unknown
       * entities. Default: 10 seconds.
       */
      missRefreshIntervalMs?: number;
      now?: () => number;
    },
  ) {}

  /**
   * Re-reads the catalog because an entity was asked for that the index does
   * not know: it may have been registered since the last scheduled refresh.
   * Rate-limited, so unknown refs cannot turn into a catalog read per request.
   * Resolves to true when the catalog was read.
   */
  async refreshOnMiss(): Promise<boolean> {
    const now = (this.deps.now ?? Date.now)();
    if (
      now - this.lastMissRefreshAt <
      (this.deps.missRefreshIntervalMs ?? 10_000)
    ) {
      return false;
    }
    this.lastMissRefreshAt = now;
    await this.refresh();
    return true;
  }

  /** Loads the index once; later calls reuse it until the next `refresh()`. */
  async ensureLoaded(): Promise<void> {
    if (!this.loaded) {
      this.loaded = this.refresh();
    }
    await this.loaded;
  }

  /** Re-reads the catalog. On failure the previous index stays in use. */
  async refresh(): Promise<void> {
    try {
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
        { credentials: await this.deps.auth.getOwnServiceCredentials() },
      );
      this.replace(items);
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
      dependsOn: (entity.relations ?? [])
        .filter(r => r.type === RELATION_DEPENDS_ON)
        .map(r => normalizeRef(r.targetRef)),
      appNames: splitCommaList(annotations[ANNOTATION_ARGOCD_APP_NAME]),
      ...(selector && { selector }),
      ...(annotations[ANNOTATION_ARGOCD_INSTANCE_NAME] && {
        instance: annotations[ANNOTATION_ARGOCD_INSTANCE_NAME],
      }),
    };
  }
}

import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  ANNOTATION_CLUSTER,
  ANNOTATION_ENVIRONMENTS,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_OVERLAYS,
  EntityStatusResponse,
  splitCommaList,
} from '@internal/plugin-base-layer-common';
import { CatalogEntityIndex } from './catalog/CatalogEntityIndex';
import { ModuleLinkBuilder } from './tools/ModuleLinkBuilder';
import { ToolHealthService } from './tools/ToolHealthService';
import { WaveStatusService } from './waves/WaveStatusService';

/**
 * The catalog has not been loaded yet, so an entity unknown to the engine may
 * just not be ingested yet: answered 503 with a `Retry-After` header of
 * `retryAfterSeconds` (see the router).
 */
export class CatalogNotLoadedError extends ServiceUnavailableError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/** A module's view: its applications, links and tool health, from cached data only. */
export class EntityStatusService {
  constructor(
    private readonly deps: {
      waves: WaveStatusService;
      entities: CatalogEntityIndex;
      links: ModuleLinkBuilder;
      tools: ToolHealthService;
      /** Environments that have tools configured. */
      configuredEnvironments: string[];
      /** Warns about entities still on the old annotation. */
      logger?: LoggerService;
    },
  ) {}

  /** Entities already warned about the old meaning of base-layer.io/environments. */
  private readonly warnedLegacy = new Set<string>();

  /**
   * The entity's environments (whose tools are linked) and kustomize
   * overlays. An entity without `base-layer.io/overlays` still lists its
   * overlays in `base-layer.io/environments`, as before this release: those
   * are read as overlays, its environments are the ones among them that
   * have tools configured, and it is warned about once.
   */
  private environmentsOf(
    entityRef: string,
    annotations: Record<string, string>,
  ): { environments: string[]; overlays: string[] } {
    const declared = splitCommaList(annotations[ANNOTATION_ENVIRONMENTS]);
    if (
      annotations[ANNOTATION_OVERLAYS] !== undefined ||
      declared.length === 0
    ) {
      return {
        environments: declared,
        overlays: splitCommaList(annotations[ANNOTATION_OVERLAYS]),
      };
    }
    if (!this.warnedLegacy.has(entityRef)) {
      this.warnedLegacy.add(entityRef);
      this.deps.logger?.warn(
        `${entityRef} has ${ANNOTATION_ENVIRONMENTS} but no ${ANNOTATION_OVERLAYS}: its value is read as kustomize overlays, as before, and only the configured environments among them are linked. Move the overlays to ${ANNOTATION_OVERLAYS} and list the environments whose tools are linked (dev, staging, prod) in ${ANNOTATION_ENVIRONMENTS}; the old reading goes in the next release.`,
      );
    }
    return {
      environments: declared.filter(e =>
        this.deps.configuredEnvironments.includes(e),
      ),
      overlays: declared,
    };
  }

  async getStatus(entityRef: string): Promise<EntityStatusResponse> {
    await this.deps.entities.ensureLoaded();
    let entity = this.deps.entities.get(entityRef);
    if (!entity && (await this.deps.entities.refreshOnMiss())) {
      entity = this.deps.entities.get(entityRef);
      if (entity) {
        // Match the new entity's applications without re-reading the sources.
        await this.deps.waves.recompute();
      }
    }
    if (!entity && !this.deps.entities.loaded) {
      throw new CatalogNotLoadedError(
        `catalog not loaded yet: the BASE layer has not read any of its entities from the catalog, which is probably still ingesting its locations; ${entityRef} may be among them`,
        Math.max(1, Math.ceil(this.deps.entities.nextReadInMs() / 1000)),
      );
    }
    if (!entity) {
      throw new NotFoundError(
        `Entity ${entityRef} is not a BASE layer entity: it has none of the base-layer.io/wave, argocd/app-name or argocd/app-selector annotations, or the catalog has not been read since it was added`,
      );
    }
    const status = await this.deps.waves.getStatus();
    const applications = [
      ...status.waves.flatMap(w => w.applications),
      ...status.unassigned,
    ].filter(a => a.entityRef === entityRef);
    const wave =
      entity.wave ?? applications.find(a => a.wave !== null)?.wave ?? null;
    const { environments, overlays } = this.environmentsOf(
      entityRef,
      entity.annotations,
    );
    const toolEnvironments =
      environments.length > 0 ? environments : this.deps.configuredEnvironments;
    const appNames = [
      ...new Set(
        applications.length > 0
          ? applications.map(a => a.name)
          : entity.appNames,
      ),
    ];
    const { stale, ageSeconds } = this.deps.waves.freshness(status);
    return {
      entityRef,
      wave,
      ...(wave !== null && {
        waveName: status.waves.find(w => w.id === wave)?.name,
      }),
      ...(entity.annotations[ANNOTATION_CLUSTER] && {
        cluster: entity.annotations[ANNOTATION_CLUSTER],
      }),
      ...(entity.annotations[ANNOTATION_KUBERNETES_NAMESPACE] && {
        namespace: entity.annotations[ANNOTATION_KUBERNETES_NAMESPACE],
      }),
      environments: toolEnvironments,
      overlays,
      applications,
      links: this.deps.links.build({
        annotations: entity.annotations,
        applications: appNames,
        environments: toolEnvironments,
      }),
      tools: await this.deps.tools.getHealth(toolEnvironments),
      stale,
      ageSeconds,
    };
  }
}

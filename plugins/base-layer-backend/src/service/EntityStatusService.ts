import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  ANNOTATION_CLUSTER,
  ANNOTATION_ENVIRONMENTS,
  ANNOTATION_KUBERNETES_NAMESPACE,
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
    },
  ) {}

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
    const declared = splitCommaList(
      entity.annotations[ANNOTATION_ENVIRONMENTS],
    );
    const toolEnvironments = [
      ...new Set([...this.deps.configuredEnvironments, ...declared]),
    ];
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
      environments: declared,
      applications,
      links: this.deps.links.build({
        annotations: entity.annotations,
        applications: appNames,
      }),
      tools: await this.deps.tools.getHealth(toolEnvironments),
      stale,
      ageSeconds,
    };
  }
}

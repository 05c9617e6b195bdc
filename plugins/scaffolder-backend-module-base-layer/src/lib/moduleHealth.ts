import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  NotFoundError,
  ResponseError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  ApplicationStatus,
  EntityStatusResponse,
} from '@internal/plugin-base-layer-common';

/** The plugin whose status API reports a module's Argo CD health. */
const BASE_LAYER_PLUGIN_ID = 'base-layer';

/** Reads a module's status as the portal shows it. */
export interface ModuleStatusReader {
  /** @throws NotFoundError naming the module when the status API has no such entity */
  read(module: string): Promise<EntityStatusResponse>;
}

/**
 * Reads `GET /api/base-layer/entities/component/default/<name>/status` from
 * the base-layer backend, found through the discovery service, with a
 * service-to-service token of this plugin.
 */
export class BaseLayerStatusClient implements ModuleStatusReader {
  readonly #discovery: DiscoveryService;
  readonly #auth: AuthService;

  constructor(options: { discovery: DiscoveryService; auth: AuthService }) {
    this.#discovery = options.discovery;
    this.#auth = options.auth;
  }

  async read(module: string): Promise<EntityStatusResponse> {
    const baseUrl = await this.#discovery.getBaseUrl(BASE_LAYER_PLUGIN_ID);
    const { token } = await this.#auth.getPluginRequestToken({
      onBehalfOf: await this.#auth.getOwnServiceCredentials(),
      targetPluginId: BASE_LAYER_PLUGIN_ID,
    });
    const url = `${baseUrl}/entities/component/default/${encodeURIComponent(
      module,
    )}/status`;
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status === 404) {
      throw new NotFoundError(
        `Invalid input 'name': module '${module}' has no status in the base-layer backend (component:default/${module} is not in the catalog)`,
      );
    }
    if (!response.ok) {
      throw new ServiceUnavailableError(
        `The base-layer status API answered ${response.status} for component:default/${module}`,
        await ResponseError.fromResponse(response),
      );
    }
    return (await response.json()) as EntityStatusResponse;
  }
}

/** The health of the Applications that deploy a module's dev overlay. */
export interface DevHealth {
  healthy: boolean;
  /** `Healthy`, the health of the first Application that is not, or `Missing`. */
  health: string;
  /** Whether the Applications were picked by their dev overlay source. */
  byOverlay: boolean;
  applications: ApplicationStatus[];
  stale: boolean;
  ageSeconds: number;
}

/**
 * The health of dev: the module's Applications with a source on its dev
 * overlay (`…/overlays/dev`), or all of its Applications when none names
 * that overlay (a module deployed from its aws overlay into dev). Healthy
 * only when there is at least one and every one is Healthy.
 */
export function devHealthOf(status: EntityStatusResponse): DevHealth {
  const onDev = status.applications.filter(app =>
    app.sources.some(source =>
      /(^|\/)overlays\/dev\/?$/.test(source.path ?? ''),
    ),
  );
  const applications = onDev.length > 0 ? onDev : status.applications;
  const unhealthy = applications.find(app => app.health !== 'Healthy');
  return {
    healthy: applications.length > 0 && !unhealthy,
    health:
      applications.length === 0 ? 'Missing' : unhealthy?.health ?? 'Healthy',
    byOverlay: onDev.length > 0,
    applications,
    stale: status.stale,
    ageSeconds: status.ageSeconds,
  };
}

/** The dev health as a Markdown table, for the pull request. */
export function formatDevHealth(health: DevHealth): string {
  const rows = health.applications.map(
    app =>
      `| \`${app.name}\` | ${app.sync} | ${app.health} | ${(
        app.message ?? ''
      ).replace(/[|\n]/g, ' ')} |`,
  );
  return [
    `Dev's Argo CD health, from the base-layer status API (${
      health.ageSeconds
    } s old${health.stale ? ', **stale**' : ''}): **${health.health}**${
      health.byOverlay
        ? ''
        : " (no Application names the dev overlay; all of the module's Applications)"
    }.`,
    ...(rows.length > 0
      ? [
          '',
          '| Application | Sync | Health | Message |',
          '| --- | --- | --- | --- |',
          ...rows,
        ]
      : ['', 'No Argo CD Application of the module was found.']),
  ].join('\n');
}

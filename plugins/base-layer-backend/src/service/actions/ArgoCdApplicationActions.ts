import {
  ArgoCdCredentials,
  ArgoCdSessionAuth,
} from '../sources/argocd/ArgoCdSessionAuth';
import {
  ActionApplication,
  ApplicationActions,
  gitSourcePositions,
  operationInfo,
  SyncOptions,
} from './ApplicationActions';
import { toUpstreamCallError } from './toUpstreamCallError';

/**
 * Refreshes and syncs Applications through one Argo CD instance's REST API,
 * with the instance's configured token or one cached session login.
 */
export class ArgoCdApplicationActions implements ApplicationActions {
  readonly source: string;
  private readonly auth: ArgoCdSessionAuth;
  private readonly baseUrl: string;
  private readonly target: string;

  constructor(
    private readonly options: {
      name: string;
      baseUrl: string;
      credentials: ArgoCdCredentials;
      timeoutMs: number;
    },
  ) {
    this.source = options.name;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.target = `Argo CD '${options.name}'`;
    this.auth = new ArgoCdSessionAuth({
      baseUrl: this.baseUrl,
      target: this.target,
      credentials: options.credentials,
      timeoutMs: options.timeoutMs,
    });
  }

  /** `GET /api/v1/applications/<name>?refresh=normal`. */
  refresh(app: ActionApplication): Promise<number> {
    const query = new URLSearchParams({ refresh: 'normal' });
    if (app.namespace) {
      query.set('appNamespace', app.namespace);
    }
    return this.call(
      'GET',
      `/api/v1/applications/${encodeURIComponent(app.name)}?${query}`,
    );
  }

  /** `POST /api/v1/applications/<name>/sync` with an ApplicationSyncRequest. */
  sync(app: ActionApplication, options: SyncOptions): Promise<number> {
    const positions = gitSourcePositions(app);
    let revision = {};
    if (options.revision !== undefined) {
      // Several sources: the revision applies to each Git source.
      revision = positions
        ? {
            revisions: positions.map(() => options.revision!),
            sourcePositions: positions,
          }
        : { revision: options.revision };
    }
    return this.call(
      'POST',
      `/api/v1/applications/${encodeURIComponent(app.name)}/sync`,
      {
        name: app.name,
        ...(app.namespace && { appNamespace: app.namespace }),
        ...revision,
        prune: options.prune ?? false,
        infos: operationInfo(options.initiatedBy),
      },
    );
  }

  private call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<number> {
    return this.auth.withRenewal(() => this.request(method, path, body));
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<number> {
    const context = { target: this.target, timeoutMs: this.options.timeoutMs };
    let response: Response;
    let text: string;
    try {
      const token = await this.auth.getToken();
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${token}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw toUpstreamCallError(error, context);
    }
    if (!response.ok) {
      throw toUpstreamCallError(
        { status: response.status, body: text },
        context,
      );
    }
    return response.status;
  }
}

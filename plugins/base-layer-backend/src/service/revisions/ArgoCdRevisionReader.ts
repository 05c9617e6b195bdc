import { fetchJson } from '../http/upstream';
import {
  ArgoCdCredentials,
  ArgoCdSessionAuth,
} from '../sources/argocd/ArgoCdSessionAuth';
import { parseApplicationHistory } from './applicationHistory';
import { HistoryApplication, RevisionReader } from './RevisionReader';

/**
 * Reads an Application through one Argo CD instance's REST API,
 * `GET /api/v1/applications/<name>`, with the configured token or a cached
 * session login.
 */
export class ArgoCdRevisionReader implements RevisionReader {
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

  read(app: HistoryApplication) {
    return this.auth.withRenewal(() => this.get(app));
  }

  private async get(app: HistoryApplication) {
    const query = new URLSearchParams({ appNamespace: app.namespace });
    const body = await fetchJson<unknown>(
      `${this.baseUrl}/api/v1/applications/${encodeURIComponent(
        app.name,
      )}?${query}`,
      {
        target: this.target,
        timeoutMs: this.options.timeoutMs,
        headers: { authorization: `Bearer ${await this.auth.getToken()}` },
      },
    );
    return parseApplicationHistory(body, this.target);
  }
}

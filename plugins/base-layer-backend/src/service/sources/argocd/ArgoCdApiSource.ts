import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { BaseLayerConfigError } from '@internal/plugin-base-layer-common';
import { fetchJson } from '../../http/upstream';
import { withRetry } from '../../http/retry';
import { parseApplicationList } from '../applications';
import { ApplicationSourceReader, SourceReadResult } from '../types';
import {
  ArgoCdCredentials,
  ArgoCdSessionAuth,
  readArgoCdCredentials,
} from './ArgoCdSessionAuth';

/**
 * The fields the engine reads, as an Argo CD `fields` projection. Leaving out
 * `status.resources` and `status.history` keeps the response of a large
 * instance small.
 */
export const ARGOCD_APPLICATION_FIELDS = [
  'items.metadata.name',
  'items.metadata.namespace',
  'items.metadata.labels',
  'items.metadata.annotations',
  'items.metadata.resourceVersion',
  'items.metadata.deletionTimestamp',
  'items.spec.project',
  'items.spec.source',
  'items.spec.sources',
  'items.spec.destination',
  'items.status.sync',
  'items.status.health',
  'items.status.operationState.phase',
  'items.status.operationState.message',
  'items.status.operationState.startedAt',
  'items.status.operationState.finishedAt',
  'items.status.operationState.syncResult.revision',
  'items.status.operationState.syncResult.revisions',
  'items.status.conditions',
  'items.status.reconciledAt',
].join(',');

export interface ArgoCdApiSourceOptions {
  name: string;
  baseUrl: string;
  credentials: ArgoCdCredentials;
  timeoutMs: number;
  logger: LoggerService;
  /** Attempts per read, including the first. Default 3. */
  attempts?: number;
  /** First retry delay. Default 250 ms. */
  retryBaseDelayMs?: number;
}

/**
 * Reads Applications from one Argo CD instance's REST API: one
 * `GET /api/v1/applications` per read, with a bearer token from config or a
 * cached session login.
 */
export class ArgoCdApiSource implements ApplicationSourceReader {
  readonly type = 'argocd' as const;
  readonly name: string;
  private readonly auth: ArgoCdSessionAuth;
  private readonly target: string;

  /**
   * Creates the source from one entry of `baseLayer.sources.argocd`.
   *
   * @throws BaseLayerConfigError naming `configKey` when the entry has
   * neither a token nor a username and password.
   */
  static fromConfig(
    config: Config,
    deps: { logger: LoggerService; timeoutMs: number; configKey: string },
  ): ArgoCdApiSource {
    const name = config.getString('name');
    const credentials = readArgoCdCredentials(config);
    if (!credentials) {
      throw new BaseLayerConfigError(
        deps.configKey,
        `Argo CD source '${name}' needs a token, or a username and password`,
      );
    }
    return new ArgoCdApiSource({
      name,
      baseUrl: config.getString('url'),
      credentials,
      timeoutMs: deps.timeoutMs,
      logger: deps.logger,
    });
  }

  constructor(private readonly options: ArgoCdApiSourceOptions) {
    this.name = options.name;
    this.target = `Argo CD '${options.name}'`;
    this.auth = new ArgoCdSessionAuth({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      target: this.target,
      credentials: options.credentials,
      timeoutMs: options.timeoutMs,
    });
  }

  async read(): Promise<SourceReadResult> {
    const body = await withRetry(
      () => this.auth.withRenewal(() => this.list()),
      {
        attempts: this.options.attempts ?? 3,
        baseDelayMs: this.options.retryBaseDelayMs ?? 250,
        onRetry: (error, attempt, delayMs) =>
          this.options.logger.warn('Argo CD list failed, retrying', {
            source: this.name,
            attempt,
            delayMs,
            error: String(error),
          }),
      },
    );
    return parseApplicationList(body, this.target);
  }

  private async list(): Promise<unknown> {
    const token = await this.auth.getToken();
    const url = `${this.options.baseUrl.replace(
      /\/+$/,
      '',
    )}/api/v1/applications?fields=${encodeURIComponent(
      ARGOCD_APPLICATION_FIELDS,
    )}`;
    return fetchJson<unknown>(url, {
      target: this.target,
      timeoutMs: this.options.timeoutMs,
      headers: { authorization: `Bearer ${token}` },
    });
  }
}

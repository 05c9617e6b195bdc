import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import {
  TOOL_NAMES,
  ToolHealth,
  ToolName,
} from '@internal/plugin-base-layer-common';
import { Agent, fetch } from 'undici';
import { toUpstreamError, UpstreamError } from '../http/upstream';

/** The health endpoint of each tool, relative to its configured base URL. */
export const TOOL_HEALTH_PATHS: Record<ToolName, string> = {
  mlflow: '/health',
  airflow: '/api/v1/health',
  grafana: '/api/health',
  argocd: '/healthz',
};

/** Hosts of a local `kubectl port-forward`. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Node's codes for a TLS certificate it does not trust. */
const UNTRUSTED_CERTIFICATE =
  /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID/;

export interface ToolHealthServiceOptions {
  tools: Record<string, Partial<Record<ToolName, string>>>;
  cache: CacheService;
  logger: LoggerService;
  timeoutMs: number;
  cacheTtlMs: number;
  /**
   * Environments whose tools are probed accepting any TLS certificate (a
   * local port-forward's self-signed one). Empty by default.
   */
  skipTlsVerify?: string[];
}

/**
 * Probes the configured tools' health endpoints with a timeout and caches
 * each answer for every replica. Only configured base URLs are ever called.
 */
export class ToolHealthService {
  private readonly pending = new Map<string, Promise<ToolHealth>>();
  private readonly verifying = new Agent();
  private readonly notVerifying = new Agent({
    connect: { rejectUnauthorized: false },
  });

  constructor(private readonly options: ToolHealthServiceOptions) {}

  /** Health of every tool in the given environments (all configured ones by default). */
  async getHealth(environments?: string[]): Promise<ToolHealth[]> {
    const envs = environments ?? Object.keys(this.options.tools);
    return Promise.all(
      envs.flatMap(environment =>
        TOOL_NAMES.map(tool => this.getOne(environment, tool)),
      ),
    );
  }

  private async getOne(
    environment: string,
    tool: ToolName,
  ): Promise<ToolHealth> {
    const baseUrl = this.options.tools[environment]?.[tool];
    if (!baseUrl) {
      return { tool, environment, status: 'not-configured' };
    }
    const key = `tool-health:${environment}:${tool}`;
    const cached = await this.options.cache
      .get<JsonObject>(key)
      .catch(() => undefined);
    if (cached) {
      return cached as unknown as ToolHealth;
    }
    let probe = this.pending.get(key);
    if (!probe) {
      probe = this.probe(environment, tool, baseUrl).finally(() =>
        this.pending.delete(key),
      );
      this.pending.set(key, probe);
    }
    const health = await probe;
    await this.options.cache
      .set(key, health as unknown as JsonObject, {
        ttl: this.options.cacheTtlMs,
      })
      .catch(() => undefined);
    return health;
  }

  private async probe(
    environment: string,
    tool: ToolName,
    baseUrl: string,
  ): Promise<ToolHealth> {
    const checkedAt = new Date().toISOString();
    try {
      const response = await fetch(`${baseUrl}${TOOL_HEALTH_PATHS[tool]}`, {
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'manual',
        dispatcher: this.options.skipTlsVerify?.includes(environment)
          ? this.notVerifying
          : this.verifying,
      });
      await response.body?.cancel();
      if (response.ok) {
        return { tool, environment, status: 'up', checkedAt };
      }
      return {
        tool,
        environment,
        status: 'down',
        message: `Health check answered ${response.status}`,
        checkedAt,
      };
    } catch (error) {
      const failure = toUpstreamError(error, {
        target: `${tool} health check`,
        timeoutMs: this.options.timeoutMs,
      });
      const detail =
        failure instanceof UpstreamError ? failure.detail : failure.message;
      let message = `Unreachable: ${detail}`;
      if (failure instanceof UpstreamError && failure.kind === 'timeout') {
        message = `No answer within ${this.options.timeoutMs} ms`;
      } else if (detail === 'ECONNREFUSED') {
        const { host, hostname } = new URL(baseUrl);
        message = `Unreachable: connection refused at ${host}${
          LOOPBACK_HOSTS.has(hostname)
            ? '; is its kubectl port-forward running?'
            : ''
        }`;
      } else if (UNTRUSTED_CERTIFICATE.test(detail)) {
        message = `Unreachable: its TLS certificate is not trusted (${detail}); for a local port-forward, set baseLayer.tools.${environment}.skipTLSVerify`;
      }
      this.options.logger.debug('Tool health probe failed', {
        tool,
        environment,
        error: message,
      });
      return { tool, environment, status: 'down', message, checkedAt };
    }
  }
}

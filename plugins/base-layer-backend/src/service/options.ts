import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  BaseLayerConfigError,
  isHttpUrl,
  TOOL_NAMES,
  ToolName,
} from '@internal/plugin-base-layer-common';

/** Engine settings read from `baseLayer.*`, with defaults applied. */
export interface BaseLayerOptions {
  refreshInterval: HumanDuration;
  requestTimeoutMs: number;
  catalogRefreshInterval: HumanDuration;
  toolHealthCacheTtlMs: number;
  historyRetentionMs: number;
  /** Base URLs per environment, then per tool. */
  tools: Record<string, Partial<Record<ToolName, string>>>;
  /** Environments whose tools' probes accept any TLS certificate. */
  toolsSkippingTlsVerify: string[];
}

function readDuration(
  config: Config,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  return config.has(key) ? readDurationFromConfig(config, { key }) : fallback;
}

/** Reads `requestTimeout` (default 5 s) in milliseconds. */
export function readRequestTimeoutMs(config: Config): number {
  return durationToMilliseconds(
    readDuration(config, 'baseLayer.requestTimeout', { seconds: 5 }),
  );
}

/**
 * Reads `baseLayer.tools`: base URLs per environment, then per tool.
 *
 * @throws BaseLayerConfigError naming the key of a URL that is not http(s).
 */
export function readToolUrls(config: Config): BaseLayerOptions['tools'] {
  const tools: BaseLayerOptions['tools'] = {};
  const toolsConfig = config.getOptionalConfig('baseLayer.tools');
  for (const environment of toolsConfig?.keys() ?? []) {
    const env = toolsConfig!.getConfig(environment);
    tools[environment] = {};
    for (const tool of TOOL_NAMES) {
      const url = env.getOptionalString(tool);
      if (url === undefined) {
        continue;
      }
      if (!isHttpUrl(url)) {
        throw new BaseLayerConfigError(
          `baseLayer.tools.${environment}.${tool}`,
          'only http(s) URLs are allowed',
        );
      }
      tools[environment][tool] = url.replace(/\/+$/, '');
    }
  }
  return tools;
}

/**
 * Reads the environments of `baseLayer.tools` with `skipTLSVerify: true`:
 * their tools' health probes accept any certificate, as a local
 * port-forward to Argo CD (self-signed) needs.
 */
export function readToolsSkippingTlsVerify(config: Config): string[] {
  const toolsConfig = config.getOptionalConfig('baseLayer.tools');
  return (toolsConfig?.keys() ?? []).filter(
    environment =>
      toolsConfig!
        .getConfig(environment)
        .getOptionalBoolean('skipTLSVerify') === true,
  );
}

/** Reads the engine's settings from `baseLayer.*`, with defaults applied. */
export function readBaseLayerOptions(config: Config): BaseLayerOptions {
  return {
    refreshInterval: readDuration(config, 'baseLayer.refreshInterval', {
      seconds: 30,
    }),
    requestTimeoutMs: readRequestTimeoutMs(config),
    catalogRefreshInterval: readDuration(
      config,
      'baseLayer.catalogRefreshInterval',
      { minutes: 1 },
    ),
    toolHealthCacheTtlMs: durationToMilliseconds(
      readDuration(config, 'baseLayer.toolHealthCacheTtl', { minutes: 1 }),
    ),
    historyRetentionMs: durationToMilliseconds(
      readDuration(config, 'baseLayer.history.retention', { days: 30 }),
    ),
    tools: readToolUrls(config),
    toolsSkippingTlsVerify: readToolsSkippingTlsVerify(config),
  };
}

/** The engine's time limits, all derived from `refreshInterval` and `requestTimeout`. */
export interface EngineTimings {
  refreshIntervalMs: number;
  /** Upper bound of one source read: a read may retry twice with backoff. */
  readTimeoutMs: number;
  /**
   * Data read longer ago than this is served as stale: three refresh
   * intervals, and never less than one interval plus one read, so a slow but
   * working source is not flagged.
   */
  staleAfterMs: number;
  /**
   * Timeout of the global refresh task: how long a replica's claim of a run
   * lasts. A run reads the sources in parallel (at most one read timeout),
   * then loads the catalog and writes the cache, for which one more interval
   * is ample. A replica killed during a run blocks the task this long, plus
   * up to a minute until Backstage's scheduler janitor frees the claim.
   */
  refreshTaskTimeoutMs: number;
}

export function engineTimings(options: BaseLayerOptions): EngineTimings {
  const refreshIntervalMs = durationToMilliseconds(options.refreshInterval);
  const readTimeoutMs = options.requestTimeoutMs * 3 + 2000;
  return {
    refreshIntervalMs,
    readTimeoutMs,
    staleAfterMs: Math.max(
      refreshIntervalMs * 3,
      refreshIntervalMs + readTimeoutMs,
    ),
    refreshTaskTimeoutMs: readTimeoutMs + refreshIntervalMs,
  };
}

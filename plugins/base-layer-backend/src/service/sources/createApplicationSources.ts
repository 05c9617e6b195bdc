import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { BaseLayerConfigError } from '@internal/plugin-base-layer-common';
import { ArgoCdApiSource } from './argocd/ArgoCdApiSource';
import { KubernetesApplicationSource } from './kubernetes/KubernetesApplicationSource';
import { SnapshotApplicationSource } from './snapshot/SnapshotApplicationSource';
import { ApplicationSourceReader } from './types';

/** What a source factory gets besides its own config entry. */
export interface SourceFactoryDeps {
  logger: LoggerService;
  /** `baseLayer.requestTimeout` in milliseconds. */
  timeoutMs: number;
}

/**
 * Builds one source from one entry of its `baseLayer.sources.<key>` array.
 * `configKey` is that entry's key, `baseLayer.sources.argocd[0]`, for the
 * {@link BaseLayerConfigError} of an invalid entry.
 */
export type SourceFactory = (
  config: Config,
  deps: SourceFactoryDeps & { configKey: string },
) => ApplicationSourceReader;

/**
 * The source types, by their key under `baseLayer.sources`. A new source type
 * is one more line here.
 */
export const sourceFactories: Record<string, SourceFactory> = {
  kubernetes: (config, deps) =>
    KubernetesApplicationSource.fromConfig(config, deps),
  argocd: (config, deps) => ArgoCdApiSource.fromConfig(config, deps),
  snapshots: (config, deps) =>
    SnapshotApplicationSource.fromConfig(config, deps),
};

/**
 * Creates every source configured under `baseLayer.sources`.
 *
 * @throws BaseLayerConfigError for an unknown source type, or when two
 * sources share a name, since the name is how applications, errors and the
 * `argocd/instance-name` annotation refer to them.
 */
export function createApplicationSources(
  config: Config,
  deps: SourceFactoryDeps,
  factories: Record<string, SourceFactory> = sourceFactories,
): ApplicationSourceReader[] {
  const sourcesConfig = config.getOptionalConfig('baseLayer.sources');
  const sources: ApplicationSourceReader[] = [];
  const names = new Set<string>();
  for (const key of sourcesConfig?.keys() ?? []) {
    const factory = factories[key];
    if (!factory) {
      throw new BaseLayerConfigError(
        `baseLayer.sources.${key}`,
        `unknown source type; known types are ${Object.keys(factories).join(
          ', ',
        )}`,
      );
    }
    sourcesConfig!.getConfigArray(key).forEach((entry, index) => {
      const configKey = `baseLayer.sources.${key}[${index}]`;
      const source = factory(entry, { ...deps, configKey });
      if (names.has(source.name)) {
        throw new BaseLayerConfigError(
          `${configKey}.name`,
          `source "${source.name}" is declared twice`,
        );
      }
      names.add(source.name);
      sources.push(source);
    });
  }
  return sources;
}

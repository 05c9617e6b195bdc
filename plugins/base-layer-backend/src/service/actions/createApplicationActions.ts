import { Config } from '@backstage/config';
import { readArgoCdCredentials } from '../sources/argocd/ArgoCdSessionAuth';
import { readClusterAccess } from '../sources/kubernetes/kubeClient';
import { ApplicationActions } from './ApplicationActions';
import { ArgoCdApplicationActions } from './ArgoCdApplicationActions';
import { KubernetesApplicationActions } from './KubernetesApplicationActions';

/** The sources the rollout actions can act through, by source name. */
export interface ApplicationActionTargets {
  /** Argo CD instances and clusters, by source name. */
  writable: Map<string, ApplicationActions>;
  /** Sources that are only read (snapshot files). */
  readOnly: Set<string>;
}

/**
 * The action clients of every source configured under `baseLayer.sources`,
 * from the same entries the engine reads (a source's config is validated,
 * with its key named, when the engine builds its reader): Argo CD instances
 * through their API, clusters through their Application resources. Snapshot
 * sources are read-only.
 */
export function createApplicationActions(
  config: Config,
  options: { timeoutMs: number },
): ApplicationActionTargets {
  const writable = new Map<string, ApplicationActions>();
  const readOnly = new Set<string>();
  const sources = config.getOptionalConfig('baseLayer.sources');
  for (const entry of sources?.getOptionalConfigArray('argocd') ?? []) {
    const credentials = readArgoCdCredentials(entry);
    if (credentials) {
      const name = entry.getString('name');
      writable.set(
        name,
        new ArgoCdApplicationActions({
          name,
          baseUrl: entry.getString('url'),
          credentials,
          timeoutMs: options.timeoutMs,
        }),
      );
    }
  }
  for (const entry of sources?.getOptionalConfigArray('kubernetes') ?? []) {
    const cluster = readClusterAccess(entry);
    writable.set(
      cluster.name,
      new KubernetesApplicationActions({
        ...cluster,
        namespace: entry.getOptionalString('namespace') ?? 'argocd',
        timeoutMs: options.timeoutMs,
      }),
    );
  }
  for (const entry of sources?.getOptionalConfigArray('snapshots') ?? []) {
    readOnly.add(entry.getString('name'));
  }
  return { writable, readOnly };
}

import { Config } from '@backstage/config';
import { ArgoCdCredentials } from '../sources/argocd/ArgoCdSessionAuth';
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

/** The token, or username and password, of an Argo CD source entry. */
function readArgoCdCredentials(entry: Config): ArgoCdCredentials | undefined {
  const token = entry.getOptionalString('token');
  if (token) {
    return { token };
  }
  const username = entry.getOptionalString('username');
  const password = entry.getOptionalString('password');
  return username && password ? { username, password } : undefined;
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
    const name = entry.getString('name');
    writable.set(
      name,
      new KubernetesApplicationActions({
        name,
        url: entry.getString('url'),
        token: entry.getString('token'),
        caData: entry.getOptionalString('caData'),
        skipTLSVerify: entry.getOptionalBoolean('skipTLSVerify'),
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

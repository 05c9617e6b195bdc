import { Config } from '@backstage/config';
import { readArgoCdCredentials } from '../sources/argocd/ArgoCdSessionAuth';
import { readClusterAccess } from '../sources/kubernetes/kubeClient';
import { ArgoCdRevisionReader } from './ArgoCdRevisionReader';
import { KubernetesRevisionReader } from './KubernetesRevisionReader';
import { RevisionReader } from './RevisionReader';
import { SnapshotRevisionReader } from './SnapshotRevisionReader';

/**
 * A revision reader for every source configured under `baseLayer.sources`,
 * by source name, from the same entries the engine reads (which validates
 * them, naming the key, when it builds its sources).
 */
export function createRevisionReaders(
  config: Config,
  options: { timeoutMs: number },
): Map<string, RevisionReader> {
  const readers = new Map<string, RevisionReader>();
  const sources = config.getOptionalConfig('baseLayer.sources');
  for (const entry of sources?.getOptionalConfigArray('argocd') ?? []) {
    const credentials = readArgoCdCredentials(entry);
    if (credentials) {
      const name = entry.getString('name');
      readers.set(
        name,
        new ArgoCdRevisionReader({
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
    readers.set(
      cluster.name,
      new KubernetesRevisionReader({
        ...cluster,
        timeoutMs: options.timeoutMs,
      }),
    );
  }
  for (const entry of sources?.getOptionalConfigArray('snapshots') ?? []) {
    const name = entry.getString('name');
    readers.set(
      name,
      new SnapshotRevisionReader({
        name,
        paths: entry.getStringArray('paths'),
      }),
    );
  }
  return readers;
}

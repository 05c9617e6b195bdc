import { Config } from '@backstage/config';
import { ArgoCdCredentials } from '../sources/argocd/ArgoCdSessionAuth';
import { ArgoCdRevisionReader } from './ArgoCdRevisionReader';
import { KubernetesRevisionReader } from './KubernetesRevisionReader';
import { RevisionReader } from './RevisionReader';
import { SnapshotRevisionReader } from './SnapshotRevisionReader';

/** The token, or the username and password, of an Argo CD source entry. */
function argoCdCredentials(entry: Config): ArgoCdCredentials | undefined {
  const token = entry.getOptionalString('token');
  if (token) {
    return { token };
  }
  const username = entry.getOptionalString('username');
  const password = entry.getOptionalString('password');
  return username && password ? { username, password } : undefined;
}

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
    const credentials = argoCdCredentials(entry);
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
    const name = entry.getString('name');
    readers.set(
      name,
      new KubernetesRevisionReader({
        name,
        url: entry.getString('url'),
        token: entry.getString('token'),
        caData: entry.getOptionalString('caData'),
        skipTLSVerify: entry.getOptionalBoolean('skipTLSVerify'),
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

import { createHash } from 'node:crypto';
import { ArgoCdApplication } from '../service/sources/types';

/** A 40-hex-digit SHA derived from a seed, stable across runs. */
const sha = (seed: string) => createHash('sha1').update(seed).digest('hex');

type Source = { repoURL?: string; path?: string; targetRevision?: string };

/**
 * The Application with a `status.history` of `count` deployments, a day
 * apart, the last one being the revision it is synced to now, as Argo CD
 * keeps it (oldest first, ids counting up). Multi-source Applications get
 * `revisions` and `sources` per entry, as Argo CD writes them.
 *
 * @public
 */
export function withRevisionHistory(
  app: ArgoCdApplication,
  count = 4,
): ArgoCdApplication {
  const status = (app.status ?? {}) as Record<string, any>;
  const spec = app.spec as { source?: Source; sources?: Source[] };
  const current: string =
    status.sync?.revision ??
    status.sync?.revisions?.[0] ??
    sha(app.metadata.name);
  const last = Date.parse('2026-11-21T10:01:30Z');
  const history = Array.from({ length: count }, (_, i) => {
    const age = count - 1 - i;
    const revision = age === 0 ? current : sha(`${app.metadata.name}@${age}`);
    const deployedAt = new Date(last - age * 86_400_000).toISOString();
    return {
      id: i + 1,
      deployedAt: deployedAt.replace('.000Z', 'Z'),
      deployStartedAt: new Date(Date.parse(deployedAt) - 90_000)
        .toISOString()
        .replace('.000Z', 'Z'),
      ...(spec.sources
        ? {
            revisions: spec.sources.map(() => revision),
            sources: spec.sources,
          }
        : { revision, ...(spec.source && { source: spec.source }) }),
    };
  });
  return {
    ...app,
    status: { ...status, history } as ArgoCdApplication['status'],
  };
}

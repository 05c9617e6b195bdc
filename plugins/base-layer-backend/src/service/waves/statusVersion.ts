import { createHash } from 'node:crypto';
import { WaveStatusDocument } from './WaveStatusDocument';

/** What a status document holds, apart from when it was computed and read. */
export interface StatusVersion {
  /** The same on every replica for documents holding the same status. */
  version: string;
  /** A digest per wave id, to tell which waves a change touched. */
  waves: Map<number, string>;
}

const digest = (text: string) =>
  createHash('sha1').update(text).digest('base64url').slice(0, 16);

const versions = new WeakMap<WaveStatusDocument, StatusVersion>();

/**
 * The version of a document's content. The times a recompute renews
 * (`generatedAt`, `dataAt`, the sources' `checkedAt` and `lastSuccessAt`)
 * are left out, so a refresh that changes nothing keeps the version, and
 * every replica derives the same version from the same shared document.
 * Computed once per document.
 */
export function statusVersion(document: WaveStatusDocument): StatusVersion {
  const known = versions.get(document);
  if (known) {
    return known;
  }
  const waves = new Map(
    document.waves.map(w => [w.id, digest(JSON.stringify(w))]),
  );
  const rest = JSON.stringify({
    unassigned: document.unassigned,
    violations: document.violations,
    sources: document.sources.map(
      ({ checkedAt, lastSuccessAt, ...source }) => source,
    ),
  });
  const version = digest(
    `${[...waves].map(([id, d]) => `${id}:${d}`).join(',')}|${rest}`,
  );
  const result = { version, waves };
  versions.set(document, result);
  return result;
}

/** The ids of the waves that differ between two versions, added and removed ones included. */
export function changedWaves(
  before: StatusVersion | undefined,
  after: StatusVersion,
): number[] {
  const ids = new Set([...(before?.waves.keys() ?? []), ...after.waves.keys()]);
  return [...ids]
    .filter(id => before?.waves.get(id) !== after.waves.get(id))
    .sort((a, b) => a - b);
}

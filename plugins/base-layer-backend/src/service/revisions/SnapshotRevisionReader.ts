import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { parseAllDocuments } from 'yaml';
import { describeIoError } from '../sources/snapshot/snapshotFiles';
import { parseApplicationHistory } from './applicationHistory';
import { HistoryApplication, RevisionReader } from './RevisionReader';

/** The objects of a snapshot file: a List's items, or the documents themselves. */
function objectsOf(text: string): unknown[] {
  return parseAllDocuments(text).flatMap(doc => {
    const value = doc.toJS() as { items?: unknown[] } | null;
    return Array.isArray(value?.items) ? value!.items : [value];
  });
}

/**
 * Reads an Application's history from the snapshot files of one snapshot
 * source, as they are on disk now (`kubectl get applications -A -o yaml`
 * keeps `status.history`).
 */
export class SnapshotRevisionReader implements RevisionReader {
  readonly source: string;

  constructor(
    private readonly options: {
      name: string;
      paths: string[];
      /** Defaults to the process's working directory, as the snapshot source. */
      baseDir?: string;
    },
  ) {
    this.source = options.name;
  }

  async read(app: HistoryApplication) {
    const target = `snapshot '${this.source}'`;
    for (const path of this.options.paths) {
      let text: string;
      try {
        text = await readFile(
          resolve(this.options.baseDir ?? process.cwd(), path),
          'utf8',
        );
      } catch (error) {
        throw new ServiceUnavailableError(
          `${target} could not read ${path}: ${describeIoError(error)}`,
        );
      }
      const found = objectsOf(text).find(object => {
        const metadata = (object as { metadata?: Record<string, unknown> })
          ?.metadata;
        return (
          metadata?.name === app.name &&
          (metadata?.namespace ?? 'default') === app.namespace
        );
      });
      if (found) {
        return parseApplicationHistory(found, target);
      }
    }
    throw new NotFoundError(
      `${target} has no Application ${app.namespace}/${app.name}`,
    );
  }
}

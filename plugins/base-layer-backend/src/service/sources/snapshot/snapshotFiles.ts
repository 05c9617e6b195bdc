import { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';

/** One configured snapshot file. */
export interface SnapshotFile {
  /** As configured; used in problem locations, so no machine path reaches the UI. */
  display: string;
  absolute: string;
}

/** The stamp of a file that cannot be read. */
export const UNREADABLE = 'unreadable';

/**
 * Changes whenever the file does: a rename-over gives a new inode, an in-place
 * write a new mtime (nanosecond resolution on the file systems we run on).
 */
export function stampOf(stats: Stats): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

/** The current stamp of each file, by absolute path. */
export async function currentStamps(
  files: SnapshotFile[],
): Promise<Map<string, string>> {
  const entries = await Promise.all(
    files.map(async f => {
      try {
        return [f.absolute, stampOf(await stat(f.absolute))] as const;
      } catch {
        return [f.absolute, UNREADABLE] as const;
      }
    }),
  );
  return new Map(entries);
}

/** Why a file could not be read, without its absolute path. */
export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'File not found';
    case 'EACCES':
    case 'EPERM':
      return 'Permission denied';
    case 'EISDIR':
      return 'Is a directory, not a file';
    default:
      // The code only: Node's message carries the absolute path.
      return `Cannot read the file (${code ?? 'unknown error'})`;
  }
}

import { FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { currentStamps, describeIoError, SnapshotFile } from './snapshotFiles';

export interface SnapshotFileWatcherOptions {
  /** The source's name, for logs. */
  name: string;
  files: SnapshotFile[];
  logger: LoggerService;
  /** Quiet period after a file event before `onChange` fires. */
  debounceMs: number;
  /** Delay before watching a directory again after it failed. */
  rewatchDelayMs: number;
  /** Called once a burst of events has changed a file's stamp. */
  onChange: () => void;
}

/**
 * Watches the directories of snapshot files rather than the files: editors
 * that save by writing a new file and renaming it over the old one would
 * leave a file watch on the deleted inode. A directory that cannot be watched
 * is tried again every `rewatchDelayMs`; meanwhile reads still see changes,
 * since every read stats the files.
 */
export class SnapshotFileWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly rewatchTimers = new Map<string, NodeJS.Timeout>();
  /** Directories already warned about, so a retry loop does not flood the log. */
  private readonly unwatchableDirs = new Set<string>();
  /** File stamps as of the last time `onChange` was called. */
  private notifiedStamps = new Map<string, string>();
  private debounceTimer: NodeJS.Timeout | undefined;
  private started = false;

  constructor(private readonly options: SnapshotFileWatcherOptions) {}

  async start(): Promise<void> {
    if (this.started) {
      return;
    }
    this.started = true;
    this.notifiedStamps = await currentStamps(this.options.files);
    for (const dir of new Set(
      this.options.files.map(f => dirname(f.absolute)),
    )) {
      this.watchDirectory(dir);
    }
  }

  stop(): void {
    this.started = false;
    for (const watcher of this.watchers.values()) {
      watcher.close();
    }
    this.watchers.clear();
    for (const timer of this.rewatchTimers.values()) {
      clearTimeout(timer);
    }
    this.rewatchTimers.clear();
    clearTimeout(this.debounceTimer);
    this.debounceTimer = undefined;
  }

  private watchDirectory(dir: string): void {
    if (!this.started) {
      return;
    }
    const names = new Set(
      this.options.files
        .filter(f => dirname(f.absolute) === dir)
        .map(f => basename(f.absolute)),
    );
    try {
      const watcher = watch(dir, { persistent: false }, (_event, filename) => {
        // Some platforms omit the name; then any event in the directory counts.
        if (!filename || names.has(filename.toString())) {
          this.scheduleCheck();
        }
      });
      watcher.on('error', error => {
        this.options.logger.warn('Snapshot directory watch failed; retrying', {
          source: this.options.name,
          error: error.message,
        });
        watcher.close();
        this.watchers.delete(dir);
        this.scheduleRewatch(dir);
      });
      this.watchers.set(dir, watcher);
      this.unwatchableDirs.delete(dir);
    } catch (error) {
      if (!this.unwatchableDirs.has(dir)) {
        this.unwatchableDirs.add(dir);
        this.options.logger.warn(
          'Cannot watch snapshot directory; retrying, and changes are picked up on the next read meanwhile',
          { source: this.options.name, error: describeIoError(error) },
        );
      }
      this.scheduleRewatch(dir);
    }
  }

  private scheduleRewatch(dir: string): void {
    if (!this.started || this.rewatchTimers.has(dir)) {
      return;
    }
    const timer = setTimeout(() => {
      this.rewatchTimers.delete(dir);
      this.watchDirectory(dir);
      // The file may have appeared or changed while nothing was watching.
      this.scheduleCheck();
    }, this.options.rewatchDelayMs);
    timer.unref();
    this.rewatchTimers.set(dir, timer);
  }

  /** Editors write a file in several steps; wait until they are done. */
  private scheduleCheck(): void {
    if (!this.started) {
      return;
    }
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = undefined;
      this.checkForChanges().catch(error =>
        this.options.logger.warn('Snapshot change check failed', {
          source: this.options.name,
          error: String(error),
        }),
      );
    }, this.options.debounceMs);
    this.debounceTimer.unref();
  }

  private async checkForChanges(): Promise<void> {
    const stamps = await currentStamps(this.options.files);
    const changed = this.options.files.some(
      f => stamps.get(f.absolute) !== this.notifiedStamps.get(f.absolute),
    );
    this.notifiedStamps = stamps;
    if (!changed || !this.started) {
      return;
    }
    this.options.onChange();
  }
}

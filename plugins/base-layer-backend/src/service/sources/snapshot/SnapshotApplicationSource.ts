import { FSWatcher, Stats, watch } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { BaseLayerConfigError } from '@internal/plugin-base-layer-common';
import type {
  ApplicationSourceReader,
  ArgoCdApplication,
  SourceProblem,
  SourceReadResult,
} from '../types';
import { ParsedSnapshot, parseSnapshot } from './parseSnapshot';

export interface SnapshotApplicationSourceOptions {
  /** The source's name, unique among all sources. */
  name: string;
  /**
   * Snapshot files. Relative paths resolve against `baseDir`; the configured
   * text is what problems show, so no machine path reaches the UI.
   */
  paths: string[];
  logger: LoggerService;
  /** Defaults to the process's working directory. */
  baseDir?: string;
  /** Quiet period after a file event before listeners fire. Default 200 ms. */
  debounceMs?: number;
  /** Delay before watching a directory again after it failed. Default 5 s. */
  rewatchDelayMs?: number;
}

interface SnapshotFile {
  /** As configured; used in problem locations. */
  display: string;
  absolute: string;
}

type LoadedFile =
  | { stamp: string; text: string; parsed: ParsedSnapshot }
  | { stamp: string; unreadable: SourceProblem };

/**
 * Reads Argo CD Applications from files exported with
 * `kubectl get applications -A -o yaml` (or `-o json`).
 *
 * - Each `read()` stats every file and re-parses only those whose inode, size,
 *   or times changed, so a missed file event never serves stale data.
 * - `start()` watches each file's directory rather than the file: editors that
 *   save by writing a new file and renaming it over the old one would leave a
 *   file watch on the deleted inode.
 * - Problems are per file and per object. `read()` throws only when not one
 *   configured file could be read at all (every file missing or unreadable):
 *   that is a source that is down, and the engine shows it as such. A file
 *   that exists but does not parse is a problem, not an outage.
 */
export class SnapshotApplicationSource implements ApplicationSourceReader {
  readonly type = 'snapshot' as const;
  readonly name: string;

  private readonly files: SnapshotFile[];
  private readonly logger: LoggerService;
  private readonly debounceMs: number;
  private readonly rewatchDelayMs: number;
  private readonly cache = new Map<string, LoadedFile>();
  private readonly listeners = new Set<() => void>();
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly rewatchTimers = new Map<string, NodeJS.Timeout>();
  /** Directories already warned about, so a retry loop does not flood the log. */
  private readonly unwatchableDirs = new Set<string>();
  /** File stamps as of the last time listeners were told about them. */
  private notifiedStamps = new Map<string, string>();
  private debounceTimer: NodeJS.Timeout | undefined;
  private started = false;

  /**
   * Creates the source from one entry of `baseLayer.sources.snapshots`:
   * `{ name, paths }`. Relative paths resolve against `baseDir`, by default
   * the backend's working directory (`packages/backend` under `yarn dev`).
   *
   * @throws BaseLayerConfigError naming `<configKey>.paths` when it is empty.
   */
  static fromConfig(
    config: Config,
    deps: { logger: LoggerService; configKey: string; baseDir?: string },
  ): SnapshotApplicationSource {
    const name = config.getString('name');
    const paths = config.getStringArray('paths');
    if (paths.length === 0) {
      throw new BaseLayerConfigError(
        `${deps.configKey}.paths`,
        `snapshot source "${name}" must list at least one snapshot file`,
      );
    }
    return new SnapshotApplicationSource({
      name,
      paths,
      logger: deps.logger,
      baseDir: deps.baseDir,
    });
  }

  constructor(options: SnapshotApplicationSourceOptions) {
    this.name = options.name;
    this.logger = options.logger;
    this.debounceMs = options.debounceMs ?? 200;
    this.rewatchDelayMs = options.rewatchDelayMs ?? 5000;
    const baseDir = options.baseDir ?? process.cwd();
    this.files = options.paths.map(path => ({
      display: path,
      absolute: resolve(baseDir, path),
    }));
  }

  async read(): Promise<SourceReadResult> {
    const loaded = await Promise.all(this.files.map(file => this.load(file)));

    const problems: SourceProblem[] = [];
    const applications: ArgoCdApplication[] = [];
    const seen = new Map<string, string>();
    let readable = 0;
    for (const file of loaded) {
      if ('unreadable' in file) {
        problems.push(file.unreadable);
        continue;
      }
      readable += 1;
      problems.push(...file.parsed.problems);
      for (const { application, location } of file.parsed.entries) {
        const { namespace, name } = application.metadata;
        const key = `${namespace ?? ''}/${name}`;
        const first = seen.get(key);
        if (first) {
          problems.push({
            location,
            message: `Application "${name}"${
              namespace ? ` in namespace ${namespace}` : ''
            } is already defined at ${first}; this copy is ignored`,
          });
          continue;
        }
        seen.set(key, location);
        applications.push(application);
      }
    }

    if (readable === 0 && this.files.length > 0) {
      throw new ServiceUnavailableError(
        `No snapshot file of source "${this.name}" could be read: ${problems
          .map(p => `${p.location}: ${p.message}`)
          .join('; ')}`,
      );
    }
    return { applications, problems };
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  async start(): Promise<void> {
    if (this.started) {
      return;
    }
    this.started = true;
    this.notifiedStamps = await this.currentStamps();
    for (const dir of new Set(this.files.map(f => dirname(f.absolute)))) {
      this.watchDirectory(dir);
    }
  }

  async stop(): Promise<void> {
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

  private async load(file: SnapshotFile): Promise<LoadedFile> {
    let stats: Stats;
    try {
      stats = await stat(file.absolute);
    } catch (error) {
      return this.remember(file, {
        stamp: 'unreadable',
        unreadable: { location: file.display, message: describeIoError(error) },
      });
    }
    const stamp = stampOf(stats);
    const cached = this.cache.get(file.absolute);
    if (cached?.stamp === stamp) {
      return cached;
    }

    let text: string;
    try {
      text = await readFile(file.absolute, 'utf8');
    } catch (error) {
      return this.remember(file, {
        stamp: 'unreadable',
        unreadable: { location: file.display, message: describeIoError(error) },
      });
    }
    if (cached && 'text' in cached && cached.text === text) {
      return this.remember(file, { ...cached, stamp });
    }
    const parsed = parseSnapshot(text, file.display);
    this.logger.info('Snapshot file loaded', {
      source: this.name,
      file: file.display,
      applications: parsed.entries.length,
      problems: parsed.problems.length,
    });
    return this.remember(file, { stamp, text, parsed });
  }

  private remember(file: SnapshotFile, loaded: LoadedFile): LoadedFile {
    const previous = this.cache.get(file.absolute);
    if ('unreadable' in loaded && !(previous && 'unreadable' in previous)) {
      this.logger.warn('Snapshot file could not be read', {
        source: this.name,
        file: file.display,
        error: loaded.unreadable.message,
      });
    }
    this.cache.set(file.absolute, loaded);
    return loaded;
  }

  private watchDirectory(dir: string): void {
    if (!this.started) {
      return;
    }
    const names = new Set(
      this.files
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
        this.logger.warn('Snapshot directory watch failed; retrying', {
          source: this.name,
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
        this.logger.warn(
          'Cannot watch snapshot directory; retrying, and changes are picked up on the next read meanwhile',
          { source: this.name, error: describeIoError(error) },
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
    }, this.rewatchDelayMs);
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
        this.logger.warn('Snapshot change check failed', {
          source: this.name,
          error: String(error),
        }),
      );
    }, this.debounceMs);
    this.debounceTimer.unref();
  }

  private async checkForChanges(): Promise<void> {
    const stamps = await this.currentStamps();
    const changed = this.files.some(
      f => stamps.get(f.absolute) !== this.notifiedStamps.get(f.absolute),
    );
    this.notifiedStamps = stamps;
    if (!changed || !this.started) {
      return;
    }
    this.logger.info('Snapshot changed', { source: this.name });
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        this.logger.warn('Snapshot change listener failed', {
          source: this.name,
          error: String(error),
        });
      }
    }
  }

  private async currentStamps(): Promise<Map<string, string>> {
    const entries = await Promise.all(
      this.files.map(async f => {
        try {
          return [f.absolute, stampOf(await stat(f.absolute))] as const;
        } catch {
          return [f.absolute, 'unreadable'] as const;
        }
      }),
    );
    return new Map(entries);
  }
}

/**
 * Changes whenever the file does: a rename-over gives a new inode, an in-place
 * write a new mtime (nanosecond resolution on the file systems we run on).
 */
function stampOf(stats: Stats): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

function describeIoError(error: unknown): string {
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

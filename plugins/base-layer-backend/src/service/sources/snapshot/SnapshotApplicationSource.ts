import { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
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
import { SnapshotFileWatcher } from './SnapshotFileWatcher';
import {
  describeIoError,
  SnapshotFile,
  stampOf,
  UNREADABLE,
} from './snapshotFiles';

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
  private readonly cache = new Map<string, LoadedFile>();
  private readonly listeners = new Set<() => void>();
  private readonly watcher: SnapshotFileWatcher;

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
    const baseDir = options.baseDir ?? process.cwd();
    this.files = options.paths.map(path => ({
      display: path,
      absolute: resolve(baseDir, path),
    }));
    this.watcher = new SnapshotFileWatcher({
      name: options.name,
      files: this.files,
      logger: options.logger,
      debounceMs: options.debounceMs ?? 200,
      rewatchDelayMs: options.rewatchDelayMs ?? 5000,
      onChange: () => this.notify(),
    });
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

  /** Watches the files' directories; see {@link SnapshotFileWatcher}. */
  async start(): Promise<void> {
    await this.watcher.start();
  }

  async stop(): Promise<void> {
    this.watcher.stop();
  }

  private notify(): void {
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

  private async load(file: SnapshotFile): Promise<LoadedFile> {
    let stats: Stats;
    try {
      stats = await stat(file.absolute);
    } catch (error) {
      return this.remember(file, {
        stamp: UNREADABLE,
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
        stamp: UNREADABLE,
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
}

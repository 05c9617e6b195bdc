/**
 * The contract between the wave engine and the places it reads Argo CD
 * Applications from: Kubernetes clusters, Argo CD's REST API, and snapshot files.
 */

import type { ArgoCdApplication } from './applications';

export type { ArgoCdApplication } from './applications';

/** A problem with part of a source's data that did not stop the rest from loading. */
export interface SourceProblem {
  /** Where: a file path, `file:line:col`, `items[3]`, an object name. */
  location: string;
  message: string;
}

/** What one read of a source returns. */
export interface SourceReadResult {
  applications: ArgoCdApplication[];
  /** Per-object problems; the source still counts as reachable. */
  problems: SourceProblem[];
}

/**
 * One place Applications are read from. `read()` throws when the source as a
 * whole is unreachable (the engine then marks its apps Unknown with the error).
 */
export interface ApplicationSourceReader {
  readonly name: string;
  readonly type: 'kubernetes' | 'argocd' | 'snapshot';
  /** Starts watches or file watchers. Must not throw for an unreachable source. */
  start?(): Promise<void>;
  /** Stops watches and timers. */
  stop?(): Promise<void>;
  /** Returns the current Applications of this source. */
  read(): Promise<SourceReadResult>;
  /**
   * Registers a callback fired when the source knows its data changed (a watch
   * event, a file change), so the engine can refresh without waiting.
   */
  onChange?(listener: () => void): void;
}

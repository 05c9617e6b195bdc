/**
 * The contract between the wave engine and the places it reads Argo CD
 * Applications from: Kubernetes clusters, Argo CD's REST API, and snapshot files.
 */

/** The subset of an `argoproj.io/v1alpha1` Application the engine reads. */
export interface ArgoCdApplication {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
  };
  spec?: {
    project?: string;
    source?: ArgoCdApplicationSourceSpec;
    sources?: ArgoCdApplicationSourceSpec[];
    destination?: { server?: string; name?: string; namespace?: string };
  };
  status?: {
    sync?: { status?: string; revision?: string; revisions?: string[] };
    health?: { status?: string; message?: string };
    operationState?: {
      phase?: string;
      message?: string;
      startedAt?: string;
      finishedAt?: string;
      syncResult?: { revision?: string; revisions?: string[] };
    };
    conditions?: Array<{ type: string; message: string }>;
    reconciledAt?: string;
    history?: Array<{ revision?: string; deployedAt?: string; id?: number }>;
  };
}

export interface ArgoCdApplicationSourceSpec {
  repoURL: string;
  path?: string;
  targetRevision?: string;
  chart?: string;
}

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

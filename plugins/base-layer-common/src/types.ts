/** Shapes of the base-layer backend's HTTP API, shared with the frontend. */

import type { CauseChain } from './causes';
import type { ToolName } from './tools';

/**
 * Argo CD sync status of an Application.
 *
 * @public
 */
export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';

/**
 * Argo CD health of an Application. `Deleting` is the engine's own: the
 * Application has a `metadata.deletionTimestamp` and is being deleted (Argo
 * CD's resources finalizer is removing what it deployed), whatever health
 * Argo CD still reports for it.
 *
 * @public
 */
export type HealthStatus =
  | 'Healthy'
  | 'Progressing'
  | 'Degraded'
  | 'Suspended'
  | 'Missing'
  | 'Deleting'
  | 'Unknown';

/**
 * Phase of the Application's current or last operation.
 *
 * @public
 */
export type OperationPhase =
  | 'Running'
  | 'Terminating'
  | 'Succeeded'
  | 'Failed'
  | 'Error';

/**
 * The state of one wave of the rollout.
 *
 * @public
 */
export type WaveState =
  | 'Healthy'
  | 'Progressing'
  | 'Degraded'
  | 'Blocked'
  | 'Unknown';

/**
 * One source of an Application (Argo CD supports several).
 *
 * @public
 */
export interface ApplicationSource {
  repoURL: string;
  path?: string;
  targetRevision?: string;
  chart?: string;
}

/**
 * Why an application is in no wave (`WavesResponse.unassigned`). `message` is
 * a sentence for people; `kind` is for code:
 *
 * - `no-wave`: neither a `base-layer.io/wave` label nor an
 *   `argocd.argoproj.io/sync-wave` annotation, and no matched catalog entity
 *   with a wave;
 * - `invalid-wave`: the label or annotation is not a wave number (`value` is
 *   what it says, e.g. `'three'`);
 * - `unconfigured-wave`: the label or annotation is a number but not a wave of
 *   the plan: a negative Argo CD sync-wave such as `-1` (waves start at 0; a
 *   non-negative wave missing from `baseLayer.waves` gets its own "Wave N"
 *   group instead).
 *
 * @public
 */
export type UnassignedReason =
  | { kind: 'no-wave'; message: string }
  | { kind: 'invalid-wave'; value: string; message: string }
  | { kind: 'unconfigured-wave'; wave: number; message: string };

/**
 * Status of one Argo CD Application, as the wave engine sees it.
 *
 * @public
 */
export interface ApplicationStatus {
  /** Name of the source (cluster, Argo CD instance or snapshot) it was read from. */
  source: string;
  name: string;
  namespace: string;
  project: string;
  /** The wave it belongs to; `null` when it is in none (see `unassignedReason`). */
  wave: number | null;
  /** Why it is in no wave: set on every application whose `wave` is `null`. */
  unassignedReason?: UnassignedReason;
  sync: SyncStatus;
  /** Argo CD's health, or `Deleting` while the Application is being deleted. */
  health: HealthStatus;
  /**
   * True while the Application is being deleted: it has a
   * `metadata.deletionTimestamp` and Argo CD's resources finalizer is removing
   * what it deployed. Its health is then `Deleting` and its wave Progressing.
   */
  deleting?: boolean;
  operationPhase?: OperationPhase;
  /** When the current or last operation started. */
  operationStartedAt?: string;
  revision?: string;
  /** One revision per source, for multi-source applications. */
  revisions?: string[];
  lastSyncedAt?: string;
  /** Health or operation message reported by Argo CD, when there is one. */
  message?: string;
  sources: ApplicationSource[];
  destination: { server?: string; name?: string; namespace?: string };
  conditions: Array<{ type: string; message: string }>;
  /** Ref of the catalog entity the application belongs to, when one matches. */
  entityRef?: string;
  /** Why the status is Unknown when its source could not be read. */
  error?: string;
  /** The last status read before the source became unreachable. */
  lastKnown?: { sync: SyncStatus; health: HealthStatus };
  /**
   * Set when it is not Healthy: what it waits on through its entity's
   * `dependsOn`, one chain per root cause.
   */
  waitsOn?: CauseChain[];
}

/**
 * Health of one configured source.
 *
 * @public
 */
export interface SourceStatus {
  name: string;
  type: 'kubernetes' | 'argocd' | 'snapshot';
  ok: boolean;
  error?: string;
  /** When the data of this source was last read successfully. */
  lastSuccessAt?: string;
  /**
   * When this source was last read, successfully or not: the time of the
   * data served for it. The source is stale once this is older than the
   * stale threshold, on every replica.
   */
  checkedAt?: string;
  stale: boolean;
  /** Age in seconds of the data served for this source. */
  ageSeconds?: number;
  /** Problems with part of the source's data (a bad file, a non-Application object). */
  problems?: Array<{ location: string; message: string }>;
}

/**
 * One wave and where it stands.
 *
 * @public
 */
export interface WaveStatus {
  id: number;
  name: string;
  state: WaveState;
  /**
   * Why the wave is Unknown, Degraded or Blocked, or Progressing because
   * applications are being deleted (`Deleting: a, b`).
   */
  reason?: string;
  /** The earlier wave that blocks this one. */
  blockedBy?: number;
  /**
   * Set when it is Blocked: what its applications wait on through their
   * entities' `dependsOn`, one chain per root cause. It refines `reason`.
   */
  waitsOn?: CauseChain[];
  total: number;
  counts: {
    sync: Partial<Record<SyncStatus, number>>;
    health: Partial<Record<HealthStatus, number>>;
  };
  applications: ApplicationStatus[];
}

/**
 * Response of `GET /waves`.
 *
 * @public
 */
export interface WavesResponse {
  /** When the status was computed. A recomputation renews it; it says nothing about the data's age. */
  generatedAt: string;
  /**
   * When the oldest source data the status is built from was read (the
   * oldest `checkedAt` of its sources). `ageSeconds` counts from here.
   */
  dataAt?: string;
  /** True when a source failed or the data is older than the stale threshold. */
  stale: boolean;
  /** Age in seconds of the oldest data served. */
  ageSeconds: number;
  sources: SourceStatus[];
  waves: WaveStatus[];
  violations: DependencyViolation[];
  /**
   * Applications in no wave (no valid label, annotation or matched entity
   * with a wave), each with its `unassignedReason`.
   */
  unassigned?: ApplicationStatus[];
}

/**
 * An entity that depends on something in a later wave.
 *
 * @public
 */
export interface DependencyViolation {
  entityRef: string;
  entityWave: number;
  dependsOnRef: string;
  dependsOnWave: number;
}

/**
 * Health of one external tool (MLflow, Airflow, Grafana, Argo CD).
 *
 * @public
 */
export interface ToolHealth {
  tool: ToolName;
  environment: string;
  status: 'up' | 'down' | 'not-configured';
  message?: string;
  checkedAt?: string;
}

/**
 * A link from a module to one of its tools in one environment.
 *
 * @public
 */
export interface ModuleLink {
  tool: ToolName;
  environment: string;
  title: string;
  /** Always an http(s) URL. */
  url: string;
}

/**
 * Response of `GET /entities/:kind/:namespace/:name/status`.
 *
 * @public
 */
export interface EntityStatusResponse {
  entityRef: string;
  wave: number | null;
  waveName?: string;
  cluster?: string;
  namespace?: string;
  /**
   * Environments whose tools are linked and probed (`dev`, `staging`,
   * `prod`), from `base-layer.io/environments`; every environment under
   * `baseLayer.tools` when the entity names none.
   */
  environments: string[];
  /** Kustomize overlays the module ships (`aws`, `dev`, `prod`), from `base-layer.io/overlays`. */
  overlays: string[];
  applications: ApplicationStatus[];
  /** Links to the tools of {@link EntityStatusResponse.environments}. */
  links: ModuleLink[];
  /** Health of each tool of {@link EntityStatusResponse.environments}; `not-configured` when `baseLayer.tools` has no URL for it. */
  tools: ToolHealth[];
  stale: boolean;
  ageSeconds: number;
}

/**
 * One recorded wave state transition.
 *
 * @public
 */
export interface WaveTransition {
  waveId: number;
  from: WaveState | null;
  to: WaveState;
  reason?: string;
  at: string;
}

/**
 * Response of `GET /history`.
 *
 * @public
 */
export interface HistoryResponse {
  items: WaveTransition[];
}

/**
 * Sync status and health of an application at one point of its history.
 * A deleting application has health `Deleting`.
 *
 * @public
 */
export interface ApplicationState {
  sync: SyncStatus;
  health: HealthStatus;
}

/**
 * One recorded change of an application's sync status or health.
 *
 * @public
 */
export interface ApplicationTransition {
  source: string;
  namespace: string;
  name: string;
  entityRef?: string;
  wave: number | null;
  /** The state before; null when the application was new. */
  from: ApplicationState | null;
  to: ApplicationState;
  /**
   * Set when the record is a sync or refresh a user started through the
   * portal (its state then is the application's when it was asked for),
   * rather than an observed change.
   */
  requested?: { action: 'sync' | 'refresh'; by: string; force?: boolean };
  at: string;
}

/**
 * Response of `GET /entities/:kind/:namespace/:name/history`: the
 * transitions of the entity's applications, newest first.
 *
 * @public
 */
export interface ApplicationHistoryResponse {
  items: ApplicationTransition[];
}

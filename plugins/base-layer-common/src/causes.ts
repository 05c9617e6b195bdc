import type { HealthStatus, OperationPhase, SyncStatus } from './types';

/**
 * What a cause chain shows of an application's live state.
 *
 * @public
 */
export interface CauseEvidence {
  sync: SyncStatus;
  health: HealthStatus;
  /** The first condition's type, e.g. `SyncError`. */
  conditionType?: string;
  /** The first condition's message, else Argo CD's health or operation message. */
  message?: string;
  operationPhase?: OperationPhase;
  /** When the current or last operation started. */
  operationStartedAt?: string;
  /** Why the state is Unknown: the error of its unreachable source. */
  sourceError?: string;
}

/**
 * One link of a cause chain, naming the catalog entity depended on:
 *
 * - `application`: one of the entity's applications, not Healthy, with its
 *   evidence;
 * - `not-deployed`: the entity has no application in any source;
 * - `missing-entity`: the catalog has no entity with this ref;
 * - `cycle`: the entity is part of a `dependsOn` cycle (`cycle` lists it,
 *   in order, back to the entity);
 * - `entity`: an entity that deploys no application itself (a Resource)
 *   that waits on its own dependencies.
 *
 * @public
 */
export type CauseLink =
  | {
      kind: 'application';
      entityRef: string;
      source: string;
      name: string;
      evidence: CauseEvidence;
    }
  | { kind: 'not-deployed'; entityRef: string }
  | { kind: 'missing-entity'; entityRef: string }
  | { kind: 'cycle'; entityRef: string; cycle: string[] }
  | { kind: 'entity'; entityRef: string };

/**
 * Why an application or a wave is waiting: its links from the dependency it
 * waits on directly to the root cause, which is the last link.
 *
 * @public
 */
export interface CauseChain {
  links: CauseLink[];
}

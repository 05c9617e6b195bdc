/**
 * Requests and responses of the base-layer backend's rollout actions
 * (refresh, sync, wave sync), shared with the frontend so both validate a
 * revision the same way.
 */
import { z } from 'zod';
import type { WaveState } from './types';

const COMMIT_SHA = /^[0-9a-f]{7,40}$/i;

const hasControlCharacter = (value: string) =>
  [...value].some(c => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/**
 * Why `value` is not a tag or branch name, by the rules of
 * `git check-ref-format`, or undefined when it is one.
 */
function refNameProblem(value: string): string | undefined {
  if (value.startsWith('-')) {
    return "must not start with '-'";
  }
  if (/[\s~^:?*[\\]/.test(value) || hasControlCharacter(value)) {
    return 'must not contain spaces, control characters or any of ~ ^ : ? * [ \\';
  }
  if (value.includes('..')) {
    return "must not contain '..'";
  }
  if (value.includes('@{') || value === '@') {
    return "must not contain '@{' or be '@'";
  }
  if (value.startsWith('/') || value.endsWith('/') || value.includes('//')) {
    return "must not start or end with '/' or contain '//'";
  }
  if (value.endsWith('.')) {
    return "must not end with '.'";
  }
  for (const part of value.split('/')) {
    if (part.startsWith('.') || part.endsWith('.lock')) {
      return "must not have a part starting with '.' or ending with '.lock'";
    }
  }
  return undefined;
}

/**
 * A revision to sync to: a commit SHA (7 to 40 hex characters), a tag or a
 * branch name, checked with the rules of `git check-ref-format`.
 *
 * @public
 */
export const gitRevisionSchema = z
  .string({ error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(250, 'must be at most 250 characters')
  .superRefine((value, ctx) => {
    if (COMMIT_SHA.test(value)) {
      return;
    }
    const problem = refNameProblem(value);
    if (problem) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a commit SHA (7 to 40 hex characters), a tag or a branch name: ${problem}`,
      });
    }
  });

/**
 * Body of `POST /entities/:kind/:namespace/:name/refresh`: empty, or `{}`.
 *
 * @public
 */
export const applicationRefreshRequestSchema = z.strictObject({});

/**
 * Body of `POST /entities/:kind/:namespace/:name/refresh`.
 *
 * @public
 */
export type ApplicationRefreshRequest = z.infer<
  typeof applicationRefreshRequestSchema
>;

/**
 * Body of `POST /entities/:kind/:namespace/:name/sync`. Unknown fields are
 * refused.
 *
 * @public
 */
export const applicationSyncRequestSchema = z.strictObject({
  /** Revision to sync to; default: the Application's target revision. */
  revision: gitRevisionSchema.optional(),
  /** Delete resources that are no longer in Git. Default false. */
  prune: z.boolean({ error: 'must be a boolean' }).optional(),
  /**
   * Sync even while an earlier wave is not Synced and Healthy. Needs the
   * `base-layer.wave.force` permission. It is not Argo CD's `--force`
   * (replace resources), which the portal never sends.
   */
  force: z.boolean({ error: 'must be a boolean' }).optional(),
});

/**
 * Body of `POST /entities/:kind/:namespace/:name/sync`.
 *
 * @public
 */
export type ApplicationSyncRequest = z.infer<
  typeof applicationSyncRequestSchema
>;

/**
 * Body of `POST /waves/:id/sync`. Unknown fields are refused.
 *
 * @public
 */
export const waveSyncRequestSchema = z.strictObject({
  // Spelled out rather than `.omit()`: a mapped type's key order is not
  // stable between compilations, and the API report must be.
  prune: applicationSyncRequestSchema.shape.prune,
  force: applicationSyncRequestSchema.shape.force,
});

/**
 * Body of `POST /waves/:id/sync`.
 *
 * @public
 */
export type WaveSyncRequest = z.infer<typeof waveSyncRequestSchema>;

/**
 * A rollout action.
 *
 * @public
 */
export type RolloutAction = 'refresh' | 'sync';

/**
 * What happened to one application of an action.
 *
 * @public
 */
export interface ApplicationActionResult {
  /** The Argo CD Application's name. */
  name: string;
  /** The Application's namespace (`argocd` for most). */
  namespace: string;
  /** The configured source (Argo CD instance or cluster) that was called. */
  source: string;
  /** The catalog entity the application belongs to. */
  entityRef?: string;
  /** The application's wave, `null` when it has none. */
  wave: number | null;
  /** Whether the upstream accepted the refresh or sync. */
  result: 'ok' | 'failed';
  /** The HTTP status Argo CD or the Kubernetes API answered, when it answered. */
  upstreamStatus?: number;
  /** Why it failed: the upstream's message, or the timeout. */
  message?: string;
}

/**
 * Response of the rollout action routes when every application was acted on.
 *
 * @public
 */
export interface ActionResponse {
  /** What was done. */
  action: RolloutAction;
  /** The entity or the wave acted on. */
  target: { entityRef: string } | { waveId: number };
  /** Whether the wave gate was overridden. */
  force: boolean;
  /** One entry per application acted on. */
  results: ApplicationActionResult[];
}

/**
 * A wave that keeps a later wave from being synced.
 *
 * @public
 */
export interface WaveGateCause {
  /** The wave's id. */
  id: number;
  /** The wave's name. */
  name: string;
  /** The wave's state: anything but Healthy. */
  state: WaveState;
  /** Why, as the wave status says it, or the apps not Synced and Healthy. */
  reason?: string;
}

/**
 * Why a sync was refused by the wave gate (409): `blockingWave` is the first
 * earlier wave that is not Healthy, `causes` the chain of waves blocking it,
 * from `blockingWave` on.
 *
 * @public
 */
export interface WaveGate {
  /** The wave that was to be synced. */
  wave: number;
  /** The first earlier wave that is not Healthy. */
  blockingWave: WaveGateCause;
  /** `blockingWave`, then the waves it is blocked by, in order. */
  causes: WaveGateCause[];
}

/**
 * Fields the `error` of a refused or failed rollout action carries besides
 * `name` and `message` (Backstage's error response body):
 *
 * - 403: `denied`, the entity refs the user may not act on;
 * - 409 of the wave gate: `gate`;
 * - 502: `results`, one entry per application, failed ones with the
 *   upstream's status and message.
 *
 * @public
 */
export interface ActionErrorDetails {
  /** 403: the entity refs (or `application <source>/<name>`) refused. */
  denied?: string[];
  /** 409 of the wave gate: what blocks the sync. */
  gate?: WaveGate;
  /** 502: every application's result. */
  results?: ApplicationActionResult[];
}

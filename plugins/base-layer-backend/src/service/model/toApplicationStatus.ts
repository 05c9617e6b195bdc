import {
  ANNOTATION_WAVE,
  ApplicationStatus,
  ARGOCD_SYNC_WAVE_ANNOTATION,
  HealthStatus,
  OperationPhase,
  SyncStatus,
  UnassignedReason,
} from '@internal/plugin-base-layer-common';
import { ArgoCdApplication } from '../sources/types';

const SYNC: SyncStatus[] = ['Synced', 'OutOfSync', 'Unknown'];
const HEALTH: HealthStatus[] = [
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
];
const PHASES: OperationPhase[] = [
  'Running',
  'Terminating',
  'Succeeded',
  'Failed',
  'Error',
];

function oneOf<T extends string>(allowed: T[], value: unknown): T | undefined {
  return allowed.includes(value as T) ? (value as T) : undefined;
}

/** Parses a wave number; Argo CD allows negative sync-waves, our plan does not. */
export function parseWave(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) {
    return null;
  }
  return Number(value.trim());
}

/** Where an Application may declare its wave, in the order they are read. */
const WAVE_KEYS = [
  {
    what: `${ANNOTATION_WAVE} label`,
    read: (app: ArgoCdApplication) => app.metadata.labels?.[ANNOTATION_WAVE],
  },
  {
    what: `${ARGOCD_SYNC_WAVE_ANNOTATION} annotation`,
    read: (app: ArgoCdApplication) =>
      app.metadata.annotations?.[ARGOCD_SYNC_WAVE_ANNOTATION],
  },
];

/**
 * Why an Application that declares no wave is in none: no entity matched, or
 * the one that did (`entityRef`) has no wave either.
 */
export function noWaveMessage(entityRef?: string): string {
  const declared = `No ${ANNOTATION_WAVE} label or ${ARGOCD_SYNC_WAVE_ANNOTATION} annotation`;
  return entityRef
    ? `${declared}, and its entity ${entityRef} has no wave`
    : `${declared}, and no matched catalog entity with a wave`;
}

/**
 * The wave an Application declares itself: the `base-layer.io/wave` label,
 * else Argo CD's sync-wave annotation. Without a valid one the wave is `null`
 * (left to the matched entity), with the reason: the first value that is not
 * a wave number (`invalid-wave`) or is a negative sync-wave
 * (`unconfigured-wave`), else `no-wave`.
 */
export function readApplicationWave(
  app: ArgoCdApplication,
): { wave: number } | { wave: null; reason: UnassignedReason } {
  let reason: UnassignedReason | undefined;
  for (const key of WAVE_KEYS) {
    const value = key.read(app);
    const wave = parseWave(value);
    if (wave !== null) {
      return { wave };
    }
    if (value === undefined || reason) {
      continue;
    }
    reason = /^\s*-\d+\s*$/.test(value)
      ? {
          kind: 'unconfigured-wave',
          wave: Number(value.trim()),
          message: `${key.what} '${value}' is not a wave of the rollout plan: waves start at 0`,
        }
      : {
          kind: 'invalid-wave',
          value,
          message: `${key.what} '${value}' is not a wave number`,
        };
  }
  return {
    wave: null,
    reason: reason ?? { kind: 'no-wave', message: noWaveMessage() },
  };
}

/**
 * Maps a raw Application to what the API serves. An Application with a
 * `metadata.deletionTimestamp` is being deleted: `deleting`, health
 * `Deleting`, whatever health Argo CD still reports.
 */
export function toApplicationStatus(
  app: ArgoCdApplication,
  source: string,
): ApplicationStatus {
  const { metadata, spec, status } = app;
  const operation = status?.operationState;
  const revisions =
    status?.sync?.revisions ?? operation?.syncResult?.revisions ?? undefined;
  const revision =
    status?.sync?.revision ?? operation?.syncResult?.revision ?? revisions?.[0];
  const lastSyncedAt =
    operation?.finishedAt ??
    status?.history?.[status.history.length - 1]?.deployedAt;
  const message = status?.health?.message ?? operation?.message;
  const sources = spec?.sources ?? (spec?.source ? [spec.source] : []);
  const declared = readApplicationWave(app);
  const deleting = metadata.deletionTimestamp !== undefined;
  return {
    source,
    name: metadata.name,
    namespace: metadata.namespace ?? '',
    project: spec?.project ?? 'default',
    wave: declared.wave,
    ...(declared.wave === null && { unassignedReason: declared.reason }),
    sync: oneOf(SYNC, status?.sync?.status) ?? 'Unknown',
    health: deleting
      ? 'Deleting'
      : oneOf(HEALTH, status?.health?.status) ?? 'Unknown',
    ...(deleting && { deleting: true }),
    ...(oneOf(PHASES, operation?.phase) && {
      operationPhase: oneOf(PHASES, operation?.phase),
    }),
    ...(operation?.startedAt && { operationStartedAt: operation.startedAt }),
    ...(revision && { revision }),
    ...(revisions && revisions.length > 1 && { revisions }),
    ...(lastSyncedAt && { lastSyncedAt }),
    ...(message && { message }),
    sources: sources.map(s => ({
      repoURL: s.repoURL,
      ...(s.path !== undefined && { path: s.path }),
      ...(s.targetRevision !== undefined && {
        targetRevision: s.targetRevision,
      }),
      ...(s.chart !== undefined && { chart: s.chart }),
    })),
    destination: { ...spec?.destination },
    conditions: (status?.conditions ?? []).map(c => ({
      type: c.type,
      message: c.message,
    })),
  };
}

import {
  ANNOTATION_WAVE,
  ApplicationStatus,
  ARGOCD_SYNC_WAVE_ANNOTATION,
  HealthStatus,
  OperationPhase,
  SyncStatus,
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

/**
 * The wave an Application declares itself: the `base-layer.io/wave` label,
 * else Argo CD's sync-wave annotation. `null` leaves it to the matched entity.
 */
export function readApplicationWave(app: ArgoCdApplication): number | null {
  return (
    parseWave(app.metadata.labels?.[ANNOTATION_WAVE]) ??
    parseWave(app.metadata.annotations?.[ARGOCD_SYNC_WAVE_ANNOTATION])
  );
}

/** Maps a raw Application to what the API serves. */
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
  return {
    source,
    name: metadata.name,
    namespace: metadata.namespace ?? '',
    project: spec?.project ?? 'default',
    wave: readApplicationWave(app),
    sync: oneOf(SYNC, status?.sync?.status) ?? 'Unknown',
    health: oneOf(HEALTH, status?.health?.status) ?? 'Unknown',
    ...(oneOf(PHASES, operation?.phase) && {
      operationPhase: oneOf(PHASES, operation?.phase),
    }),
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

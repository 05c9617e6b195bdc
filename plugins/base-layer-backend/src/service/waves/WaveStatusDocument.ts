import {
  ApplicationStatus,
  SourceStatus,
  WavesResponse,
  WaveStatus,
} from '@internal/plugin-base-layer-common';

/**
 * The computed wave status, shared through the cache by every replica. (Not
 * to be confused with the snapshot source, which reads Applications from
 * `kubectl get -o yaml` files.)
 */
export interface WaveStatusDocument {
  /** When it was computed. A recomputation renews it; the data may be older. */
  generatedAt: string;
  /**
   * When the oldest source data it is built from was read: the oldest
   * `checkedAt` of its sources. Absent in documents of earlier versions.
   */
  dataAt?: string;
  sources: DocumentSource[];
  waves: WaveStatus[];
  unassigned: ApplicationStatus[];
  violations: WavesResponse['violations'];
}

/** One source's status as a document holds it; staleness is added when served. */
export type DocumentSource = Omit<SourceStatus, 'stale' | 'ageSeconds'>;

export const iso = (ms: number) => new Date(ms).toISOString();

/** When the data a document holds for a source was read. */
export function sourceCheckedAt(
  source: DocumentSource,
  document: WaveStatusDocument,
): number {
  const at =
    source.checkedAt ??
    (source.ok ? source.lastSuccessAt : undefined) ??
    document.generatedAt;
  return Date.parse(at);
}

/** When the oldest data of a document was read. */
export function documentDataAt(document: WaveStatusDocument): number {
  return Date.parse(document.dataAt ?? document.generatedAt);
}

/** Staleness and age of a document's data, as served. */
export function freshness(
  document: WaveStatusDocument,
  now: number,
  staleAfterMs: number,
): { stale: boolean; ageSeconds: number } {
  const ageMs = now - documentDataAt(document);
  return {
    stale: ageMs > staleAfterMs || document.sources.some(s => !s.ok),
    ageSeconds: Math.max(0, Math.round(ageMs / 1000)),
  };
}

/** The `GET /waves` answer for a document, with ages counted to `now`. */
export function toWavesResponse(
  document: WaveStatusDocument,
  now: number,
  staleAfterMs: number,
): WavesResponse {
  const { stale, ageSeconds } = freshness(document, now, staleAfterMs);
  return {
    generatedAt: document.generatedAt,
    dataAt: iso(documentDataAt(document)),
    stale,
    ageSeconds,
    sources: document.sources.map(s => {
      const age = s.lastSuccessAt
        ? Math.max(0, Math.round((now - Date.parse(s.lastSuccessAt)) / 1000))
        : undefined;
      return {
        ...s,
        stale: !s.ok || now - sourceCheckedAt(s, document) > staleAfterMs,
        ...(age !== undefined && { ageSeconds: age }),
      };
    }),
    waves: document.waves,
    violations: document.violations,
    unassigned: document.unassigned,
  };
}

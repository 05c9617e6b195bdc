import {
  ApplicationStatus,
  WaveDefinition,
} from '@internal/plugin-base-layer-common';
import { CatalogEntityIndex } from '../catalog/CatalogEntityIndex';
import { toApplicationStatus } from '../model/toApplicationStatus';
import { ApplicationSourceReader, SourceReadResult } from '../sources/types';
import { computeWaves, findDependencyViolations } from './computeWaves';
import {
  DocumentSource,
  iso,
  sourceCheckedAt,
  WaveStatusDocument,
} from './WaveStatusDocument';

/** This replica's own last read of a source; `at` is when the read started. */
export type SourceResult =
  | { ok: true; result: SourceReadResult; at: number }
  | { ok: false; error: string; at: number; lastSuccessAt?: number };

export interface ComposeStatusInput {
  sources: Array<Pick<ApplicationSourceReader, 'name' | 'type'>>;
  /** This replica's own reads, by source name. */
  results: Map<string, SourceResult>;
  /** The shared document, when there is one. */
  previous?: WaveStatusDocument;
  entities: CatalogEntityIndex;
  waves: WaveDefinition[];
  now: number;
}

/** One source's part of a document: its applications and its status. */
interface SourcePart {
  applications: ApplicationStatus[];
  status: DocumentSource;
  /** Whether it comes from this replica's own read. */
  own: boolean;
}

/**
 * Composes a document: per source, this replica's own read when it is at
 * least as new as the previous document's data for it, else the previous
 * document's data as it was. `ownSources` counts the sources taken from
 * this replica's reads.
 */
export function composeStatus(input: ComposeStatusInput): {
  document: WaveStatusDocument;
  ownSources: number;
} {
  const { previous, entities } = input;
  const previousApps = previous
    ? [...previous.waves.flatMap(w => w.applications), ...previous.unassigned]
    : [];
  const parts = input.sources.map(source =>
    composeSource(
      source,
      input.results.get(source.name),
      previous,
      previousApps.filter(a => a.source === source.name),
      entities,
    ),
  );
  const applications = parts.flatMap(p => p.applications);
  const sourceStatuses = parts.map(p => p.status);
  const { waves, unassigned } = computeWaves(
    input.waves,
    applications,
    sourceStatuses.map(s => ({ ...s, stale: !s.ok })),
    ref => entities.dependencyNode(ref),
  );
  const checked = sourceStatuses
    .filter(s => s.checkedAt)
    .map(s => Date.parse(s.checkedAt!));
  return {
    document: {
      generatedAt: iso(input.now),
      dataAt: iso(checked.length > 0 ? Math.min(...checked) : input.now),
      sources: sourceStatuses,
      waves,
      unassigned,
      violations: findDependencyViolations(
        entities.list(),
        entityWaves(applications),
      ),
    },
    ownSources: parts.filter(p => p.own).length,
  };
}

function composeSource(
  source: Pick<ApplicationSourceReader, 'name' | 'type'>,
  own: SourceResult | undefined,
  previous: WaveStatusDocument | undefined,
  previousApps: ApplicationStatus[],
  entities: CatalogEntityIndex,
): SourcePart {
  const before = previous?.sources.find(s => s.name === source.name);
  const beforeAt =
    before && previous ? sourceCheckedAt(before, previous) : -Infinity;
  if (before && (!own || own.at < beforeAt)) {
    return {
      applications: previousApps,
      status: { ...before, checkedAt: iso(beforeAt) },
      own: false,
    };
  }
  if (own?.ok) {
    return fromOwnRead(source, own, entities);
  }
  return markUnreachable(source, own, before, previousApps);
}

/** A source this replica read successfully, its applications matched to entities. */
function fromOwnRead(
  source: Pick<ApplicationSourceReader, 'name' | 'type'>,
  own: Extract<SourceResult, { ok: true }>,
  entities: CatalogEntityIndex,
): SourcePart {
  const applications = own.result.applications.map(app => {
    const status = toApplicationStatus(app, source.name);
    const entity = entities.match(app, source.name);
    if (entity) {
      status.entityRef = entity.ref;
      status.wave ??= entity.wave;
    }
    return status;
  });
  return {
    applications,
    status: {
      name: source.name,
      type: source.type,
      ok: true,
      lastSuccessAt: iso(own.at),
      checkedAt: iso(own.at),
      ...(own.result.problems.length > 0 && {
        problems: own.result.problems,
      }),
    },
    own: true,
  };
}

/** A failed (or never read) source: its last known applications, Unknown with the error. */
function markUnreachable(
  source: Pick<ApplicationSourceReader, 'name' | 'type'>,
  own: Extract<SourceResult, { ok: false }> | undefined,
  before: DocumentSource | undefined,
  previousApps: ApplicationStatus[],
): SourcePart {
  const error = own?.error ?? 'Not read yet';
  const lastSuccessAt = Math.max(
    own?.lastSuccessAt ?? -Infinity,
    before?.lastSuccessAt ? Date.parse(before.lastSuccessAt) : -Infinity,
  );
  return {
    applications: previousApps.map(app => ({
      ...app,
      sync: 'Unknown',
      health: 'Unknown',
      error,
      lastKnown: app.lastKnown ?? { sync: app.sync, health: app.health },
    })),
    status: {
      name: source.name,
      type: source.type,
      ok: false,
      error,
      ...(Number.isFinite(lastSuccessAt) && {
        lastSuccessAt: iso(lastSuccessAt),
      }),
      ...(own && { checkedAt: iso(own.at) }),
    },
    own: own !== undefined,
  };
}

/** The wave of each entity's first application that has one. */
function entityWaves(applications: ApplicationStatus[]): Map<string, number> {
  const waves = new Map<string, number>();
  for (const app of applications) {
    if (app.entityRef && app.wave !== null && !waves.has(app.entityRef)) {
      waves.set(app.entityRef, app.wave);
    }
  }
  return waves;
}

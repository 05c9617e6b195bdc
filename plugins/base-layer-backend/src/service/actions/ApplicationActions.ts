import { ApplicationStatus } from '@internal/plugin-base-layer-common';

/** The application acted on, as the wave status knows it. */
export type ActionApplication = Pick<
  ApplicationStatus,
  'name' | 'namespace' | 'source' | 'sources'
>;

/** What a sync asks for. */
export interface SyncOptions {
  /** Commit SHA, tag or branch; default: the Application's target revision. */
  revision?: string;
  prune?: boolean;
  /** Who asked, recorded in the operation: the user's entity ref. */
  initiatedBy: string;
}

/**
 * Acts on the Applications of one configured source. Each call is one
 * request upstream; a failure throws an {@link UpstreamCallError} with the
 * upstream's status and message.
 */
export interface ApplicationActions {
  readonly source: string;
  /** Returns the HTTP status the upstream answered. */
  refresh(app: ActionApplication): Promise<number>;
  /** Returns the HTTP status the upstream answered. */
  sync(app: ActionApplication, options: SyncOptions): Promise<number>;
}

/**
 * The 1-based positions of an application's Git sources (those without a
 * Helm `chart`), which a revision applies to when it has several sources;
 * undefined for a single-source application.
 */
export function gitSourcePositions(
  app: ActionApplication,
): number[] | undefined {
  if (app.sources.length < 2) {
    return undefined;
  }
  return app.sources.flatMap((s, i) => (s.chart ? [] : [i + 1]));
}

/** Operation info recorded with a sync, so Argo CD shows who asked for it. */
export function operationInfo(initiatedBy: string) {
  return [{ name: 'Requested by', value: `${initiatedBy} (Backstage)` }];
}

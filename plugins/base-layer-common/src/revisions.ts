/** Shapes of the base-layer backend's revision history route, shared with the frontend. */

/**
 * One deployment in an Argo CD Application's history (`status.history`).
 *
 * @public
 */
export interface DeployedRevision {
  /** Argo CD's id of the history entry. */
  id: number;
  /** The revision deployed; the first source's for a multi-source Application. */
  revision: string;
  /** One revision per source, for multi-source Applications. */
  revisions?: string[];
  /** When the deployment finished. */
  deployedAt: string;
  /** The source deployed, when Argo CD recorded it. */
  source?: { repoURL?: string; path?: string; targetRevision?: string };
}

/**
 * The deployment history of one Argo CD Application, read live from its
 * source.
 *
 * @public
 */
export interface ApplicationRevisions {
  name: string;
  /** Name of the source (Argo CD instance, cluster or snapshot) it was read from. */
  source: string;
  /** The revision deployed now (`status.sync.revision`), when known. */
  current?: string;
  /** Newest first. */
  history: DeployedRevision[];
}

/**
 * `GET /entities/:kind/:namespace/:name/revisions`.
 *
 * @public
 */
export interface RevisionsResponse {
  applications: ApplicationRevisions[];
}

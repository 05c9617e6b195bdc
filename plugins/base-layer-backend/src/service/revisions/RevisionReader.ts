import { ApplicationHistory } from './applicationHistory';

/** The Application a revision history is read for, as the wave status knows it. */
export interface HistoryApplication {
  name: string;
  namespace: string;
}

/**
 * Reads one Application of one configured source, live, with its full
 * `status.history`: one request upstream per call.
 */
export interface RevisionReader {
  readonly source: string;
  read(app: HistoryApplication): Promise<ApplicationHistory>;
}

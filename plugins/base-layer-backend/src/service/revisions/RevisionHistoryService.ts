import { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import {
  ApplicationStatus,
  RevisionsResponse,
} from '@internal/plugin-base-layer-common';
import { WaveStatusDocument } from '../waves/WaveStatusDocument';
import { toApplicationRevisions } from './applicationHistory';
import { createRevisionReaders } from './createRevisionReaders';
import { RevisionReader } from './RevisionReader';

/** What the service needs of the wave status: which applications an entity has. */
export interface EntityApplicationsReader {
  getStatus(): Promise<WaveStatusDocument>;
}

/**
 * The Argo CD deployment history of an entity's applications, read live
 * from each application's source on every call: the engine keeps no
 * `status.history`, which would cost memory on every application for a view
 * that is rarely open.
 */
export class RevisionHistoryService {
  /**
   * Reads through the sources configured under `baseLayer.sources`, each
   * call limited to `timeoutMs` (`baseLayer.requestTimeout`).
   */
  static fromConfig(
    config: Config,
    deps: { waves: EntityApplicationsReader; timeoutMs: number },
  ): RevisionHistoryService {
    return new RevisionHistoryService({
      waves: deps.waves,
      readers: createRevisionReaders(config, { timeoutMs: deps.timeoutMs }),
    });
  }

  constructor(
    private readonly deps: {
      waves: EntityApplicationsReader;
      readers: Map<string, RevisionReader>;
    },
  ) {}

  /**
   * @throws NotFoundError when the entity has no application in the wave
   * status, or an application is gone from its source; an upstream failure
   * as mapped by `toUpstreamError`
   */
  async getRevisions(entityRef: string): Promise<RevisionsResponse> {
    const status = await this.deps.waves.getStatus();
    const ref = entityRef.toLocaleLowerCase('en-US');
    const apps: ApplicationStatus[] = [
      ...status.waves.flatMap(w => w.applications),
      ...status.unassigned,
    ].filter(a => a.entityRef?.toLocaleLowerCase('en-US') === ref);
    if (apps.length === 0) {
      throw new NotFoundError(
        `Entity ${entityRef} has no Argo CD applications in the BASE layer status`,
      );
    }
    const applications = await Promise.all(
      apps.map(async app => {
        const reader = this.deps.readers.get(app.source);
        if (!reader) {
          throw new NotFoundError(
            `Application ${app.name} comes from '${app.source}', which is not a configured source`,
          );
        }
        const live = await reader.read({
          name: app.name,
          namespace: app.namespace,
        });
        return toApplicationRevisions(live, app.source);
      }),
    );
    return { applications };
  }
}

import { createApiRef } from '@backstage/core-plugin-api';
import {
  ActionResponse,
  ApplicationHistoryResponse,
  ApplicationSyncRequest,
  EntityStatusResponse,
  HistoryResponse,
  RevisionsResponse,
  WavesResponse,
  WaveStatus,
  WaveSyncRequest,
} from '@internal/plugin-base-layer-common';
import { CompoundEntityRef } from '@backstage/catalog-model';

/**
 * Filters of {@link BaseLayerApi.getHistory}.
 *
 * @public
 */
export interface HistoryQuery {
  /** Only this wave's transitions. */
  wave?: number;
  /** At most this many (the backend's default is 100, its maximum 1000). */
  limit?: number;
}

/**
 * Reads wave and module status from the base-layer backend, and acts on the
 * rollout. A refused action throws a `ResponseError` with the backend's
 * status and message, and its details (`ActionErrorDetails`) in
 * `body.error`.
 *
 * @public
 */
export interface BaseLayerApi {
  getWaves(): Promise<WavesResponse>;
  getWave(id: number): Promise<WaveStatus>;
  getEntityStatus(entity: CompoundEntityRef): Promise<EntityStatusResponse>;
  /** Recorded wave state transitions, newest first. */
  getHistory(query?: HistoryQuery): Promise<HistoryResponse>;
  /** Recorded sync and health transitions of the entity's applications, newest first. */
  getEntityHistory(
    entity: CompoundEntityRef,
  ): Promise<ApplicationHistoryResponse>;
  /** The Argo CD deployment history of the entity's applications, read live. */
  getRevisions(entity: CompoundEntityRef): Promise<RevisionsResponse>;
  /** Asks Argo CD to refresh the entity's applications (compare with Git again). */
  refresh(entity: CompoundEntityRef): Promise<ActionResponse>;
  /** Syncs the entity's applications. */
  sync(
    entity: CompoundEntityRef,
    request?: ApplicationSyncRequest,
  ): Promise<ActionResponse>;
  /** Syncs every application of the wave that is not Synced and Healthy. */
  syncWave(id: number, request?: WaveSyncRequest): Promise<ActionResponse>;
}

/**
 * Ref of the {@link BaseLayerApi}, which the plugin provides with
 * {@link BaseLayerClient}.
 *
 * @public
 */
export const baseLayerApiRef = createApiRef<BaseLayerApi>({
  id: 'plugin.base-layer.service',
});

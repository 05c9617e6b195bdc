import { createApiRef } from '@backstage/core-plugin-api';
import {
  EntityStatusResponse,
  HistoryResponse,
  RevisionsResponse,
  WavesResponse,
  WaveStatus,
} from '@internal/plugin-base-layer-common';
import { CompoundEntityRef } from '@backstage/catalog-model';

/**
 * Reads wave and module status from the base-layer backend.
 *
 * @public
 */
export interface BaseLayerApi {
  getWaves(): Promise<WavesResponse>;
  getWave(id: number): Promise<WaveStatus>;
  getEntityStatus(entity: CompoundEntityRef): Promise<EntityStatusResponse>;
  getHistory(): Promise<HistoryResponse>;
  /** The Argo CD deployment history of the entity's applications, read live. */
  getRevisions(entity: CompoundEntityRef): Promise<RevisionsResponse>;
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

import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Allows reading wave, application and tool status from the base-layer backend.
 *
 * @public
 */
export const baseLayerStatusReadPermission = createPermission({
  name: 'base-layer.status.read',
  attributes: { action: 'read' },
});

/**
 * Allows asking Argo CD to refresh (re-read from Git and compare) the
 * applications of a catalog entity. A resource permission on the entity, so a
 * policy can grant it for the entities a user's groups own.
 *
 * @public
 */
export const baseLayerApplicationRefreshPermission = createPermission({
  name: 'base-layer.application.refresh',
  attributes: {},
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Allows syncing the applications of a catalog entity. A resource permission
 * on the entity.
 *
 * @public
 */
export const baseLayerApplicationSyncPermission = createPermission({
  name: 'base-layer.application.sync',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Allows syncing a whole wave. The backend authorizes it once per catalog
 * entity the wave's applications belong to, and refuses the whole wave when
 * any of them is denied. Applications no entity claims need an unconditional
 * grant.
 *
 * @public
 */
export const baseLayerWaveSyncPermission = createPermission({
  name: 'base-layer.wave.sync',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Allows `force: true` on a sync: syncing a wave, or an application of it,
 * while an earlier wave is not Synced and Healthy.
 *
 * @public
 */
export const baseLayerWaveForcePermission = createPermission({
  name: 'base-layer.wave.force',
  attributes: { action: 'update' },
});

/**
 * All permissions of the base-layer plugins.
 *
 * @public
 */
export const baseLayerPermissions = [
  baseLayerStatusReadPermission,
  baseLayerApplicationRefreshPermission,
  baseLayerApplicationSyncPermission,
  baseLayerWaveSyncPermission,
  baseLayerWaveForcePermission,
];

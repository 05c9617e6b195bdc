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
 * All permissions of the base-layer plugins.
 *
 * @public
 */
export const baseLayerPermissions = [baseLayerStatusReadPermission];

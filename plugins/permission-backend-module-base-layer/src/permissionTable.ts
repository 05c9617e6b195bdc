import { BackstageUserInfo } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
  catalogIngestionManagePermission,
  catalogIngestionReadPermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
  RESOURCE_TYPE_CATALOG_ENTITY,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  baseLayerApplicationRefreshPermission,
  baseLayerApplicationSyncPermission,
  baseLayerStatusReadPermission,
  baseLayerWaveForcePermission,
  baseLayerWaveSyncPermission,
} from '@internal/plugin-base-layer-common';
import { Role } from './roles';

/**
 * Who a row of the permission table grants to: a non-admin role, or every
 * signed-in user whatever its roles. Admins are allowed everything and need
 * no column.
 *
 * @public
 */
export type Audience = Exclude<Role, 'admin'> | 'signed-in';

/**
 * What a row grants an audience: `'allow'`, or a decision made for the user
 * (typically a conditional decision, such as "entities the user owns").
 *
 * @public
 */
export type Grant =
  | 'allow'
  | ((permission: Permission, user: BackstageUserInfo) => PolicyDecision);

/**
 * One row of the permission table: a permission and what each audience gets.
 * An audience without a grant is denied, even for a read.
 *
 * @public
 */
export interface PermissionRow {
  permission: Permission;
  grants: Partial<Record<Audience, Grant>>;
}

/** Catalog entities owned by the user or one of its groups. */
const ownedEntities: Grant = (permission, user) =>
  isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)
    ? createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({
          claims: user.ownershipEntityRefs,
        }),
      )
    : { result: AuthorizeResult.DENY };

const everyone = { 'signed-in': 'allow' } as const;
const developers = { developer: 'allow' } as const;
const adminsOnly = {} as const;

/**
 * The portal's permissions and who holds them besides admins; the README's
 * table mirrors it. A permission not listed here is allowed to every
 * signed-in user when it is a read, and to admins only otherwise.
 *
 * New permissions of the BASE layer plugins become rows here.
 *
 * @public
 */
export const basePermissionTable: readonly PermissionRow[] = [
  // Reading the catalog and the BASE layer rollout.
  { permission: catalogEntityReadPermission, grants: everyone },
  { permission: catalogLocationReadPermission, grants: everyone },
  { permission: catalogIngestionReadPermission, grants: everyone },
  { permission: baseLayerStatusReadPermission, grants: everyone },
  // Templates: everyone sees them and the tasks run from them; developers run them.
  { permission: templateParameterReadPermission, grants: everyone },
  { permission: templateStepReadPermission, grants: everyone },
  { permission: taskReadPermission, grants: everyone },
  { permission: taskCreatePermission, grants: developers },
  { permission: taskCancelPermission, grants: developers },
  { permission: actionExecutePermission, grants: developers },
  { permission: templateDryRunPermission, grants: developers },
  { permission: templateManagementPermission, grants: developers },
  // Registering and refreshing catalog entities.
  { permission: catalogLocationAnalyzePermission, grants: developers },
  { permission: catalogEntityValidatePermission, grants: developers },
  { permission: catalogLocationCreatePermission, grants: developers },
  { permission: catalogEntityCreatePermission, grants: developers },
  { permission: catalogEntityRefreshPermission, grants: developers },
  // Deleting an entity only lasts while nothing ingests it again, so in
  // practice it removes orphans: a developer may clean up its own teams'.
  // Unregistering a location removes everything it brought in: admins only.
  {
    permission: catalogEntityDeletePermission,
    grants: { developer: ownedEntities },
  },
  { permission: catalogLocationDeletePermission, grants: adminsOnly },
  { permission: catalogIngestionManagePermission, grants: adminsOnly },
  // Acting on the rollout. Refreshing only makes Argo CD compare again, so
  // data scientists may refresh anything; syncing changes the cluster, so a
  // developer syncs what its teams own, and only admins sync past the wave
  // gate.
  {
    permission: baseLayerApplicationRefreshPermission,
    grants: { developer: ownedEntities, 'data-scientist': 'allow' },
  },
  {
    permission: baseLayerApplicationSyncPermission,
    grants: { developer: ownedEntities },
  },
  {
    permission: baseLayerWaveSyncPermission,
    grants: { developer: ownedEntities },
  },
  { permission: baseLayerWaveForcePermission, grants: adminsOnly },
];

/**
 * The portal's permission policy: the platform's roles (admin, developer,
 * data-scientist) mapped from catalog groups in `baseLayer.roles`.
 *
 * @packageDocumentation
 */
export { permissionModuleBaseLayerPolicy as default } from './module';
export { BaseLayerPermissionPolicy } from './BaseLayerPermissionPolicy';
export {
  basePermissionTable,
  type Audience,
  type Grant,
  type PermissionRow,
} from './permissionTable';
export { ROLES, type Role, type RoleMapping } from './roles';

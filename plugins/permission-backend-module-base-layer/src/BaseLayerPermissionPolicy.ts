import { UserInfoService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  Audience,
  basePermissionTable,
  PermissionRow,
} from './permissionTable';
import { readRoleMapping, Role, RoleMapping, ROLES, rolesOf } from './roles';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/** The most permissive of the decisions a user gets through its audiences. */
function mostPermissive(decisions: PolicyDecision[]): PolicyDecision {
  if (decisions.some(d => d.result === AuthorizeResult.ALLOW)) {
    return ALLOW;
  }
  const [first, ...others] = decisions.filter(
    (d): d is ConditionalPolicyDecision =>
      d.result === AuthorizeResult.CONDITIONAL,
  );
  if (!first) {
    return DENY;
  }
  if (others.length === 0) {
    return first;
  }
  // Same permission, so the same plugin and resource type: either condition set suffices.
  return {
    ...first,
    conditions: {
      anyOf: [first.conditions, ...others.map(d => d.conditions)],
    },
  };
}

/**
 * The portal's permission policy: the platform's roles, mapped from catalog
 * groups in `baseLayer.roles`, decide through a table of permissions.
 *
 * - No signed-in user (no user principal): deny.
 * - Admin: allow everything.
 * - A permission in the table: the most permissive grant of the user's
 *   audiences (`signed-in` plus its roles); none means deny.
 * - A permission not in the table: allow reads (`attributes.action === 'read'`),
 *   deny anything else.
 *
 * Service principals (backend-to-backend calls) never reach a policy: the
 * permissions service decides them from their access restrictions.
 *
 * @public
 */
export class BaseLayerPermissionPolicy implements PermissionPolicy {
  readonly #roles: RoleMapping;
  readonly #rows: ReadonlyMap<string, PermissionRow>;
  readonly #userInfo: UserInfoService;

  static fromConfig(
    config: Config,
    options: { userInfo: UserInfoService; table?: readonly PermissionRow[] },
  ): BaseLayerPermissionPolicy {
    return new BaseLayerPermissionPolicy({
      roles: readRoleMapping(config),
      userInfo: options.userInfo,
      table: options.table ?? basePermissionTable,
    });
  }

  constructor(options: {
    roles: RoleMapping;
    userInfo: UserInfoService;
    table: readonly PermissionRow[];
  }) {
    this.#roles = options.roles;
    // The user's ownership refs come from the user info service rather than
    // the query's `user.info`, which permission-node deprecates.
    this.#userInfo = options.userInfo;
    const rows = new Map<string, PermissionRow>();
    for (const row of options.table) {
      if (rows.has(row.permission.name)) {
        throw new InputError(
          `The permission table lists '${row.permission.name}' twice`,
        );
      }
      rows.set(row.permission.name, row);
    }
    this.#rows = rows;
  }

  /** The groups and users holding each role, for operators' logs. */
  roleHolders(): Record<Role, string[]> {
    return Object.fromEntries(
      ROLES.map(role => [role, [...this.#roles[role]]]),
    ) as Record<Role, string[]>;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return DENY;
    }
    const info = await this.#userInfo.getUserInfo(user.credentials);
    const roles = rolesOf(this.#roles, info.ownershipEntityRefs);
    if (roles.has('admin')) {
      return ALLOW;
    }
    const { permission } = request;
    const row = this.#rows.get(permission.name);
    if (!row) {
      return permission.attributes.action === 'read' ? ALLOW : DENY;
    }
    const audiences: Audience[] = ['signed-in'];
    for (const role of roles) {
      if (role !== 'admin') {
        audiences.push(role);
      }
    }
    return mostPermissive(
      audiences.flatMap(audience => {
        const grant = row.grants[audience];
        if (!grant) {
          return [];
        }
        return [grant === 'allow' ? ALLOW : grant(permission, info)];
      }),
    );
  }
}

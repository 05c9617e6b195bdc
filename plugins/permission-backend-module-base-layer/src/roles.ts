import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * The platform's roles, in the order they are documented.
 *
 * @public
 */
export const ROLES = ['admin', 'developer', 'data-scientist'] as const;

/**
 * One of the platform's {@link ROLES}.
 *
 * @public
 */
export type Role = (typeof ROLES)[number];

const CONFIG_KEY = 'baseLayer.roles';

/**
 * An ownership reference a role is given to: a group (its members hold the
 * role) or a single user, written as a full entity ref. Refs are compared
 * case-insensitively, as the catalog does.
 */
const holderRefSchema = z.string().transform((value, ctx) => {
  try {
    const ref = parseEntityRef(value);
    const kind = ref.kind.toLocaleLowerCase('en-US');
    if (kind !== 'group' && kind !== 'user') {
      ctx.addIssue({
        code: 'custom',
        message: `'${value}' is a ${ref.kind}; a role is given to a group or a user, for example 'group:default/admin'`,
      });
      return z.NEVER;
    }
    return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `'${value}' is not an entity ref; write it as 'group:default/admin' or 'user:default/jane'`,
    });
    return z.NEVER;
  }
});

// Strict: a misspelt role would silently give nobody anything.
const roleConfigSchema = z.strictObject({
  admin: z.array(holderRefSchema).optional(),
  developer: z.array(holderRefSchema).optional(),
  'data-scientist': z.array(holderRefSchema).optional(),
} satisfies Record<Role, z.ZodType>);

/**
 * Which ownership refs hold each role, as read from `baseLayer.roles`.
 *
 * @public
 */
export type RoleMapping = Readonly<Record<Role, ReadonlySet<string>>>;

/**
 * Reads `baseLayer.roles` (role name to the groups or users holding it).
 * Missing roles are held by nobody.
 *
 * @throws InputError naming the config key when an entry is not a group or
 *   user entity ref, or a role is unknown.
 */
export function readRoleMapping(config: Config): RoleMapping {
  const parsed = roleConfigSchema.safeParse(
    config.getOptional(CONFIG_KEY) ?? {},
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.path.reduce<string>(
      (path, part) =>
        typeof part === 'number'
          ? `${path}[${part}]`
          : `${path}.${String(part)}`,
      CONFIG_KEY,
    );
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown role ${issue.keys
            .map(k => `'${k}'`)
            .join(', ')}; the roles are ${ROLES.join(', ')}`
        : issue.message;
    throw new InputError(`Invalid config at ${key}: ${message}`);
  }
  return Object.fromEntries(
    ROLES.map(role => [role, new Set(parsed.data[role] ?? [])]),
  ) as Record<Role, Set<string>>;
}

/**
 * The roles held through any of the given ownership refs (a user's own ref
 * and the refs of its groups).
 */
export function rolesOf(
  mapping: RoleMapping,
  ownershipEntityRefs: readonly string[],
): Set<Role> {
  const refs = ownershipEntityRefs.map(ref => ref.toLocaleLowerCase('en-US'));
  return new Set(
    ROLES.filter(role => refs.some(ref => mapping[role].has(ref))),
  );
}

import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogPermissions } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  createPermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { scaffolderPermissions } from '@backstage/plugin-scaffolder-common/alpha';
import { baseLayerPermissions } from '@internal/plugin-base-layer-common';
import { BaseLayerPermissionPolicy } from './BaseLayerPermissionPolicy';
import { basePermissionTable, PermissionRow } from './permissionTable';

/** Each test user's ownership refs: itself and its groups. */
const users = {
  admin: ['user:default/ada', 'group:default/admin'],
  developer: ['user:default/dev', 'group:default/developer'],
  'data-scientist': ['user:default/sci', 'group:default/data-scientist'],
  'developer + data-scientist': [
    'user:default/duo',
    'group:default/developer',
    'group:default/data-scientist',
  ],
  'no role': ['user:default/nora', 'group:default/guests'],
  // Holds the admin role through its own ref, not a group.
  'admin by user ref': ['user:default/root'],
} as const;
type TestUser = keyof typeof users;

const config = new ConfigReader({
  baseLayer: {
    roles: {
      admin: ['group:default/admin', 'user:default/root'],
      developer: ['group:default/developer'],
      'data-scientist': ['group:default/data-scientist'],
    },
  },
});

const userInfo = mockServices.userInfo.mock({
  async getUserInfo(credentials) {
    const ref = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    const refs = Object.values(users).find(r => r[0] === ref);
    return { userEntityRef: ref, ownershipEntityRefs: [...(refs ?? [ref])] };
  },
});

function createPolicy(table?: readonly PermissionRow[]) {
  return BaseLayerPermissionPolicy.fromConfig(config, { userInfo, table });
}

function decide(
  policy: BaseLayerPermissionPolicy,
  permission: Permission,
  user: TestUser,
): Promise<PolicyDecision> {
  const credentials = mockCredentials.user(users[user][0]);
  return policy.handle(
    { permission },
    {
      credentials,
      // Deprecated and not read by the policy: it asks the user info service.
      info: { userEntityRef: users[user][0], ownershipEntityRefs: [] },
    },
  );
}

const byName = new Map<string, Permission>(
  [
    ...catalogPermissions,
    ...scaffolderPermissions,
    ...baseLayerPermissions,
  ].map(p => [p.name, p]),
);
const unknownPermissions = [
  // Kubernetes' proxy forwards writes too: not a read.
  createPermission({ name: 'kubernetes.proxy', attributes: {} }),
  createPermission({
    name: 'kubernetes.resources.read',
    attributes: { action: 'read' },
  }),
  createPermission({
    name: 'some-plugin.thing.update',
    attributes: { action: 'update' },
  }),
  createPermission({
    name: 'some-plugin.thing.read',
    attributes: { action: 'read' },
    resourceType: 'some-thing',
  }),
];
for (const permission of unknownPermissions) {
  byName.set(permission.name, permission);
}

const Y = 'allow';
const N = 'deny';
const C = 'conditional';
type Expected = typeof Y | typeof N | typeof C;
const results: Record<AuthorizeResult, Expected> = {
  [AuthorizeResult.ALLOW]: Y,
  [AuthorizeResult.DENY]: N,
  [AuthorizeResult.CONDITIONAL]: C,
};

// prettier-ignore
const matrix: Array<[string, Expected, Expected, Expected, Expected, Expected]> = [
  // permission                        admin developer data-sci dev+ds no role
  ['catalog.entity.read',                Y,    Y,       Y,      Y,    Y],
  ['catalog.location.read',              Y,    Y,       Y,      Y,    Y],
  ['catalog.ingestion.read',             Y,    Y,       Y,      Y,    Y],
  ['base-layer.status.read',             Y,    Y,       Y,      Y,    Y],
  ['scaffolder.template.parameter.read', Y,    Y,       Y,      Y,    Y],
  ['scaffolder.template.step.read',      Y,    Y,       Y,      Y,    Y],
  ['scaffolder.task.read',               Y,    Y,       Y,      Y,    Y],
  ['scaffolder.task.create',             Y,    Y,       N,      Y,    N],
  ['scaffolder.task.cancel',             Y,    Y,       N,      Y,    N],
  ['scaffolder.action.execute',          Y,    Y,       N,      Y,    N],
  ['scaffolder.template.dry-run',        Y,    Y,       N,      Y,    N],
  ['scaffolder.template.management',     Y,    Y,       N,      Y,    N],
  ['catalog.location.analyze',           Y,    Y,       N,      Y,    N],
  ['catalog.entity.validate',            Y,    Y,       N,      Y,    N],
  ['catalog.location.create',            Y,    Y,       N,      Y,    N],
  ['catalog.entity.create',              Y,    Y,       N,      Y,    N],
  ['catalog.entity.refresh',             Y,    Y,       N,      Y,    N],
  ['catalog.entity.delete',              Y,    C,       N,      C,    N],
  ['catalog.location.delete',            Y,    N,       N,      N,    N],
  ['catalog.ingestion.manage',           Y,    N,       N,      N,    N],
  ['base-layer.application.refresh',     Y,    C,       Y,      Y,    N],
  ['base-layer.application.sync',        Y,    C,       N,      C,    N],
  ['base-layer.wave.sync',               Y,    C,       N,      C,    N],
  ['base-layer.wave.force',              Y,    N,       N,      N,    N],
  // not in the table: reads allowed, anything else admin only
  ['kubernetes.proxy',                   Y,    N,       N,      N,    N],
  ['kubernetes.resources.read',          Y,    Y,       Y,      Y,    Y],
  ['some-plugin.thing.update',           Y,    N,       N,      N,    N],
  ['some-plugin.thing.read',             Y,    Y,       Y,      Y,    Y],
];
const columns: TestUser[] = [
  'admin',
  'developer',
  'data-scientist',
  'developer + data-scientist',
  'no role',
];

describe('BaseLayerPermissionPolicy', () => {
  const policy = createPolicy();

  it('has a row in the matrix for every catalog, scaffolder and BASE layer permission', () => {
    expect(matrix.map(([name]) => name).sort()).toEqual(
      [...byName.keys()].sort(),
    );
  });

  it('lists every catalog, scaffolder and BASE layer permission in its table', () => {
    const listed = new Set(basePermissionTable.map(r => r.permission.name));
    const known = [
      ...catalogPermissions,
      ...scaffolderPermissions,
      ...baseLayerPermissions,
    ];
    expect(known.filter(p => !listed.has(p.name)).map(p => p.name)).toEqual([]);
  });

  it.each(
    matrix.flatMap(([name, ...expected]) =>
      columns.map((user, i) => [name, user, expected[i]] as const),
    ),
  )('%s for %s: %s', async (name, user, expected) => {
    const decision = await decide(policy, byName.get(name)!, user);
    expect(results[decision.result]).toBe(expected);
  });

  it.each(matrix.map(([name]) => name))(
    'allows %s to a user holding admin through its own ref',
    async name => {
      const decision = await decide(
        policy,
        byName.get(name)!,
        'admin by user ref',
      );
      expect(decision.result).toBe(AuthorizeResult.ALLOW);
    },
  );

  it("lets developers delete only their groups' catalog entities", async () => {
    const decision = await decide(
      policy,
      byName.get('catalog.entity.delete')!,
      'developer',
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: [...users.developer] },
      },
    });
  });

  it.each([
    'base-layer.application.refresh',
    'base-layer.application.sync',
    'base-layer.wave.sync',
  ])(
    "lets developers act with %s only on their groups' entities",
    async name => {
      expect(await decide(policy, byName.get(name)!, 'developer')).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: [...users.developer] },
        },
      });
    },
  );

  it('denies everything, reads included, without a signed-in user', async () => {
    for (const name of ['catalog.entity.read', 'some-plugin.thing.read']) {
      await expect(
        policy.handle({ permission: byName.get(name)! }),
      ).resolves.toEqual({ result: AuthorizeResult.DENY });
    }
  });

  describe('with rows for permissions to come', () => {
    const applicationSync = createPermission({
      name: 'base-layer.application.rollback',
      attributes: { action: 'update' },
      resourceType: 'base-layer-application',
    });
    const waveSync = createPermission({
      name: 'base-layer.wave.pause',
      attributes: { action: 'update' },
    });
    const ownApplications =
      (roleGroup: string) => (): ConditionalPolicyDecision => ({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'base-layer',
        resourceType: 'base-layer-application',
        conditions: {
          rule: 'IS_IN_PROJECT',
          resourceType: 'base-layer-application',
          params: { group: roleGroup },
        },
      });
    const extended = createPolicy([
      ...basePermissionTable,
      {
        permission: applicationSync,
        grants: {
          developer: ownApplications('developer'),
          'data-scientist': ownApplications('data-scientist'),
        },
      },
      { permission: waveSync, grants: {} },
    ]);

    it('decides them by their rows', async () => {
      expect((await decide(extended, waveSync, 'developer')).result).toBe(
        AuthorizeResult.DENY,
      );
      expect((await decide(extended, waveSync, 'admin')).result).toBe(
        AuthorizeResult.ALLOW,
      );
      expect((await decide(extended, applicationSync, 'no role')).result).toBe(
        AuthorizeResult.DENY,
      );
    });

    it('joins the conditions of a user holding two roles with anyOf', async () => {
      expect(
        await decide(extended, applicationSync, 'developer + data-scientist'),
      ).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'base-layer',
        resourceType: 'base-layer-application',
        conditions: {
          anyOf: [
            ownApplications('developer')().conditions,
            ownApplications('data-scientist')().conditions,
          ],
        },
      });
    });
  });

  it('refuses a table listing a permission twice', () => {
    const row = basePermissionTable[0];
    expect(() => createPolicy([row, row])).toThrow(
      "The permission table lists 'catalog.entity.read' twice",
    );
  });
});

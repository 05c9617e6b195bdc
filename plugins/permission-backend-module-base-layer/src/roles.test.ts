import { ConfigReader } from '@backstage/config';
import { readRoleMapping, rolesOf } from './roles';

const read = (roles: unknown) =>
  readRoleMapping(new ConfigReader({ baseLayer: { roles } } as any));

describe('readRoleMapping', () => {
  it('reads the holders of each role as normalized entity refs', () => {
    const mapping = read({
      admin: ['group:default/admin', 'User:Default/Guest'],
      developer: ['group:platform/developer'],
    });
    expect([...mapping.admin]).toEqual([
      'group:default/admin',
      'user:default/guest',
    ]);
    expect([...mapping.developer]).toEqual(['group:platform/developer']);
    expect([...mapping['data-scientist']]).toEqual([]);
  });

  it('gives no role to anybody without config', () => {
    const mapping = readRoleMapping(new ConfigReader({}));
    expect(mapping.admin.size + mapping.developer.size).toBe(0);
  });

  it.each([
    [
      { developer: ['group:default/developer', 'developers'] },
      /^Invalid config at baseLayer\.roles\.developer\[1\]: 'developers' is not an entity ref/,
    ],
    [
      { admin: ['component:default/admin'] },
      /^Invalid config at baseLayer\.roles\.admin\[0\]: 'component:default\/admin' is a component; a role is given to a group or a user/,
    ],
    [
      { datascientist: ['group:default/data-scientist'] },
      /^Invalid config at baseLayer\.roles: unknown role 'datascientist'; the roles are admin, developer, data-scientist/,
    ],
    [
      { admin: 'group:default/admin' },
      /^Invalid config at baseLayer\.roles\.admin: .*expected array/,
    ],
  ])('refuses %j naming the key', (roles, message) => {
    expect(() => read(roles)).toThrow(message);
  });
});

describe('rolesOf', () => {
  const mapping = read({
    admin: ['group:default/admin'],
    developer: ['group:default/developer', 'user:default/jane'],
    'data-scientist': ['group:default/data-scientist'],
  });

  it('finds roles through the user itself and its groups, case-insensitively', () => {
    expect(rolesOf(mapping, ['user:default/jane'])).toEqual(
      new Set(['developer']),
    );
    expect(
      rolesOf(mapping, [
        'user:default/sam',
        'group:default/Data-Scientist',
        'group:default/developer',
      ]),
    ).toEqual(new Set(['developer', 'data-scientist']));
    expect(
      rolesOf(mapping, ['user:default/nobody', 'group:default/guests']),
    ).toEqual(new Set());
  });
});

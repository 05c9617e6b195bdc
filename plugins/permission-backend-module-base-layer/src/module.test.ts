import path from 'node:path';
import {
  AuthService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { BaseLayerPermissionPolicy } from './BaseLayerPermissionPolicy';
import { permissionModuleBaseLayerPolicy } from './module';

/** The test users, each with its ownership refs: itself and its groups. */
const users = {
  admin: ['user:default/ada', 'group:default/admin'],
  developer: ['user:default/dev', 'group:default/developer'],
  dataScientist: ['user:default/sci', 'group:default/data-scientist'],
  noRole: ['user:default/nora', 'group:default/guests'],
};
type TestUser = keyof typeof users;
const as = (user: TestUser) => mockCredentials.user.header(users[user][0]);

// The permission backend and the policy learn a user's groups from the user
// info service, as they would from a sign-in token's `ent` claim.
const userInfo = mockServices.userInfo.mock({
  async getUserInfo(credentials) {
    const ref = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    const refs = Object.values(users).find(r => r[0] === ref) ?? [ref];
    return { userEntityRef: ref, ownershipEntityRefs: refs };
  },
});

/**
 * The mock auth service, except that a token made on behalf of a user names
 * the plugin acting for it, as the real auth service's tokens do. The
 * permission backend refuses resource permissions without a resourceRef from
 * a user acting directly, and the mock leaves the actor out.
 */
const actorAwareAuth = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    const getPluginRequestToken: AuthService['getPluginRequestToken'] =
      async options => {
        if (!auth.isPrincipal(options.onBehalfOf, 'user')) {
          return auth.getPluginRequestToken(options);
        }
        const { userEntityRef } = options.onBehalfOf.principal;
        return {
          token: mockCredentials.user.token(userEntityRef, {
            actor: { subject: `plugin:${plugin.getId()}` },
          }),
        };
      };
    return Object.assign(auth, { getPluginRequestToken });
  },
});

const policyHandle = jest.spyOn(BaseLayerPermissionPolicy.prototype, 'handle');

jest.setTimeout(60_000);

describe('the base-layer policy in a backend with the catalog and the scaffolder', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  const entityUid = async (name: string) => {
    const res = await request(server)
      .get(`/api/catalog/entities/by-name/component/default/${name}`)
      .set('Authorization', as('noRole'));
    expect(res.status).toBe(200);
    return res.body.metadata.uid as string;
  };

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModuleBaseLayerPolicy,
        catalogPlugin,
        catalogModuleTemplateKind,
        scaffolderPlugin,
        userInfo.factory,
        actorAwareAuth,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            baseLayer: {
              roles: {
                admin: ['group:default/admin'],
                developer: ['group:default/developer'],
                'data-scientist': ['group:default/data-scientist'],
              },
            },
            catalog: {
              rules: [{ allow: ['Template', 'Component', 'Location'] }],
              locations: [
                {
                  type: 'file',
                  target: path.resolve(__dirname, '__fixtures__/catalog.yaml'),
                },
              ],
            },
          },
        }),
      ],
    }));
    // Wait for the catalog to ingest the fixture.
    for (let attempt = 0; ; attempt++) {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/template/default/hello')
        .set('Authorization', as('admin'));
      if (res.status === 200) {
        break;
      }
      if (attempt > 200) {
        throw new Error(`The catalog never served the template: ${res.status}`);
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  });

  describe('POST /api/scaffolder/v2/tasks', () => {
    const runTemplate = (user: TestUser) =>
      request(server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', as(user))
        .send({ templateRef: 'template:default/hello', values: {} });

    it('accepts a developer and runs the template', async () => {
      const res = await runTemplate('developer');
      expect(res.status).toBe(201);
      expect(res.body.id).toEqual(expect.any(String));

      let status = 'open';
      for (let attempt = 0; attempt < 100; attempt++) {
        const task = await request(server)
          .get(`/api/scaffolder/v2/tasks/${res.body.id}`)
          .set('Authorization', as('developer'));
        status = task.body.status;
        if (status === 'completed' || status === 'failed') {
          break;
        }
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      expect(status).toBe('completed');
    });

    it.each<TestUser>(['dataScientist', 'noRole'])(
      'refuses %s with 403',
      async user => {
        const res = await runTemplate(user);
        expect(res.status).toBe(403);
        expect(res.body.error.name).toBe('NotAllowedError');
      },
    );
  });

  describe('registering and unregistering', () => {
    const target = 'http://127.0.0.1:7299/catalog-info.yaml';

    it('lets a developer register a location, and only an admin unregister it', async () => {
      const refused = await request(server)
        .post('/api/catalog/locations')
        .set('Authorization', as('dataScientist'))
        .send({ type: 'url', target });
      expect(refused.status).toBe(403);

      const created = await request(server)
        .post('/api/catalog/locations')
        .set('Authorization', as('developer'))
        .send({ type: 'url', target });
      expect(created.status).toBe(201);
      const id = created.body.location.id;

      for (const user of ['dataScientist', 'developer'] as const) {
        const res = await request(server)
          .delete(`/api/catalog/locations/${id}`)
          .set('Authorization', as(user));
        expect(res.status).toBe(403);
      }
      const removed = await request(server)
        .delete(`/api/catalog/locations/${id}`)
        .set('Authorization', as('admin'));
      expect(removed.status).toBe(204);
    });

    it('refuses a data-scientist deleting an entity, even one its group owns', async () => {
      const uid = await entityUid('data-scientists-model');
      const res = await request(server)
        .delete(`/api/catalog/entities/by-uid/${uid}`)
        .set('Authorization', as('dataScientist'));
      expect(res.status).toBe(403);
      await entityUid('data-scientists-model');
    });

    it("lets a developer delete its group's entities and no others", async () => {
      const others = await entityUid('data-scientists-model');
      const refused = await request(server)
        .delete(`/api/catalog/entities/by-uid/${others}`)
        .set('Authorization', as('developer'));
      expect(refused.status).toBe(403);

      const own = await entityUid('developers-orphan');
      const deleted = await request(server)
        .delete(`/api/catalog/entities/by-uid/${own}`)
        .set('Authorization', as('developer'));
      expect(deleted.status).toBe(204);
    });

    it('lets everyone read entities and only developers refresh them', async () => {
      const read = await request(server)
        .get(
          '/api/catalog/entities/by-name/component/default/developers-service',
        )
        .set('Authorization', as('dataScientist'));
      expect(read.status).toBe(200);

      const refresh = (user: TestUser) =>
        request(server)
          .post('/api/catalog/refresh')
          .set('Authorization', as(user))
          .send({ entityRef: 'component:default/developers-service' });
      expect((await refresh('dataScientist')).status).toBe(403);
      expect((await refresh('developer')).status).toBe(200);
    });
  });

  it('is not asked about service principals: backend-to-backend calls are allowed before any policy', async () => {
    const uid = await entityUid('service-cleanup');
    policyHandle.mockClear();
    const res = await request(server)
      .delete(`/api/catalog/entities/by-uid/${uid}`)
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(204);
    expect(policyHandle).not.toHaveBeenCalled();

    // The same request from a user does reach the policy.
    const userUid = await entityUid('developers-service');
    await request(server)
      .delete(`/api/catalog/entities/by-uid/${userUid}`)
      .set('Authorization', as('dataScientist'));
    expect(policyHandle).toHaveBeenCalled();
  });
});

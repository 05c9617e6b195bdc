import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { WavesResponse } from '@internal/plugin-base-layer-common';
import request from 'supertest';
import { baseLayerPlugin } from './plugin';
import {
  buildApplication,
  LoopbackArgoCd,
  platformWaves,
  startLoopbackArgoCd,
} from './testUtils';
import { component } from './__testUtils__/entities';
import { eventually } from './__testUtils__/eventually';

/**
 * The plugin started before the catalog has its entities: a catalog that
 * answers empty until the test "ingests" them. The real catalog backend
 * version of this is packages/backend/src/baseLayerStartup.test.ts.
 */
describe('baseLayerPlugin starting before the catalog has its entities', () => {
  let argocd: LoopbackArgoCd;
  let catalogEntities: Entity[];

  beforeAll(async () => {
    argocd = await startLoopbackArgoCd({
      // Their wave comes from their entity only.
      applications: ['vault', 'data-ingestion'].map(name =>
        buildApplication({ name, waveAs: 'none' }),
      ),
    });
  });
  afterAll(() => argocd.stop());

  it('answers 503 with Retry-After until the catalog has the entity, then matches its applications at once', async () => {
    catalogEntities = [];
    const { server } = await startTestBackend({
      features: [
        baseLayerPlugin,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () =>
            catalogServiceMock.mock({
              getEntities: async () => ({ items: catalogEntities }),
            }),
        }),
        mockServices.rootConfig.factory({
          data: {
            baseLayer: {
              waves: platformWaves,
              requestTimeout: '2s',
              sources: {
                argocd: [
                  {
                    name: 'argocd',
                    url: argocd.url,
                    username: argocd.username,
                    password: argocd.password,
                  },
                ],
              },
            },
          },
        }),
      ],
    });
    const get = (path: string) =>
      request(server)
        .get(`/api/base-layer${path}`)
        .set('Authorization', mockCredentials.user.header());

    const early = await get('/entities/component/default/vault/status');
    expect(early.status).toBe(503);
    expect(early.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(early.body.error).toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(/^catalog not loaded yet/),
    });
    const unmatched = (await get('/waves')).body as WavesResponse;
    expect(
      (unmatched.unassigned ?? []).map(a => [a.name, a.entityRef]),
    ).toEqual([
      ['vault', undefined],
      ['data-ingestion', undefined],
    ]);

    // The catalog has ingested its locations. No request asks for the
    // entities: the index's own re-reading finds them.
    catalogEntities = [
      component('vault', {
        'base-layer.io/wave': '0',
        'argocd/app-name': 'vault',
      }),
      component('data-ingestion', {
        'base-layer.io/wave': '3',
        'argocd/app-name': 'data-ingestion',
      }),
    ];
    await eventually(async () => {
      const body = (await get('/waves')).body as WavesResponse;
      expect(body.unassigned).toEqual([]);
      expect(
        body.waves.flatMap(w =>
          w.applications.map(a => [w.id, a.name, a.entityRef]),
        ),
      ).toEqual([
        [0, 'vault', 'component:default/vault'],
        [3, 'data-ingestion', 'component:default/data-ingestion'],
      ]);
    }, 4_000);

    const loaded = await get('/entities/component/default/vault/status');
    expect(loaded.status).toBe(200);
    expect(loaded.body.wave).toBe(0);
  });
});

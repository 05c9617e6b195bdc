import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { baseLayerStatusReadPermission } from '@internal/plugin-base-layer-common';
import express from 'express';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import {
  CatalogNotLoadedError,
  EntityStatusService,
} from './EntityStatusService';
import { WaveHistoryStore } from './history/WaveHistoryStore';
import { createRouter, RouterOptions } from './router';
import { WaveStatusService } from './waves/WaveStatusService';

/** Every route behind the read permission, including ones with bad input. */
const GUARDED_ROUTES = [
  '/waves',
  '/waves/0',
  '/waves/abc',
  '/entities/component/default/data-ingestion/status',
  '/entities/component/default/a%20b/status',
  '/history',
  '/history?wave=1&limit=5',
  '/history?limit=0',
];

describe('createRouter', () => {
  let wavesEtag = 'W/"v1.f"';
  const engine = {
    waves: {
      getWaves: jest.fn(async () => ({ waves: [] })),
      getWavesBody: jest.fn(async () => ({
        etag: wavesEtag,
        json: () => '{"waves":[]}',
        gzip: () => gzipSync('{"waves":[]}'),
      })),
      getWave: jest.fn(async (id: number) => ({ id })),
    },
    entityStatus: { getStatus: jest.fn(async () => ({ applications: [] })) },
    history: { list: jest.fn(async () => []) },
  };
  const engineCalls = () => [
    ...engine.waves.getWaves.mock.calls,
    ...engine.waves.getWavesBody.mock.calls,
    ...engine.waves.getWave.mock.calls,
    ...engine.entityStatus.getStatus.mock.calls,
    ...engine.history.list.mock.calls,
  ];

  beforeEach(() => jest.clearAllMocks());

  async function app(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
    const permissions = mockServices.permissions.mock({
      authorize: async requests => requests.map(() => ({ result })),
    });
    const options: RouterOptions = {
      httpAuth: mockServices.httpAuth(),
      permissions,
      waves: engine.waves as unknown as WaveStatusService,
      entityStatus: engine.entityStatus as unknown as EntityStatusService,
      history: engine.history as unknown as WaveHistoryStore,
    };
    const router = await createRouter(options);
    return {
      permissions,
      server: express().use(router).use(mockErrorHandler()),
    };
  }

  it.each(GUARDED_ROUTES)(
    'answers 403 to a user without base-layer.status.read on %s, before any engine call',
    async path => {
      const { server, permissions } = await app(AuthorizeResult.DENY);
      const res = await request(server)
        .get(path)
        .set('Authorization', mockCredentials.user.header());

      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: 'Unauthorized to read BASE layer status',
      });
      expect(permissions.authorize).toHaveBeenCalledWith(
        [{ permission: baseLayerStatusReadPermission }],
        { credentials: mockCredentials.user() },
      );
      expect(engineCalls()).toEqual([]);
    },
  );

  it.each([
    ['/waves', () => engine.waves.getWavesBody],
    ['/waves/0', () => engine.waves.getWave],
    [
      '/entities/component/default/data-ingestion/status',
      () => engine.entityStatus.getStatus,
    ],
    ['/history', () => engine.history.list],
  ])('serves %s to a user with the permission', async (path, called) => {
    const { server } = await app(AuthorizeResult.ALLOW);
    const res = await request(server)
      .get(path)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(called()).toHaveBeenCalledTimes(1);
  });

  describe('GET /waves', () => {
    beforeEach(() => {
      wavesEtag = 'W/"v1.f"';
    });
    const get = async (headers: Record<string, string> = {}) => {
      const { server } = await app(AuthorizeResult.ALLOW);
      return request(server)
        .get('/waves')
        .set('Authorization', mockCredentials.user.header())
        .set(headers);
    };

    it('answers 304 without a body to the matching If-None-Match, and 200 after a change', async () => {
      const first = await get();
      expect(first.status).toBe(200);
      expect(first.headers.etag).toBe('W/"v1.f"');
      expect(first.headers.vary).toMatch(/Accept-Encoding/);

      const same = await get({ 'If-None-Match': first.headers.etag });
      expect(same.status).toBe(304);
      expect(same.text).toBe('');

      wavesEtag = 'W/"v2.f"';
      const changed = await get({ 'If-None-Match': first.headers.etag });
      expect(changed.status).toBe(200);
      expect(changed.headers.etag).toBe('W/"v2.f"');
      expect(changed.body).toEqual({ waves: [] });
    });

    it('sends the body gzipped once to a client that accepts gzip, plain otherwise', async () => {
      const gzipped = await get({ 'Accept-Encoding': 'gzip, deflate, br' });
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(gzipped.headers['content-type']).toMatch(/^application\/json/);
      expect(gzipped.body).toEqual({ waves: [] });

      const plain = await get({ 'Accept-Encoding': 'identity' });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.text).toBe('{"waves":[]}');
    });
  });

  it('answers 503 with Retry-After for an entity while the catalog is not loaded yet', async () => {
    engine.entityStatus.getStatus.mockRejectedValueOnce(
      new CatalogNotLoadedError('catalog not loaded yet: still ingesting', 3),
    );
    const { server } = await app(AuthorizeResult.ALLOW);
    const res = await request(server)
      .get('/entities/component/default/vault/status')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('3');
    expect(res.body.error).toMatchObject({
      name: 'ServiceUnavailableError',
      message: 'catalog not loaded yet: still ingesting',
    });
    expect(engine.entityStatus.getStatus).toHaveBeenCalledWith(
      'component:default/vault',
    );
  });

  it('answers 404 without Retry-After for an unknown entity once the catalog is loaded', async () => {
    engine.entityStatus.getStatus.mockRejectedValueOnce(
      new NotFoundError(
        'Entity component:default/nope is not a BASE layer entity',
      ),
    );
    const { server } = await app(AuthorizeResult.ALLOW);
    const res = await request(server)
      .get('/entities/component/default/nope/status')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(404);
    expect(res.headers['retry-after']).toBeUndefined();
  });

  it('adds a default Retry-After to any other 503', async () => {
    engine.waves.getWavesBody.mockRejectedValueOnce(
      new ServiceUnavailableError('No BASE layer status could be computed yet'),
    );
    const { server } = await app(AuthorizeResult.ALLOW);
    const res = await request(server)
      .get('/waves')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
  });

  it('answers /health without asking for the permission', async () => {
    const { server, permissions } = await app(AuthorizeResult.DENY);
    const res = await request(server).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(permissions.authorize).not.toHaveBeenCalled();
  });
});

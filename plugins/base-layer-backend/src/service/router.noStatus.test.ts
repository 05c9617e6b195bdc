import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { CatalogEntityIndex } from './catalog/CatalogEntityIndex';
import { EntityStatusService } from './EntityStatusService';
import { WaveHistoryStore } from './history/WaveHistoryStore';
import { createRouter } from './router';
import { WaveStatusService } from './waves/WaveStatusService';

describe('createRouter with no status yet', () => {
  it('answers 503 on every status route while no status could be computed', async () => {
    const logger = mockServices.logger.mock();
    // The first computation fails, so there is no status to serve at all.
    const entities = {
      ensureLoaded: async () => {
        throw new Error('catalog unavailable');
      },
    } as unknown as CatalogEntityIndex;
    const waves = new WaveStatusService({
      sources: [],
      waves: [{ id: 0, name: 'Core services' }],
      entities,
      cache: mockServices.cache.mock(),
      logger,
      readTimeoutMs: 1000,
      staleAfterMs: 90_000,
    });
    const router = await createRouter({
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      waves,
      entityStatus: {} as EntityStatusService,
      history: {} as WaveHistoryStore,
    });
    const server = express().use(router).use(mockErrorHandler());

    for (const path of ['/waves', '/waves/0']) {
      const res = await request(server)
        .get(path)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({
        name: 'ServiceUnavailableError',
        message: 'No BASE layer status could be computed yet',
      });
    }
  });
});

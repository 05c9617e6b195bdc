import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { baseLayerPlugin } from './plugin';

const config = {
  baseLayer: {
    waves: [
      { id: 1, name: 'Shared services' },
      { id: 0, name: 'Core services' },
    ],
  },
};

describe('baseLayerPlugin', () => {
  async function start() {
    const { server } = await startTestBackend({
      features: [
        baseLayerPlugin,
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    return server;
  }

  it('answers /health without credentials', async () => {
    const server = await start();
    const res = await request(server).get('/api/base-layer/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('refuses every other route without credentials', async () => {
    const server = await start();
    for (const path of ['/waves', '/waves/0']) {
      const res = await request(server)
        .get(`/api/base-layer${path}`)
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    }
  });

  it('serves the configured wave plan in order to a signed-in user', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/base-layer/waves')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.waves.map((w: { id: number }) => w.id)).toEqual([0, 1]);
  });

  it('answers 400 for a malformed wave id and 404 for an undeclared one', async () => {
    const server = await start();
    const bad = await request(server)
      .get('/api/base-layer/waves/abc')
      .set('Authorization', mockCredentials.user.header());
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("Invalid wave id 'abc'");

    const missing = await request(server)
      .get('/api/base-layer/waves/9')
      .set('Authorization', mockCredentials.user.header());
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('Wave 9');
  });
});

import path from 'node:path';
import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import proxyPlugin from '@backstage/plugin-proxy-backend';
import {
  LoopbackArgoCd,
  platformApplications,
  startLoopbackArgoCd,
} from '@internal/plugin-base-layer-backend/testUtils';

/**
 * Roadie's Argo CD cards reach Argo CD through the proxy's /argocd/api
 * endpoint, which adds the Argo CD token: as app-config.production.yaml
 * configures it (its ARGOCD_URL and ARGOCD_AUTH_TOKEN pointed at a loopback
 * Argo CD), the proxy forwards reads and nothing else.
 */

const REPO = path.resolve(__dirname, '../../..');
const ENV = ['ARGOCD_URL', 'ARGOCD_AUTH_TOKEN'];

describe("Roadie's Argo CD proxy on app-config.production.yaml", () => {
  jest.setTimeout(60_000);
  let argocd: LoopbackArgoCd;
  let url: string;

  beforeAll(async () => {
    argocd = await startLoopbackArgoCd({ applications: platformApplications });
    Object.assign(process.env, {
      ARGOCD_URL: argocd.url,
      ARGOCD_AUTH_TOKEN: argocd.token,
    });
    const backend = await startTestBackend({
      features: [
        proxyPlugin,
        rootConfigServiceFactory({
          argv: [
            'node',
            'packages/backend',
            '--config',
            path.join(REPO, 'app-config.production.yaml'),
          ],
          watch: false,
        }),
      ],
    });
    const { port } = backend.server.address() as { port: number };
    url = `http://localhost:${port}/api/proxy/argocd/api`;
  });

  afterAll(async () => {
    for (const name of ENV) delete process.env[name];
    await argocd?.stop();
  });

  const send = (method: string, subPath: string) =>
    fetch(`${url}/${subPath}`, {
      method,
      headers: {
        authorization: mockCredentials.user.header(),
        'content-type': 'application/json',
      },
      body: method === 'GET' ? undefined : JSON.stringify({ prune: true }),
    });

  it.each([
    ['POST', 'applications/data-ingestion/sync'],
    ['PUT', 'applications/data-ingestion'],
    ['PATCH', 'applications/data-ingestion'],
    ['DELETE', 'applications/data-ingestion'],
    ['POST', 'session'],
  ])('refuses %s %s before it reaches Argo CD', async (method, subPath) => {
    const res = await send(method, subPath);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(argocd.methods[method]).toBeUndefined();
  });

  it('forwards GET to Argo CD, with the token of the config', async () => {
    const res = await send('GET', 'applications/data-ingestion');
    expect(res.status).toBe(200);
    expect((await res.json()).metadata.name).toBe('data-ingestion');
    expect(argocd.requests.get).toBe(1);
    // Of everything sent above, only this GET reached Argo CD.
    expect(argocd.methods).toEqual({ GET: 1 });
  });
});

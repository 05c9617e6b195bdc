import { mockServices } from '@backstage/backend-test-utils';
import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';
import { ToolName } from '@internal/plugin-base-layer-common';
import { LoopbackTool, startLoopbackTool } from '../../testUtils';
import { ToolHealthService } from './ToolHealthService';

describe('ToolHealthService', () => {
  // One server per tool, each answering only its own tool's health path.
  let tool: LoopbackTool;
  let grafana: LoopbackTool;
  beforeEach(async () => {
    tool = await startLoopbackTool({ tools: ['mlflow'] });
    grafana = await startLoopbackTool({ tools: ['grafana'] });
  });
  afterEach(() => Promise.all([tool.stop(), grafana.stop()]));

  const create = (
    timeoutMs = 2000,
    tools: ConstructorParameters<typeof ToolHealthService>[0]['tools'] = {
      dev: { mlflow: tool.url, grafana: grafana.url },
    },
    skipTlsVerify?: string[],
  ) => {
    const store = new Map<string, unknown>();
    return new ToolHealthService({
      tools,
      cache: mockServices.cache.mock({
        get: async (key: string) => store.get(key) as never,
        set: async (key: string, value: unknown) => {
          store.set(key, value);
        },
      }),
      logger: mockServices.logger.mock(),
      timeoutMs,
      cacheTtlMs: 60_000,
      skipTlsVerify,
    });
  };

  it('probes configured tools, reports the others as not configured, and caches', async () => {
    const service = create();
    const health = await service.getHealth(['dev', 'prod']);
    expect(health.map(h => `${h.environment}/${h.tool}:${h.status}`)).toEqual([
      'dev/argocd:not-configured',
      'dev/mlflow:up',
      'dev/airflow:not-configured',
      'dev/grafana:up',
      'prod/argocd:not-configured',
      'prod/mlflow:not-configured',
      'prod/airflow:not-configured',
      'prod/grafana:not-configured',
    ]);
    await service.getHealth(['dev']);
    expect(tool.requests.paths).toEqual(['/health']);
    expect(grafana.requests.paths).toEqual(['/api/health']);
  });

  it.each<[ToolName, string]>([
    ['mlflow', '/health'],
    ['airflow', '/api/v1/health'],
    ['grafana', '/api/health'],
    ['argocd', '/healthz'],
  ])('probes %s at %s', async (name, path) => {
    const server = await startLoopbackTool({ tools: [name] });
    try {
      const health = await create(2000, {
        dev: { [name]: server.url },
      }).getHealth(['dev']);
      expect(health.find(h => h.tool === name)).toMatchObject({
        status: 'up',
      });
      expect(server.requests.paths).toEqual([path]);
    } finally {
      await server.stop();
    }
  });

  it("reports a tool as down when its URL points at another tool's server", async () => {
    const health = await create(2000, {
      dev: { mlflow: grafana.url },
    }).getHealth(['dev']);
    expect(health.find(h => h.tool === 'mlflow')).toMatchObject({
      status: 'down',
      message: 'Health check answered 404',
    });
  });

  it('reports a failing tool as down with the status', async () => {
    tool.setFailure({ kind: 'status', status: 503 });
    const [, mlflow] = await create().getHealth(['dev']);
    expect(mlflow).toMatchObject({
      status: 'down',
      message: 'Health check answered 503',
    });
  });

  it('reports a slow tool as down after the timeout', async () => {
    tool.setFailure({ kind: 'slow', delayMs: 1000 });
    const [, mlflow] = await create(100).getHealth(['dev']);
    expect(mlflow).toMatchObject({
      status: 'down',
      message: 'No answer within 100 ms',
    });
  });

  it('reports a tool refusing connections as down, asking after a local port-forward', async () => {
    const { host } = new URL(tool.url);
    const service = create();
    await tool.stop();
    const [, mlflow] = await service.getHealth(['dev']);
    expect(mlflow).toMatchObject({
      status: 'down',
      message: `Unreachable: connection refused at ${host}; is its kubectl port-forward running?`,
    });
  });

  it('flips a local tool to up once its port-forward runs, when its down answer has expired', async () => {
    // A port nothing listens on yet: the port-forward is not running.
    const probeServer = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>(r => probeServer.listen(0, '127.0.0.1', r));
    const { port } = probeServer.address() as AddressInfo;
    await new Promise(r => probeServer.close(r));

    const expiries = new Map<string, [unknown, number]>();
    const service = new ToolHealthService({
      tools: { dev: { mlflow: `http://127.0.0.1:${port}` } },
      cache: mockServices.cache.mock({
        get: async (key: string) => {
          const entry = expiries.get(key);
          return (
            entry && entry[1] > Date.now() ? entry[0] : undefined
          ) as never;
        },
        set: async (
          key: string,
          value: unknown,
          options?: { ttl?: unknown },
        ) => {
          expiries.set(key, [value, Date.now() + Number(options?.ttl)]);
        },
      }),
      logger: mockServices.logger.mock(),
      timeoutMs: 2000,
      cacheTtlMs: 300,
    });
    const mlflow = async () =>
      (await service.getHealth(['dev'])).find(h => h.tool === 'mlflow');

    expect(await mlflow()).toMatchObject({ status: 'down' });
    const forward = http.createServer((req, res) =>
      res.writeHead(req.url === '/health' ? 200 : 404).end('OK'),
    );
    await new Promise<void>(r => forward.listen(port, '127.0.0.1', r));
    try {
      // Still the cached answer, then the new one.
      expect(await mlflow()).toMatchObject({ status: 'down' });
      await new Promise(r => setTimeout(r, 350));
      expect(await mlflow()).toMatchObject({ status: 'up' });
    } finally {
      await new Promise(r => forward.close(r));
    }
  });

  describe('a tool behind a self-signed certificate, as a local port-forward to Argo CD', () => {
    let server: https.Server;
    let url: string;
    const paths: string[] = [];
    beforeAll(async () => {
      const pems = selfsigned.generate(
        [{ name: 'commonName', value: 'localhost' }],
        {
          days: 1,
          keySize: 2048,
        },
      );
      server = https.createServer(
        { key: pems.private, cert: pems.cert },
        (req, res) => {
          paths.push(req.url ?? '');
          res.writeHead(req.url === '/healthz' ? 200 : 404).end('ok');
        },
      );
      await new Promise<void>(resolve =>
        server.listen(0, '127.0.0.1', resolve),
      );
      url = `https://localhost:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise(resolve => server.close(resolve)));
    beforeEach(() => {
      paths.length = 0;
    });

    it('is down, naming the certificate, unless its environment skips TLS verification', async () => {
      const tools = { local: { argocd: url }, prod: { argocd: url } };
      const argocd = <T extends { tool: string }>(health: T[]) =>
        health.filter(h => h.tool === 'argocd');
      const [local, prod] = argocd(
        await create(2000, tools).getHealth(['local', 'prod']),
      );
      expect(local).toMatchObject({ tool: 'argocd', status: 'down' });
      expect(local.message).toBe(
        'Unreachable: its TLS certificate is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); for a local port-forward, set baseLayer.tools.local.skipTLSVerify',
      );
      expect(prod).toMatchObject({ status: 'down' });
      expect(paths).toEqual([]);

      const health = await create(2000, tools, ['local']).getHealth([
        'local',
        'prod',
      ]);
      expect(health.map(h => `${h.environment}/${h.tool}:${h.status}`)).toEqual(
        expect.arrayContaining(['local/argocd:up', 'prod/argocd:down']),
      );
      expect(paths).toEqual(['/healthz']);
    });
  });
});

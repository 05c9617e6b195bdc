import { mockServices } from '@backstage/backend-test-utils';
import { LoopbackTool, startLoopbackTool } from '../../testUtils';
import { ToolHealthService } from './ToolHealthService';

describe('ToolHealthService', () => {
  let tool: LoopbackTool;
  beforeEach(async () => {
    tool = await startLoopbackTool();
  });
  afterEach(() => tool.stop());

  const create = (timeoutMs = 2000) => {
    const store = new Map<string, unknown>();
    return new ToolHealthService({
      tools: { dev: { mlflow: tool.url, grafana: tool.url } },
      cache: mockServices.cache.mock({
        get: async (key: string) => store.get(key) as never,
        set: async (key: string, value: unknown) => {
          store.set(key, value);
        },
      }),
      logger: mockServices.logger.mock(),
      timeoutMs,
      cacheTtlMs: 60_000,
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
    expect(tool.requests.health).toBe(2);
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

  it('reports an unreachable tool as down', async () => {
    const service = create();
    await tool.stop();
    const [, mlflow] = await service.getHealth(['dev']);
    expect(mlflow).toMatchObject({
      status: 'down',
      message: 'Unreachable: ECONNREFUSED',
    });
  });
});

import type { ToolName } from '@internal/plugin-base-layer-common';
import {
  LoopbackServer,
  sendJson,
  startLoopbackServer,
} from './loopbackServer';

/**
 * Each tool's health endpoint and its answer, as the tools document them.
 * Written out here rather than taken from the engine, so a wrong path in the
 * engine fails the tests.
 */
const HEALTH_ENDPOINTS: Record<
  ToolName,
  { path: string; type: string; body: string }
> = {
  mlflow: { path: '/health', type: 'text/plain', body: 'OK' },
  airflow: {
    path: '/api/v1/health',
    type: 'application/json',
    body: JSON.stringify({
      metadatabase: { status: 'healthy' },
      scheduler: {
        status: 'healthy',
        latest_scheduler_heartbeat: '2026-11-21T10:05:00+00:00',
      },
    }),
  },
  grafana: {
    path: '/api/health',
    type: 'application/json',
    body: JSON.stringify({ database: 'ok', version: '11.3.0' }),
  },
  argocd: { path: '/healthz', type: 'text/plain', body: 'ok' },
};

/**
 * Options of {@link startLoopbackTool}.
 *
 * @public
 */
export interface LoopbackToolOptions {
  /**
   * The tools this server stands for: it answers only their health paths,
   * and 404 to anything else. Default: all four.
   */
  tools?: ToolName[];
}

/**
 * A running loopback tool, as {@link startLoopbackTool} resolves it.
 *
 * @public
 */
export interface LoopbackTool extends LoopbackServer {
  /** Health probes answered so far, and every path asked for, answered or not. */
  requests: { health: number; paths: string[] };
}

/**
 * A loopback tool answering the health endpoint of MLflow (`/health`),
 * Airflow (`/api/v1/health`), Grafana (`/api/health`) or Argo CD
 * (`/healthz`): only those of the tools it stands for. Use `setFailure` to
 * make it unhealthy or slow.
 *
 * @public
 */
export async function startLoopbackTool(
  options: LoopbackToolOptions = {},
): Promise<LoopbackTool> {
  const tools = options.tools ?? (Object.keys(HEALTH_ENDPOINTS) as ToolName[]);
  const endpoints = tools.map(tool => HEALTH_ENDPOINTS[tool]);
  const requests = { health: 0, paths: [] as string[] };
  const server = await startLoopbackServer((_req, res, url) => {
    requests.paths.push(url.pathname);
    const endpoint = endpoints.find(e => e.path === url.pathname);
    if (!endpoint) {
      sendJson(res, 404, { message: 'Not Found' });
      return;
    }
    requests.health++;
    res.writeHead(200, {
      'content-type': endpoint.type,
      'content-length': Buffer.byteLength(endpoint.body),
    });
    res.end(endpoint.body);
  });
  return { ...server, requests };
}

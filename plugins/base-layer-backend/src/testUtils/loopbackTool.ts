import {
  sendJson,
  LoopbackServer,
  startLoopbackServer,
} from './loopbackServer';

export interface LoopbackTool extends LoopbackServer {
  /** Health probes answered so far. */
  requests: { health: number };
}

/**
 * A loopback tool answering the health endpoints of MLflow (`/health`),
 * Airflow (`/api/v1/health`), Grafana (`/api/health`) and Argo CD (`/healthz`).
 * Use `setFailure` to make it unhealthy or slow.
 */
export async function startLoopbackTool(): Promise<LoopbackTool> {
  const requests = { health: 0 };
  const server = await startLoopbackServer((_req, res, url) => {
    if (
      ['/health', '/api/v1/health', '/api/health', '/healthz'].includes(
        url.pathname,
      )
    ) {
      requests.health++;
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    sendJson(res, 404, { message: 'Not Found' });
  });
  return { ...server, requests };
}

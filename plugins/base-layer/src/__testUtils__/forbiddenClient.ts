import { BaseLayerClient } from '../api';

/** The body the base-layer backend sends with a 403, as Backstage's error handler writes it. */
export const forbiddenBody = (path: string) => ({
  error: {
    name: 'NotAllowedError',
    message: 'Unauthorized to read BASE layer status',
  },
  request: { method: 'GET', url: `/api/base-layer${path}` },
  response: { statusCode: 403 },
});

/**
 * The real client against a backend that refuses the signed-in user the
 * `base-layer.status.read` permission: every call answers 403.
 */
export function forbiddenClient(): BaseLayerClient {
  return new BaseLayerClient({
    discoveryApi: {
      getBaseUrl: async () => 'http://localhost:7007/api/base-layer',
    },
    fetchApi: {
      fetch: async (input: RequestInfo | URL) => {
        const { pathname } = new URL(String(input));
        return new Response(
          JSON.stringify(
            forbiddenBody(pathname.replace('/api/base-layer', '')),
          ),
          {
            status: 403,
            statusText: 'Forbidden',
            headers: { 'content-type': 'application/json' },
          },
        );
      },
    },
  });
}

import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * How a loopback server misbehaves, to test failure handling.
 *
 * @public
 */
export type LoopbackFailure =
  | { kind: 'status'; status: number }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'malformed' }
  /** Accepts the request and never answers, until the client gives up or the server stops. */
  | { kind: 'hang' }
  /** Resets the connection (TCP RST) without answering. */
  | { kind: 'reset' };

/**
 * What every loopback server offers: its URL, failure injection and stop.
 *
 * @public
 */
export interface LoopbackServer {
  /** Base URL, `http://127.0.0.1:<random port>`. */
  url: string;
  /**
   * Makes the following requests fail in the given way; `undefined` heals it.
   * With `times`, only that many requests fail, then the server heals itself.
   */
  setFailure(
    failure: LoopbackFailure | undefined,
    options?: { times?: number },
  ): void;
  /** Closes the server and every open connection (watches included). */
  stop(): Promise<void>;
}

/**
 * Serves one request of a loopback server, after its failure mode let it
 * through.
 *
 * @internal
 */
export type LoopbackHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
) => void | Promise<void>;

/**
 * Answers with `body` as JSON.
 *
 * @internal
 */
export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Reads a request's whole body as text.
 *
 * @internal
 */
export async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString();
}

/**
 * Starts an HTTP server on 127.0.0.1 and a random (or the given) port that applies the
 * current failure mode before handing requests to `handler`.
 *
 * @internal
 */
export async function startLoopbackServer(
  handler: LoopbackHandler,
  options: { port?: number } = {},
): Promise<LoopbackServer> {
  let failure: LoopbackFailure | undefined;
  let failuresLeft = Infinity;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const current = failure;
    if (current && --failuresLeft <= 0) {
      failure = undefined;
    }
    const run = async () => {
      if (current?.kind === 'status') {
        sendJson(res, current.status, {
          error: http.STATUS_CODES[current.status],
          code: current.status,
          message: http.STATUS_CODES[current.status],
        });
        return;
      }
      if (current?.kind === 'hang') {
        return;
      }
      if (current?.kind === 'reset') {
        req.socket.resetAndDestroy();
        return;
      }
      if (current?.kind === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"items": [{"metadata": {"name": "truncated"');
        return;
      }
      if (current?.kind === 'slow') {
        await new Promise(resolve => setTimeout(resolve, current.delayMs));
      }
      await handler(req, res, url);
    };
    run().catch(error => {
      if (!res.headersSent) {
        sendJson(res, 500, { message: String(error) });
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>(resolve =>
    server.listen(options.port ?? 0, '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setFailure(next, { times = Infinity } = {}) {
      failure = next;
      failuresLeft = times;
    },
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

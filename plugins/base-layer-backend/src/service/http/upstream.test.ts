import {
  AuthenticationError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { toUpstreamError, UpstreamError, withTimeout } from './upstream';

const context = { target: "Argo CD 'prod'", timeoutMs: 100 };

describe('toUpstreamError', () => {
  it.each([
    ['a fetch timeout', new DOMException('timed out', 'TimeoutError')],
    ['an aborted request', new DOMException('aborted', 'AbortError')],
    [
      'a timeout behind a fetch error',
      Object.assign(new TypeError('fetch failed'), {
        cause: { name: 'TimeoutError' },
      }),
    ],
  ])('maps %s to a retryable timeout', (_, failure) => {
    const error = toUpstreamError(failure, context);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      kind: 'timeout',
      retryable: true,
      message: "Argo CD 'prod' did not answer within 100 ms",
    });
  });

  it.each([
    [
      'fetch',
      Object.assign(new TypeError('fetch failed'), {
        cause: { code: 'ECONNREFUSED' },
      }),
    ],
    [
      'node-fetch',
      Object.assign(new Error('request failed, reason: connect'), {
        code: 'ECONNREFUSED',
      }),
    ],
  ])(
    'maps a network error from %s to a retryable unreachable',
    (_, failure) => {
      expect(toUpstreamError(failure, context)).toMatchObject({
        kind: 'unreachable',
        retryable: true,
        detail: 'ECONNREFUSED',
        message: "Argo CD 'prod' is unreachable: ECONNREFUSED",
      });
    },
  );

  it.each([
    [401, AuthenticationError],
    [403, NotAllowedError],
    [404, NotFoundError],
  ])('maps %s to its @backstage/errors type', (status, type) => {
    const error = toUpstreamError({ status, statusText: 'Nope' }, context);
    expect(error).toBeInstanceOf(type);
    expect(error.message).toBe(`Argo CD 'prod' answered ${status} Nope`);
  });

  it('reads the status of the Kubernetes client, which calls it code', () => {
    const error = toUpstreamError(
      Object.assign(new Error('HTTP-Code: 403'), { code: 403 }),
      { ...context, target: "Kubernetes cluster 'base-layer'" },
    );
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe("Kubernetes cluster 'base-layer' answered 403");
  });

  it.each([
    [500, true],
    [503, true],
    [429, true],
    [400, false],
    [409, false],
  ])('maps %s to a 503 that is retryable: %s', (status, retryable) => {
    const error = toUpstreamError({ status }, context);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error).toMatchObject({
      kind: 'status',
      upstreamStatus: status,
      retryable,
      message: `Argo CD 'prod' answered ${status}`,
    });
  });

  it('maps a body that is not JSON to a malformed answer, not retried', () => {
    let syntaxError: unknown;
    try {
      JSON.parse('{');
    } catch (error) {
      syntaxError = error;
    }
    expect(toUpstreamError(syntaxError, context)).toMatchObject({
      kind: 'malformed',
      retryable: false,
      message: "Argo CD 'prod' returned malformed JSON",
    });
  });

  it('returns an error it made already as it is', () => {
    const first = toUpstreamError({ status: 401 }, context);
    expect(toUpstreamError(first, { target: 'other', timeoutMs: 1 })).toBe(
      first,
    );
  });

  it('describes anything else thrown as unreachable', () => {
    expect(toUpstreamError('boom', context)).toMatchObject({
      kind: 'unreachable',
      message: "Argo CD 'prod' is unreachable: boom",
    });
  });
});

describe('withTimeout', () => {
  it('rejects with a retryable timeout once the time is up', async () => {
    await expect(
      withTimeout(new Promise(() => {}), 10, 'Source did not answer'),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      kind: 'timeout',
      retryable: true,
      message: 'Source did not answer',
    });
  });

  it('passes the result through', async () => {
    await expect(withTimeout(Promise.resolve(42), 1000, 'late')).resolves.toBe(
      42,
    );
  });
});

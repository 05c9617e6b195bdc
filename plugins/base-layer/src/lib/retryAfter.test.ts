import { ResponseError } from '@backstage/errors';
import { retryAfterSeconds, withRetryAfter } from './retryAfter';

/** The error the client throws for a 503, as the backend answers it. */
async function unavailable(retryAfter?: string): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name: 'ServiceUnavailableError',
          message: 'catalog not loaded yet',
        },
        response: { statusCode: 503 },
      }),
      {
        status: 503,
        statusText: 'Service Unavailable',
        headers: {
          'content-type': 'application/json',
          ...(retryAfter !== undefined && { 'retry-after': retryAfter }),
        },
      },
    ),
  );
}

describe('retryAfterSeconds', () => {
  it('reads the Retry-After of a 503, capped at 30 s', async () => {
    expect(retryAfterSeconds(await unavailable('1'))).toBe(1);
    expect(retryAfterSeconds(await unavailable('3600'))).toBe(30);
  });

  it('is undefined without a usable header or for another error', async () => {
    expect(retryAfterSeconds(await unavailable())).toBeUndefined();
    expect(
      retryAfterSeconds(await unavailable('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBeUndefined();
    expect(retryAfterSeconds(new Error('boom'))).toBeUndefined();
  });
});

describe('withRetryAfter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('waits the Retry-After seconds and asks again', async () => {
    const load = jest
      .fn()
      .mockRejectedValueOnce(await unavailable('2'))
      .mockResolvedValueOnce('status');
    const result = withRetryAfter(load);
    await jest.advanceTimersByTimeAsync(1_999);
    expect(load).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe('status');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('gives up after 5 retries with the last error', async () => {
    const error = await unavailable('1');
    const load = jest.fn().mockRejectedValue(error);
    const result = withRetryAfter(load);
    result.catch(() => {});
    await jest.advanceTimersByTimeAsync(10_000);
    await expect(result).rejects.toBe(error);
    expect(load).toHaveBeenCalledTimes(6);
  });

  it('throws any other error at once', async () => {
    const error = await unavailable();
    const load = jest.fn().mockRejectedValue(error);
    await expect(withRetryAfter(load)).rejects.toBe(error);
    expect(load).toHaveBeenCalledTimes(1);
  });
});

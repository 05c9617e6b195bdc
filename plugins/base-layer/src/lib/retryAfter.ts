import { ResponseError } from '@backstage/errors';

/** Retries of a 503 with `Retry-After` before its error is shown. */
export const MAX_RETRY_AFTER_ATTEMPTS = 5;

/** The longest wait a `Retry-After` header may ask for, in seconds. */
const MAX_RETRY_AFTER_SECONDS = 30;

/**
 * Seconds to wait before asking again: the `Retry-After` of a 503 (in
 * seconds, as the base-layer backend sends it, capped), else undefined.
 */
export function retryAfterSeconds(error: unknown): number | undefined {
  if (!(error instanceof ResponseError) || error.statusCode !== 503) {
    return undefined;
  }
  const header = error.response.headers.get('retry-after');
  const seconds = header === null ? NaN : Number(header);
  if (!Number.isFinite(seconds) || seconds < 0) {
    return undefined;
  }
  return Math.min(seconds, MAX_RETRY_AFTER_SECONDS);
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Calls `load`, and again after the `Retry-After` seconds of each 503 that
 * carries one, up to `attempts` retries: a backend that has just started
 * answers 503 for a few seconds while its catalog loads, which is no error
 * worth showing. Any other error, or the last 503, is thrown.
 */
export async function withRetryAfter<T>(
  load: () => Promise<T>,
  attempts: number = MAX_RETRY_AFTER_ATTEMPTS,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await load();
    } catch (error) {
      const seconds = retryAfterSeconds(error);
      if (seconds === undefined || retry >= attempts) {
        throw error;
      }
      await sleep(seconds * 1000);
    }
  }
}

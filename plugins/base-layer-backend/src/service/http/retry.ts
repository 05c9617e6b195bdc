import { UpstreamError } from './upstream';

export interface RetryOptions {
  /** Total attempts, including the first. */
  attempts: number;
  /** Delay before the second attempt; doubles for each further one. */
  baseDelayMs: number;
  /** Called before each retry, for logging. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Retries a call on retryable {@link UpstreamError}s, with exponential backoff and jitter. */
export async function withRetry<T>(
  fn: () => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const retryable = error instanceof UpstreamError && error.retryable;
      if (!retryable || attempt >= options.attempts) {
        throw error;
      }
      const delayMs = Math.round(
        options.baseDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2),
      );
      options.onRetry?.(error, attempt, delayMs);
      await new Promise(resolve => setTimeout(resolve, delayMs));
    }
  }
}

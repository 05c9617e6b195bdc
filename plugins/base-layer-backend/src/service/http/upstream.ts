import { CustomErrorBase } from '@backstage/errors';

/** A failed call to a cluster, Argo CD or a tool, with a message fit for the UI. */
export class UpstreamError extends CustomErrorBase {
  name = 'UpstreamError' as const;

  constructor(
    message: string,
    /** HTTP status, when the upstream answered. */
    readonly status?: number,
    /** Whether trying again may help (network errors, timeouts, 5xx, 429). */
    readonly retryable: boolean = false,
  ) {
    // The message already says what failed; a cause would only repeat it.
    super(message);
  }
}

export interface FetchJsonOptions {
  /** What is being called, used in error messages: `Argo CD prod`. */
  target: string;
  timeoutMs: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: unknown;
}

function isTimeout(error: unknown): boolean {
  // DOMExceptions may come from another realm, so compare names, not classes.
  const e = error as { name?: string; cause?: { name?: string } } | undefined;
  return e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError';
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  return cause?.code ?? cause?.message ?? String(error);
}

/**
 * Calls an upstream JSON endpoint with a timeout that covers the whole
 * exchange, headers and body. Every failure becomes an {@link UpstreamError}.
 */
export async function fetchJson<T>(
  url: string,
  options: FetchJsonOptions,
): Promise<T> {
  const { target, timeoutMs } = options;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(options.body !== undefined
          ? { 'content-type': 'application/json' }
          : {}),
        ...options.headers,
      },
      body:
        options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    if (isTimeout(error)) {
      throw new UpstreamError(
        `${target} did not answer within ${timeoutMs} ms`,
        undefined,
        true,
      );
    }
    throw new UpstreamError(
      `${target} is unreachable: ${describeNetworkError(error)}`,
      undefined,
      true,
    );
  }
  if (!response.ok) {
    throw new UpstreamError(
      `${target} answered ${response.status} ${response.statusText}`.trim(),
      response.status,
      response.status >= 500 || response.status === 429,
    );
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new UpstreamError(
      `${target} returned malformed JSON`,
      response.status,
      false,
    );
  }
}

/** Rejects with an {@link UpstreamError} when `promise` takes longer than `timeoutMs`. */
export async function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  message: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new UpstreamError(message, undefined, true)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

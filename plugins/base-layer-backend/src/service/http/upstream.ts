import {
  AuthenticationError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** How an upstream call failed, when the upstream is down or unusable. */
export type UpstreamFailureKind =
  | 'timeout'
  | 'unreachable'
  | 'status'
  | 'malformed'
  | 'unavailable';

/**
 * A cluster, Argo CD or a tool that gave no usable answer, with a message fit
 * for the UI. It is a {@link @backstage/errors#ServiceUnavailableError} and
 * keeps that error's name, so a route it reaches answers 503.
 */
export class UpstreamError extends ServiceUnavailableError {
  /** Whether trying again may help (network errors, timeouts, 5xx, 429). */
  readonly retryable: boolean;
  /** The HTTP status, when the upstream answered. */
  readonly upstreamStatus?: number;
  /** What failed, without the target: a network error code, a status. */
  readonly detail: string;

  constructor(
    message: string,
    readonly kind: UpstreamFailureKind,
    options: {
      retryable?: boolean;
      upstreamStatus?: number;
      detail?: string;
    } = {},
  ) {
    // The message already says what failed; a cause would only repeat it.
    super(message);
    this.retryable = options.retryable ?? false;
    this.upstreamStatus = options.upstreamStatus;
    this.detail = options.detail ?? message;
  }
}

/** What {@link toUpstreamError} turns a failure into. */
export type UpstreamFailure =
  | UpstreamError
  | AuthenticationError
  | NotAllowedError
  | NotFoundError;

export interface UpstreamContext {
  /** What is being called, used in error messages: `Argo CD 'prod'`. */
  target: string;
  /** The time limit of the call, named when it ran out. */
  timeoutMs: number;
}

type ErrorLike = {
  name?: string;
  message?: string;
  code?: unknown;
  status?: unknown;
  statusCode?: unknown;
  statusText?: string;
  cause?: { name?: string; code?: string; message?: string };
};

function isTimeout(error: ErrorLike): boolean {
  // DOMExceptions may come from another realm, so compare names, not classes.
  return (
    error.name === 'TimeoutError' ||
    error.name === 'AbortError' ||
    error.cause?.name === 'TimeoutError'
  );
}

/** The HTTP status of a response, of fetch-style errors and of the Kubernetes client's `ApiException` (`code`). */
function httpStatusOf(error: ErrorLike): number | undefined {
  const status = [error.status, error.statusCode, error.code].find(
    value => typeof value === 'number',
  ) as number | undefined;
  return status !== undefined && status >= 400 ? status : undefined;
}

function networkDetail(error: ErrorLike, fallback: unknown): string {
  return (
    error.cause?.code ??
    (typeof error.code === 'string' ? error.code : undefined) ??
    error.cause?.message ??
    error.message ??
    String(fallback)
  );
}

function statusError(
  status: number,
  statusText: string | undefined,
  target: string,
): UpstreamFailure {
  const message = `${target} answered ${status} ${statusText ?? ''}`.trim();
  switch (status) {
    case 401:
      return new AuthenticationError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    default:
      return new UpstreamError(message, 'status', {
        retryable: status >= 500 || status === 429,
        upstreamStatus: status,
        detail: String(status),
      });
  }
}

/**
 * The one mapping of upstream failures to `@backstage/errors` types, for
 * every call to a cluster, Argo CD or a tool:
 *
 * - 401, 403 and 404 answers become `AuthenticationError`, `NotAllowedError`
 *   and `NotFoundError`;
 * - any other error status, a timeout, a network error or a body that is not
 *   JSON becomes an {@link UpstreamError} (503), retryable for timeouts,
 *   network errors, 5xx and 429.
 *
 * @param failure - what was thrown (fetch, the Kubernetes client,
 * `JSON.parse`), or a response that is not OK (`{ status, statusText }`).
 * Errors this function made already are returned as they are.
 */
export function toUpstreamError(
  failure: unknown,
  { target, timeoutMs }: UpstreamContext,
): UpstreamFailure {
  if (
    failure instanceof UpstreamError ||
    failure instanceof AuthenticationError ||
    failure instanceof NotAllowedError ||
    failure instanceof NotFoundError
  ) {
    return failure;
  }
  const error = (failure ?? {}) as ErrorLike;
  if (isTimeout(error)) {
    return new UpstreamError(
      `${target} did not answer within ${timeoutMs} ms`,
      'timeout',
      { retryable: true, detail: `${timeoutMs} ms` },
    );
  }
  const status = httpStatusOf(error);
  if (status !== undefined) {
    return statusError(status, error.statusText, target);
  }
  if (failure instanceof SyntaxError) {
    return new UpstreamError(`${target} returned malformed JSON`, 'malformed');
  }
  const detail = networkDetail(error, failure);
  return new UpstreamError(
    `${target} is unreachable: ${detail}`,
    'unreachable',
    {
      retryable: true,
      detail,
    },
  );
}

export interface FetchJsonOptions extends UpstreamContext {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * Calls an upstream JSON endpoint with a timeout that covers the whole
 * exchange, headers and body. Every failure goes through
 * {@link toUpstreamError}.
 */
export async function fetchJson<T>(
  url: string,
  options: FetchJsonOptions,
): Promise<T> {
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
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw toUpstreamError(error, options);
  }
  if (!response.ok) {
    throw toUpstreamError(response, options);
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw toUpstreamError(error, options);
  }
}

/** Rejects with a timeout {@link UpstreamError} when `promise` takes longer than `timeoutMs`. */
export async function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  message: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new UpstreamError(message, 'timeout', {
            retryable: true,
            detail: `${timeoutMs} ms`,
          }),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

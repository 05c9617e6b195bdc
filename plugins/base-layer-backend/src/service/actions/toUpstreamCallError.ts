import { UpstreamError } from '../http/upstream';
import { UpstreamCallError } from './errors';

/** Longest upstream message kept in an action's result. */
const MAX_MESSAGE_LENGTH = 500;

/** Statuses behind the errors a refused session login throws. */
const LOGIN_FAILURE_STATUS: Record<string, number> = {
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
};

type Failure = {
  name?: string;
  message?: string;
  /** HTTP status: a response's, or the Kubernetes client's `ApiException.code`. */
  status?: unknown;
  code?: unknown;
  body?: unknown;
  cause?: { name?: string; code?: string; message?: string };
};

/**
 * The message in an error body: Argo CD's `{ error, message }`, a Kubernetes
 * `Status`'s `message`, or the text itself.
 */
function bodyMessage(body: unknown): string | undefined {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return body.trim() || undefined;
    }
  }
  if (value && typeof value === 'object') {
    const { message, error } = value as { message?: unknown; error?: unknown };
    if (typeof message === 'string' && message) {
      return message;
    }
    if (typeof error === 'string' && error) {
      return error;
    }
  }
  return undefined;
}

const truncate = (text: string) =>
  text.length > MAX_MESSAGE_LENGTH
    ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…`
    : text;

/**
 * The one mapping of a failed rollout action call (Argo CD's API or a
 * cluster's) to an {@link UpstreamCallError}: the status the upstream
 * answered and its own message, or, when it did not answer, why (the
 * timeout, the network error).
 */
export function toUpstreamCallError(
  failure: unknown,
  { target, timeoutMs }: { target: string; timeoutMs: number },
): UpstreamCallError {
  if (failure instanceof UpstreamCallError) {
    return failure;
  }
  const error = (failure ?? {}) as Failure;
  if (failure instanceof UpstreamError) {
    // A session login that failed.
    return new UpstreamCallError(failure.message, failure.upstreamStatus);
  }
  if (error.name && error.name in LOGIN_FAILURE_STATUS && error.message) {
    // A session login Argo CD refused (fetchJson's mapping).
    return new UpstreamCallError(
      error.message,
      LOGIN_FAILURE_STATUS[error.name],
    );
  }
  if (
    error.name === 'TimeoutError' ||
    error.name === 'AbortError' ||
    error.cause?.name === 'TimeoutError'
  ) {
    return new UpstreamCallError(
      `${target} did not answer within ${timeoutMs} ms`,
    );
  }
  const status = [error.status, error.code].find(
    (value): value is number => typeof value === 'number' && value >= 400,
  );
  if (status !== undefined) {
    const message = bodyMessage(error.body) ?? `answered ${status}`;
    return new UpstreamCallError(
      `${target} answered ${status}: ${truncate(message)}`,
      status,
    );
  }
  const detail =
    error.cause?.code ??
    (typeof error.code === 'string' ? error.code : undefined) ??
    error.cause?.message ??
    error.message ??
    String(failure);
  return new UpstreamCallError(`${target} is unreachable: ${detail}`);
}

import { Config } from '@backstage/config';
import { AuthenticationError } from '@backstage/errors';
import { fetchJson, UpstreamError } from '../../http/upstream';

/** How long before its expiry a session token is renewed. */
const RENEW_BEFORE_EXPIRY_MS = 60_000;
/** Lifetime assumed for a token whose expiry cannot be read. */
const FALLBACK_LIFETIME_MS = 10 * 60_000;

export type ArgoCdCredentials =
  | { token: string }
  | { username: string; password: string };

/** Reads the `exp` claim of a JWT, in milliseconds since the epoch. */
function readJwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) {
    return undefined;
  }
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Supplies the bearer token of one Argo CD instance: the configured API token,
 * or a session token from `POST /api/v1/session`, cached until shortly before
 * it expires. Concurrent callers share one login.
 */
export class ArgoCdSessionAuth {
  private session?: { token: string; expiresAt: number };
  private pendingLogin?: Promise<string>;

  constructor(
    private readonly options: {
      baseUrl: string;
      target: string;
      credentials: ArgoCdCredentials;
      timeoutMs: number;
      now?: () => number;
    },
  ) {}

  /** Whether a rejected token can be replaced by logging in again. */
  get canRenew(): boolean {
    return !('token' in this.options.credentials);
  }

  async getToken(): Promise<string> {
    const { credentials } = this.options;
    if ('token' in credentials) {
      return credentials.token;
    }
    const now = (this.options.now ?? Date.now)();
    if (this.session && this.session.expiresAt - RENEW_BEFORE_EXPIRY_MS > now) {
      return this.session.token;
    }
    if (!this.pendingLogin) {
      this.pendingLogin = this.login(credentials).finally(() => {
        this.pendingLogin = undefined;
      });
    }
    return this.pendingLogin;
  }

  /** Forgets the cached session token, after Argo CD rejected it. */
  invalidate(): void {
    this.session = undefined;
  }

  /**
   * Runs `call`, which asks {@link ArgoCdSessionAuth.getToken} for its
   * token. When Argo CD rejects a session token (expired or revoked), logs
   * in once more and runs it again; a configured token's rejection is final.
   */
  async withRenewal<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const rejected =
        error instanceof AuthenticationError ||
        (error as { upstreamStatus?: number }).upstreamStatus === 401;
      if (rejected && this.canRenew) {
        this.invalidate();
        return await call();
      }
      throw error;
    }
  }

  private async login(credentials: {
    username: string;
    password: string;
  }): Promise<string> {
    const body = await fetchJson<{ token?: unknown }>(
      `${this.options.baseUrl}/api/v1/session`,
      {
        target: `${this.options.target} session login`,
        timeoutMs: this.options.timeoutMs,
        method: 'POST',
        body: {
          username: credentials.username,
          password: credentials.password,
        },
      },
    );
    if (typeof body.token !== 'string' || body.token === '') {
      throw new UpstreamError(
        `${this.options.target} session login returned no token`,
        'malformed',
      );
    }
    const now = (this.options.now ?? Date.now)();
    this.session = {
      token: body.token,
      expiresAt: readJwtExpiry(body.token) ?? now + FALLBACK_LIFETIME_MS,
    };
    return body.token;
  }
}

/**
 * The token, or the username and password, of one `baseLayer.sources.argocd`
 * entry; undefined when it has neither.
 */
export function readArgoCdCredentials(
  config: Config,
): ArgoCdCredentials | undefined {
  const token = config.getOptionalString('token');
  if (token) {
    return { token };
  }
  const username = config.getOptionalString('username');
  const password = config.getOptionalString('password');
  return username && password ? { username, password } : undefined;
}

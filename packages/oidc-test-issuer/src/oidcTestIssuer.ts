import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import Provider, { JWK } from 'oidc-provider';

/**
 * A user the issuer knows: its claims are what a Vault OIDC provider sends.
 *
 * @public
 */
export interface OidcTestUser {
  /** What the person types into the login form; also the OIDC subject. */
  login: string;
  email: string;
  /** Display name (`name` claim). */
  name: string;
  /** `preferred_username` claim; defaults to `login`. */
  preferredUsername?: string;
}

/**
 * Options of {@link startOidcTestIssuer}.
 *
 * @public
 */
export interface OidcTestIssuerOptions {
  /**
   * Where the issuer may send the browser back after sign-in. For Backstage:
   * `<backend.baseUrl>/api/auth/oidc/handler/frame`.
   */
  redirectUris: string[];
  /** Known users. Any other login name signs in as an unknown user. */
  users: OidcTestUser[];
  /** Port on 127.0.0.1; a free one when left out. */
  port?: number;
  /** Defaults to `backstage`. */
  clientId?: string;
  /** Defaults to a random secret. */
  clientSecret?: string;
}

/**
 * A running issuer, as {@link startOidcTestIssuer} resolves it.
 *
 * @public
 */
export interface OidcTestIssuer {
  /** The issuer, `http://127.0.0.1:<port>`. */
  url: string;
  /** The discovery document: the `metadataUrl` of Backstage's OIDC provider. */
  metadataUrl: string;
  clientId: string;
  clientSecret: string;
  /**
   * Signs in without a browser: follows `authorizationUrl` (where Backstage's
   * `/api/auth/oidc/start` redirects to) through the login and consent forms
   * as `login`, and resolves with the URL the issuer redirects back to (the
   * client's redirect URI with `code` and `state`). Cookies for the client,
   * such as Backstage's nonce cookie, are not handled here.
   */
  authorize(authorizationUrl: string, login: string): Promise<string>;
  /** Closes the server and its open connections. */
  stop(): Promise<void>;
}

/** Claims of a login name that is not one of the configured users. */
function unknownUser(login: string): OidcTestUser {
  return { login, email: `${login}@unknown.invalid`, name: login };
}

/**
 * Starts a real OpenID Connect issuer (`oidc-provider`) on
 * `http://127.0.0.1:<port>`, for sign-in tests against Backstage's OIDC
 * provider, in jest tests and in the browser end-to-end tests alike.
 *
 * It has one confidential client (`client_secret_basic`, authorization code
 * with PKCE). Like Vault's OIDC provider it issues no refresh tokens to
 * Backstage (which does not ask for the `offline_access` scope). Its development login form accepts any login
 * name with any password: a configured user gets the configured claims, any
 * other name signs in as an unknown user with the email
 * `<login>@unknown.invalid`. The `email` scope gives `email` and
 * `email_verified: true` (Backstage only trusts a verified email), the
 * `profile` scope gives `name` and `preferred_username`.
 *
 * In a browser: fill `input[name=login]` and `input[name=password]`, submit,
 * then submit the consent form.
 *
 * @example
 * ```ts
 * const issuer = await startOidcTestIssuer({
 *   redirectUris: [`${backendUrl}/api/auth/oidc/handler/frame`],
 *   users: [{ login: 'alice', email: 'alice@example.com', name: 'Alice' }],
 * });
 * // auth.providers.oidc.<env>: { metadataUrl: issuer.metadataUrl,
 * //   clientId: issuer.clientId, clientSecret: issuer.clientSecret }
 * await issuer.stop();
 * ```
 *
 * @public
 */
export async function startOidcTestIssuer(
  options: OidcTestIssuerOptions,
): Promise<OidcTestIssuer> {
  const clientId = options.clientId ?? 'backstage';
  const clientSecret =
    options.clientSecret ?? randomBytes(24).toString('base64url');
  const users = new Map(options.users.map(user => [user.login, user]));

  // The port is part of the issuer URL, so listen before creating the provider.
  let handle: http.RequestListener = (_req, res) => {
    res.writeHead(503).end();
  };
  const server = http.createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signingKey = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  }).privateKey.export({ format: 'jwk' }) as JWK;
  const provider = new Provider(url, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'test', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    ttl: {
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AccessToken: 3600,
      IdToken: 3600,
      AuthorizationCode: 60,
    },
    async renderError(ctx, out) {
      ctx.type = 'json';
      ctx.body = out;
    },
    async findAccount(_ctx, login) {
      const user = users.get(login) ?? unknownUser(login);
      return {
        accountId: login,
        async claims() {
          return {
            sub: login,
            email: user.email,
            email_verified: true,
            name: user.name,
            preferred_username: user.preferredUsername ?? user.login,
          };
        },
      };
    },
  });
  handle = provider.callback();

  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', socket => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  return {
    url,
    metadataUrl: `${url}/.well-known/openid-configuration`,
    clientId,
    clientSecret,
    authorize: (authorizationUrl, login) =>
      authorizeWithForms(url, authorizationUrl, login),
    stop: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Walks the issuer's redirects and development forms like a browser would,
 * keeping the issuer's cookies, until a redirect leaves the issuer.
 */
async function authorizeWithForms(
  issuerUrl: string,
  authorizationUrl: string,
  login: string,
): Promise<string> {
  const cookies = new Map<string, string>();
  const request = async (target: string, form?: Record<string, string>) => {
    const res = await fetch(target, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form && {
          'content-type': 'application/x-www-form-urlencoded',
        }),
      },
      body: form && new URLSearchParams(form).toString(),
    });
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  };

  let next = authorizationUrl;
  let form: Record<string, string> | undefined;
  for (let step = 0; step < 10; step++) {
    const res = await request(next, form);
    form = undefined;
    const location = res.headers.get('location');
    if (location) {
      const target = new URL(location, next).toString();
      if (!target.startsWith(issuerUrl)) {
        return target;
      }
      next = target;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!res.ok || !action || !prompt) {
      throw new Error(
        `The OIDC test issuer answered ${res.status} without a form at ${next}`,
      );
    }
    next = new URL(action, next).toString();
    form = prompt === 'login' ? { prompt, login, password: 'any' } : { prompt };
  }
  throw new Error(`Too many redirects signing in at ${authorizationUrl}`);
}

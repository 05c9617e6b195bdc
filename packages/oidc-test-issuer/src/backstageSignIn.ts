import type { OidcTestIssuer } from './oidcTestIssuer';

/** Options of {@link signInThroughBackstage}. @public */
export interface BackstageSignInOptions {
  /** The Backstage backend, e.g. `http://localhost:7007`. */
  backendUrl: string;
  /** The auth environment (`auth.providers.oidc.<env>`). */
  env: string;
  /** The login name typed into the issuer's form. */
  login: string;
}

/** What the popup's handler page would post to the app. @public */
export interface BackstageSignInResult {
  /** Where the issuer sent the browser back to, with `code` and `state`. */
  callbackUrl: URL;
  /** The `authorization_response` message: `response` or `error`. */
  message: {
    type: string;
    response?: any;
    error?: { name: string; message: string };
  };
}

/**
 * Plays the browser through Backstage's OIDC popup flow: `/start` (keeping
 * its nonce cookie), the issuer's login and consent forms, then the
 * backend's handler, whose page carries the auth response. The callback is
 * followed on `backendUrl`, whatever host the issuer redirected to.
 *
 * @public
 */
export async function signInThroughBackstage(
  issuer: OidcTestIssuer,
  { backendUrl, env, login }: BackstageSignInOptions,
): Promise<BackstageSignInResult> {
  const cookies = new Map<string, string>();
  const start = await fetch(
    `${backendUrl}/api/auth/oidc/start?env=${env}&scope=${encodeURIComponent(
      'openid profile email',
    )}`,
    { redirect: 'manual' },
  );
  if (start.status !== 302) {
    throw new Error(`Sign-in start answered ${start.status}, not a redirect`);
  }
  for (const header of start.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const eq = pair.indexOf('=');
    cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
  }

  const callbackUrl = new URL(
    await issuer.authorize(start.headers.get('location')!, login),
  );
  const frame = await fetch(
    `${backendUrl}${callbackUrl.pathname}${callbackUrl.search}`,
    {
      headers: {
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    },
  );
  const html = await frame.text();
  const message = /var authResponse = decodeURIComponent\('([^']*)'\)/.exec(
    html,
  );
  if (!message) {
    throw new Error(`No auth response in the handler's page: ${html}`);
  }
  return { callbackUrl, message: JSON.parse(decodeURIComponent(message[1])) };
}

import { createHash, randomBytes } from 'node:crypto';
import { OidcTestIssuer, startOidcTestIssuer } from './oidcTestIssuer';

const redirectUri = 'http://localhost:7199/api/auth/oidc/handler/frame';

/** The authorization code flow with PKCE, the way Backstage runs it. */
async function signIn(issuer: OidcTestIssuer, login: string) {
  const metadata = await (await fetch(issuer.metadataUrl)).json();
  const verifier = randomBytes(32).toString('base64url');
  const authorizationUrl = new URL(metadata.authorization_endpoint);
  authorizationUrl.search = new URLSearchParams({
    client_id: issuer.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid profile email',
    state: 'state-1',
    nonce: 'nonce-1',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();

  const callback = new URL(
    await issuer.authorize(authorizationUrl.toString(), login),
  );
  expect(callback.origin + callback.pathname).toBe(redirectUri);
  expect(callback.searchParams.get('state')).toBe('state-1');

  const tokenRes = await fetch(metadata.token_endpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(
        `${issuer.clientId}:${issuer.clientSecret}`,
      ).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
  expect(tokenRes.status).toBe(200);
  const tokens = await tokenRes.json();
  const userinfo = await fetch(metadata.userinfo_endpoint, {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  return { tokens, claims: await userinfo.json() };
}

describe('startOidcTestIssuer', () => {
  let issuer: OidcTestIssuer;

  beforeAll(async () => {
    issuer = await startOidcTestIssuer({
      redirectUris: [redirectUri],
      users: [
        {
          login: 'alice',
          email: 'alice@data-platform.example',
          name: 'Alice Admin',
        },
        {
          login: 'bob',
          email: 'robert@elsewhere.example',
          name: 'Bob Developer',
          preferredUsername: 'bob',
        },
      ],
    });
  });

  afterAll(() => issuer.stop());

  it('serves discovery for an issuer on 127.0.0.1', async () => {
    expect(issuer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const metadata = await (await fetch(issuer.metadataUrl)).json();
    expect(metadata.issuer).toBe(issuer.url);
    expect(metadata.code_challenge_methods_supported).toContain('S256');
    expect(metadata.userinfo_endpoint).toBe(`${issuer.url}/me`);
  });

  it('signs a known user in with the configured claims', async () => {
    const { tokens, claims } = await signIn(issuer, 'bob');
    expect(tokens.id_token).toEqual(expect.any(String));
    expect(tokens.refresh_token).toBeUndefined();
    expect(claims).toEqual({
      sub: 'bob',
      email: 'robert@elsewhere.example',
      email_verified: true,
      name: 'Bob Developer',
      preferred_username: 'bob',
    });
  });

  it('signs any other login name in as an unknown user', async () => {
    const { claims } = await signIn(issuer, 'mallory');
    expect(claims).toEqual({
      sub: 'mallory',
      email: 'mallory@unknown.invalid',
      email_verified: true,
      name: 'mallory',
      preferred_username: 'mallory',
    });
  });

  it('refuses a redirect URI it was not configured with', async () => {
    const url = new URL(`${issuer.url}/auth`);
    url.search = new URLSearchParams({
      client_id: issuer.clientId,
      response_type: 'code',
      redirect_uri: 'http://localhost:7199/elsewhere',
      scope: 'openid',
    }).toString();
    await expect(issuer.authorize(url.toString(), 'alice')).rejects.toThrow(
      /answered 400/,
    );
  });
});

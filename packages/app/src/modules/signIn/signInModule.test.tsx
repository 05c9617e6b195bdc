import { githubAuthApiRef, ApiBlueprint } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { OAuthRequestManager } from '@backstage/core-app-api';
import { createApp } from '@backstage/frontend-defaults';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { oidcAuthApi, oidcAuthApiRef } from './oidcAuthApi';
import { signInModule, signInPage } from './signInModule';

const identity = {
  id: 'alice',
  token: 'token',
  identity: {
    type: 'user' as const,
    userEntityRef: 'user:default/alice',
    ownershipEntityRefs: ['user:default/alice'],
  },
};

function authApiMock() {
  return {
    getBackstageIdentity: jest.fn().mockResolvedValue(identity),
    getProfile: jest.fn().mockResolvedValue({ displayName: 'Alice Admin' }),
    getIdToken: jest.fn(),
    getAccessToken: jest.fn(),
    signIn: jest.fn(),
    signOut: jest.fn(),
    sessionState$: jest.fn(),
  };
}

/** Renders the app's sign-in page with `app.signIn.providers` set. */
async function renderSignInPage(
  providers: string[] | undefined,
  oidcAuth = authApiMock(),
) {
  const SignInPage = createExtensionTester(signInPage).get(
    SignInPageBlueprint.dataRefs.component,
  );
  const onSignInSuccess = jest.fn();
  await renderInTestApp(<SignInPage onSignInSuccess={onSignInSuccess} />, {
    config: {
      app: {
        title: 'Data Platform Portal',
        signIn: providers && { providers },
      },
      backend: { baseUrl: 'http://localhost:7007' },
    },
    apis: [
      [oidcAuthApiRef, oidcAuth],
      [githubAuthApiRef, authApiMock()],
    ],
  });
  return { onSignInSuccess };
}

/** The titles of the provider cards, in page order. */
async function providerTitles() {
  await screen.findAllByRole('button', {}, { timeout: 10_000 });
  const titles = ['Guest', 'Vault', 'GitHub'];
  return screen
    .getAllByText(new RegExp(`^(${titles.join('|')})$`))
    .map(element => element.textContent);
}

describe('signInModule', () => {
  jest.setTimeout(30_000);

  it("replaces the app's sign-in page in the app", async () => {
    const app = createApp({
      features: [signInModule],
      advanced: {
        configLoader: async () => ({
          config: mockApis.config({
            data: {
              app: {
                title: 'Data Platform Portal',
                baseUrl: 'http://localhost',
                signIn: { providers: ['oidc'] },
              },
              // Nothing listens here, so no request reaches a real backend.
              backend: { baseUrl: 'http://127.0.0.1:9' },
            },
          }),
        }),
      },
    });
    render(app.createRoot());
    expect(
      await screen.findByText(
        'Sign in with your Vault account',
        {},
        { timeout: 20_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('Guest')).not.toBeInTheDocument();
  });

  it('offers guest when app.signIn.providers is not set', async () => {
    await renderSignInPage(undefined);
    expect(await providerTitles()).toEqual(['Guest']);
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
  });

  it('offers only Vault when config names oidc', async () => {
    await renderSignInPage(['oidc']);
    expect(await providerTitles()).toEqual(['Vault']);
    expect(
      screen.getByText('Sign in with your Vault account'),
    ).toBeInTheDocument();
  });

  it('offers the providers in the order config names them', async () => {
    await renderSignInPage(['oidc', 'guest', 'github']);
    expect(await providerTitles()).toEqual(['Vault', 'Guest', 'GitHub']);
  });

  it('signs in through the Vault OIDC auth API', async () => {
    const oidcAuth = authApiMock();
    const { onSignInSuccess } = await renderSignInPage(['oidc'], oidcAuth);
    await userEvent.click(
      await screen.findByRole(
        'button',
        { name: 'Sign In' },
        { timeout: 10_000 },
      ),
    );
    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    expect(oidcAuth.getBackstageIdentity).toHaveBeenCalledWith({
      instantPopup: true,
    });
    const identityApi = onSignInSuccess.mock.calls[0][0];
    expect(await identityApi.getBackstageIdentity()).toEqual(identity.identity);
  });

  it('names a provider it does not know', async () => {
    await renderSignInPage(['oidc', 'okta']);
    expect(
      await screen.findAllByText(
        /app.signIn.providers names unknown sign-in providers: okta; use guest, oidc or github/,
        {},
        { timeout: 10_000 },
      ),
    ).not.toHaveLength(0);
  });
});

describe('oidcAuthApi', () => {
  it("opens the backend's oidc provider in a popup, in the configured auth environment", async () => {
    const factory = createExtensionTester(oidcAuthApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe(oidcAuthApiRef.id);

    const open = jest.spyOn(window, 'open').mockReturnValue(null);
    const api = factory.factory({
      discoveryApi: mockApis.discovery({ baseUrl: 'http://backend.test' }),
      oauthRequestApi: new OAuthRequestManager(),
      configApi: mockApis.config({
        data: { auth: { environment: 'production' } },
      }),
    }) as typeof oidcAuthApiRef.T;

    await expect(
      api.getBackstageIdentity({ instantPopup: true }),
    ).rejects.toThrow();
    const url = new URL(open.mock.calls[0][0] as string);
    expect(`${url.origin}${url.pathname}`).toBe(
      'http://backend.test/api/auth/oidc/start',
    );
    expect(url.searchParams.get('env')).toBe('production');
    expect(url.searchParams.get('scope')).toBe('openid profile email');
  });
});

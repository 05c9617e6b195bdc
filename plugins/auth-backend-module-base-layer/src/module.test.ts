import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  OidcTestIssuer,
  signInThroughBackstage,
  startOidcTestIssuer,
} from '@internal/oidc-test-issuer';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import authModuleBaseLayerOidcProvider from '.';

/**
 * The issuer sends the browser to this callback; the test plays the browser
 * and takes it to the test backend, whose port is only known once it runs.
 */
const CALLBACK_URL = 'http://localhost:7191/api/auth/oidc/handler/frame';

const user = (name: string, email: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile: { email, displayName: name }, memberOf: [] },
});

const catalogUsers = [
  user('alice', 'alice@data-platform.example'),
  user('bob', 'bob@data-platform.example'),
];

function oidcConfig(
  issuer: Pick<OidcTestIssuer, 'metadataUrl' | 'clientId' | 'clientSecret'>,
) {
  return {
    app: { baseUrl: 'http://localhost:3199' },
    auth: {
      session: { secret: 'test-session-secret' },
      providers: {
        oidc: {
          development: {
            metadataUrl: issuer.metadataUrl,
            clientId: issuer.clientId,
            clientSecret: issuer.clientSecret,
            callbackUrl: CALLBACK_URL,
            prompt: 'auto',
            signIn: {
              resolvers: [
                { resolver: 'emailMatchingUserEntityProfileEmail' },
                { resolver: 'preferredUsernameMatchingUserEntityName' },
              ],
            },
          },
        },
      },
    },
  };
}

function startBackend(config: object) {
  return startTestBackend({
    features: [
      authPlugin,
      authModuleBaseLayerOidcProvider,
      catalogServiceMock.factory({ entities: catalogUsers }),
      mockServices.rootConfig.factory({ data: config as any }),
    ],
  });
}

/**
 * Runs the popup sign-in flow through the backend and the issuer, and returns
 * the message the popup would post to the app.
 */
async function signIn(
  backendUrl: string,
  issuer: OidcTestIssuer,
  login: string,
) {
  const { callbackUrl, message } = await signInThroughBackstage(issuer, {
    backendUrl,
    env: 'development',
    login,
  });
  expect(`${callbackUrl.origin}${callbackUrl.pathname}`).toBe(CALLBACK_URL);
  return message as any;
}

describe('authModuleBaseLayerOidcProvider', () => {
  jest.setTimeout(30_000);

  describe('with an issuer that answers', () => {
    let issuer: OidcTestIssuer;
    let backendUrl: string;

    beforeAll(async () => {
      issuer = await startOidcTestIssuer({
        redirectUris: [CALLBACK_URL],
        users: [
          {
            login: 'alice',
            email: 'alice@data-platform.example',
            name: 'Alice',
          },
          // Vault knows Bob by another address than the catalog does.
          { login: 'bob', email: 'robert@elsewhere.example', name: 'Bob' },
        ],
      });
      const backend = await startBackend(oidcConfig(issuer));
      backendUrl = `http://localhost:${backend.server.port()}`;
    });

    afterAll(() => issuer?.stop());

    it('signs in the User whose profile email is the OIDC email', async () => {
      const message = await signIn(backendUrl, issuer, 'alice');
      expect(message.error).toBeUndefined();
      expect(message.response.profile).toMatchObject({
        email: 'alice@data-platform.example',
        displayName: 'Alice',
      });
      expect(message.response.backstageIdentity.identity.userEntityRef).toBe(
        'user:default/alice',
      );
    });

    it('falls back to the User named by preferred_username', async () => {
      const message = await signIn(backendUrl, issuer, 'bob');
      expect(message.error).toBeUndefined();
      expect(message.response.backstageIdentity.identity.userEntityRef).toBe(
        'user:default/bob',
      );
    });

    it('refuses a user the catalog does not know', async () => {
      const message = await signIn(backendUrl, issuer, 'mallory');
      expect(message.response).toBeUndefined();
      expect(message.error.message).toMatch(
        /unable to resolve user identity.*catalog contains the expected User entities/,
      );
    });
  });

  describe('start-up', () => {
    it('fails naming the config key and URL when the issuer does not answer', async () => {
      // A port that was free a moment ago: nothing answers there.
      const probe = http.createServer();
      await new Promise<void>(done => probe.listen(0, '127.0.0.1', done));
      const { port } = probe.address() as AddressInfo;
      await new Promise(done => probe.close(done));
      const metadataUrl = `http://127.0.0.1:${port}/.well-known/openid-configuration`;

      await expect(
        startBackend(
          oidcConfig({ metadataUrl, clientId: 'portal', clientSecret: 's' }),
        ),
      ).rejects.toThrow(
        `The OIDC issuer of auth.providers.oidc.development.metadataUrl does not answer at ${metadataUrl}`,
      );
    });

    it('fails when the URL answers with something other than an issuer', async () => {
      const notAnIssuer = http.createServer((_req, res) => {
        res.writeHead(404).end();
      });
      await new Promise<void>(done => notAnIssuer.listen(0, '127.0.0.1', done));
      const { port } = notAnIssuer.address() as AddressInfo;
      try {
        await expect(
          startBackend(
            oidcConfig({
              metadataUrl: `http://127.0.0.1:${port}/v1/identity/oidc/provider/portal`,
              clientId: 'portal',
              clientSecret: 's',
            }),
          ),
        ).rejects.toThrow(
          `does not answer at http://127.0.0.1:${port}/v1/identity/oidc/provider/portal/.well-known/openid-configuration; caused by Error: HTTP 404`,
        );
      } finally {
        await new Promise(done => notAnIssuer.close(done));
      }
    });
  });
});

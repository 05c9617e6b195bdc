import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { oidcAuthenticator } from '@backstage/plugin-auth-backend-module-oidc-provider';
import {
  authProvidersExtensionPoint,
  createOAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { assertOidcIssuersAnswer } from './oidcIssuerCheck';
import { baseLayerOidcSignInResolvers } from './resolvers';

/**
 * The `oidc` auth provider (sign-in through Vault's OIDC provider): the OIDC
 * module's authenticator with its sign-in resolvers plus
 * `preferredUsernameMatchingUserEntityName`. Start-up fails when a configured
 * issuer does not answer.
 *
 * Replaces `@backstage/plugin-auth-backend-module-oidc-provider`'s own module,
 * which registers the same provider id: add only one of them.
 *
 * @public
 */
export const authModuleBaseLayerOidcProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'base-layer-oidc-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        await assertOidcIssuersAnswer(config, logger);
        providers.registerProvider({
          providerId: 'oidc',
          factory: createOAuthProviderFactory({
            authenticator: oidcAuthenticator,
            signInResolverFactories: baseLayerOidcSignInResolvers,
          }),
        });
      },
    });
  },
});

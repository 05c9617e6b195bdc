import { NotFoundError } from '@backstage/errors';
import {
  OidcAuthResult,
  oidcSignInResolvers,
} from '@backstage/plugin-auth-backend-module-oidc-provider';
import {
  createSignInResolverFactory,
  OAuthAuthenticatorResult,
  SignInInfo,
} from '@backstage/plugin-auth-node';

/**
 * Signs in the catalog `User` whose name is the `preferred_username` claim
 * (the Vault login). A profile without one, or a name no User has, is a
 * `NotFoundError`, so `signIn.resolvers` goes on to the next resolver, and
 * after the last one the sign-in is refused.
 *
 * The OIDC module's config schema already names this resolver, but its code
 * does not ship it.
 *
 * @public
 */
export const preferredUsernameMatchingUserEntityName =
  createSignInResolverFactory({
    create() {
      return async (
        info: SignInInfo<OAuthAuthenticatorResult<OidcAuthResult>>,
        ctx,
      ) => {
        const username = info.result.fullProfile.userinfo.preferred_username;
        if (!username) {
          throw new NotFoundError(
            'The OIDC user profile has no preferred_username claim',
          );
        }
        return ctx.signInWithCatalogUser({ entityRef: { name: username } });
      };
    },
  });

/**
 * The sign-in resolvers `auth.providers.oidc.<env>.signIn.resolvers` can
 * name: the OIDC module's own, plus `preferredUsernameMatchingUserEntityName`.
 *
 * @public
 */
export const baseLayerOidcSignInResolvers = {
  ...oidcSignInResolvers,
  preferredUsernameMatchingUserEntityName,
};

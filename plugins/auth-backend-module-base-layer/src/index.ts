/**
 * Sign-in through Vault's OIDC provider: the `oidc` auth provider with email
 * and username sign-in resolvers, and a start-up check of the issuer.
 *
 * @packageDocumentation
 */
export { authModuleBaseLayerOidcProvider as default } from './module';
export {
  baseLayerOidcSignInResolvers,
  preferredUsernameMatchingUserEntityName,
} from './resolvers';

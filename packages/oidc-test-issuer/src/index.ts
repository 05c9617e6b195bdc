/**
 * A real OpenID Connect issuer on loopback, with configured users, for tests
 * of the portal's sign-in.
 *
 * @packageDocumentation
 */
export { startOidcTestIssuer } from './oidcTestIssuer';
export type {
  OidcTestIssuer,
  OidcTestIssuerOptions,
  OidcTestUser,
} from './oidcTestIssuer';
export { signInThroughBackstage } from './backstageSignIn';
export type {
  BackstageSignInOptions,
  BackstageSignInResult,
} from './backstageSignIn';

export interface Config {
  app?: {
    signIn?: {
      /**
       * The sign-in providers the sign-in page offers, in this order: `guest`
       * (local development only), `oidc` (Vault's OIDC provider, the backend's
       * `auth.providers.oidc`) or `github` (`auth.providers.github`). Defaults
       * to `[guest]`.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'oidc' | 'github'>;
    };
  };
}

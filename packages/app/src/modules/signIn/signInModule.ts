import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { oidcAuthApi } from './oidcAuthApi';

export const signInPage = SignInPageBlueprint.make({
  params: {
    loader: () =>
      import('./ConfiguredSignInPage').then(m => m.ConfiguredSignInPage),
  },
});

/**
 * The sign-in page, offering the providers `app.signIn.providers` names
 * (guest locally, Vault in production), and the Vault OIDC auth API.
 */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, oidcAuthApi],
});

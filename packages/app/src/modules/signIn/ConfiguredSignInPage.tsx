import { SignInPage, SignInProviderConfig } from '@backstage/core-components';
import {
  configApiRef,
  githubAuthApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';
import { oidcAuthApiRef } from './oidcAuthApi';

const providers: Record<string, 'guest' | SignInProviderConfig> = {
  guest: 'guest',
  oidc: {
    id: 'oidc-auth-provider',
    title: 'Vault',
    message: 'Sign in with your Vault account',
    apiRef: oidcAuthApiRef,
  },
  github: {
    id: 'github-auth-provider',
    title: 'GitHub',
    message: 'Sign in with your GitHub account',
    apiRef: githubAuthApiRef,
  },
};

/** The sign-in page with the providers `app.signIn.providers` names. */
export function ConfiguredSignInPage(props: SignInPageProps) {
  const configApi = useApi(configApiRef);
  const names = configApi.getOptionalStringArray('app.signIn.providers') ?? [
    'guest',
  ];
  const unknown = names.filter(name => !(name in providers));
  if (unknown.length > 0) {
    throw new Error(
      `app.signIn.providers names unknown sign-in providers: ${unknown.join(
        ', ',
      )}; use guest, oidc or github`,
    );
  }
  return (
    <SignInPage
      {...props}
      title="Data Platform Portal"
      align="center"
      providers={names.map(name => providers[name])}
    />
  );
}

import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CustomErrorBase } from '@backstage/errors';

/**
 * The config keys that the production config (app-config.yaml, then
 * app-config.production.yaml) fills from an environment variable without a
 * default, and that production cannot run without.
 *
 * The config loader leaves a key out, without a word, when its variable is
 * unset: the backend would start half-configured and fail later, or quietly
 * use a local default. Not listed: `app.baseUrl` and `backend.baseUrl`
 * (app-config.yaml's localhost values would hide a missing variable, and
 * deploy/ sets them in a config file of its own) and the variables that may
 * stay unset (the Kubernetes tokens and CA data).
 */
export const REQUIRED_PRODUCTION_CONFIG: ReadonlyArray<{
  key: string;
  env: string;
  /** Only required while this key is configured. */
  onlyWith?: string;
}> = [
  { key: 'backend.database.connection.host', env: 'POSTGRES_HOST' },
  { key: 'backend.database.connection.port', env: 'POSTGRES_PORT' },
  { key: 'backend.database.connection.user', env: 'POSTGRES_USER' },
  { key: 'backend.database.connection.password', env: 'POSTGRES_PASSWORD' },
  // Vault sign-in; app-config.github-auth.example.yaml turns it off.
  {
    key: 'auth.session.secret',
    env: 'AUTH_SESSION_SECRET',
    onlyWith: 'auth.providers.oidc',
  },
  {
    key: 'auth.providers.oidc.production.metadataUrl',
    env: 'OIDC_METADATA_URL',
    onlyWith: 'auth.providers.oidc',
  },
  {
    key: 'auth.providers.oidc.production.clientId',
    env: 'OIDC_CLIENT_ID',
    onlyWith: 'auth.providers.oidc',
  },
  {
    key: 'auth.providers.oidc.production.clientSecret',
    env: 'OIDC_CLIENT_SECRET',
    onlyWith: 'auth.providers.oidc',
  },
  { key: 'proxy.endpoints./argocd/api.target', env: 'ARGOCD_URL' },
  {
    key: 'proxy.endpoints./argocd/api.headers.Authorization',
    env: 'ARGOCD_AUTH_TOKEN',
  },
  { key: 'baseLayer.sources.argocd[0].url', env: 'ARGOCD_URL' },
  { key: 'baseLayer.sources.argocd[0].token', env: 'ARGOCD_AUTH_TOKEN' },
  {
    key: 'kubernetes.clusterLocatorMethods[0].clusters[1].url',
    env: 'K8S_BASE_LAYER_URL',
  },
  // The discovery of merged modules reads the GitOps repo with the github.com
  // integration of app-config.yaml; without a token it fails at every run.
  {
    key: 'integrations.github[0].token',
    env: 'GITHUB_TOKEN',
    onlyWith: 'catalog.providers.github',
  },
];

/** Production config is incomplete: names each missing key and its variable. */
export class MissingProductionConfigError extends CustomErrorBase {
  name = 'MissingProductionConfigError' as const;
}

/**
 * The value at a key such as `baseLayer.sources.argocd[0].url`. Reads the
 * raw data, since keys like the proxy's `/argocd/api` are not valid
 * `Config` keys.
 */
export function readConfigKey(data: unknown, key: string): unknown {
  let value = data;
  for (const segment of key.split('.')) {
    const [, name, indexes] = /^(.*?)((?:\[\d+\])*)$/.exec(segment)!;
    value = (value as Record<string, unknown> | undefined)?.[name];
    for (const [, index] of indexes.matchAll(/\[(\d+)\]/g)) {
      value = Array.isArray(value) ? value[Number(index)] : undefined;
    }
  }
  return value;
}

/**
 * Throws a `MissingProductionConfigError` naming every required key that is
 * missing or empty, and the variable to set, when the production config is
 * in use: it is the only config that sets `auth.environment: production`.
 */
export function assertProductionConfig(config: Config): void {
  if (config.getOptionalString('auth.environment') !== 'production') {
    return;
  }
  const data = config.get();
  const isSet = (key: string) => {
    const value = readConfigKey(data, key);
    return value !== undefined && value !== null && value !== '';
  };
  const missing = REQUIRED_PRODUCTION_CONFIG.filter(
    ({ key, onlyWith }) => (!onlyWith || isSet(onlyWith)) && !isSet(key),
  );
  if (missing.length > 0) {
    throw new MissingProductionConfigError(
      `Production config is incomplete: ${missing
        .map(
          ({ key, env }) => `${key} is not set (environment variable ${env})`,
        )
        .join(
          ', ',
        )}. app-config.production.yaml reads these from the environment and leaves a key out when its variable is unset.`,
    );
  }
}

const productionConfigCheckServiceRef = createServiceRef<void>({
  id: 'base-layer.production-config-check',
  scope: 'root',
});

/**
 * Checks the production config before any plugin starts: a root service is
 * created at start-up, ahead of the plugins, so the error comes first and
 * alone.
 */
export default createServiceFactory({
  service: productionConfigCheckServiceRef,
  deps: { config: coreServices.rootConfig },
  factory({ config }) {
    assertProductionConfig(config);
  },
});

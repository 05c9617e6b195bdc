import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/config';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig, REPO_ROOT as ROOT } from '../__testUtils__/loadConfig';
import productionConfigCheck, {
  REQUIRED_PRODUCTION_CONFIG,
  readConfigKey,
} from './productionConfigCheck';

const PRODUCTION_FILES = ['app-config.yaml', 'app-config.production.yaml'];

const REQUIRED_VARIABLES = [
  ...new Set(REQUIRED_PRODUCTION_CONFIG.map(({ env }) => env)),
];
const completeEnvironment: Record<string, string> = Object.fromEntries(
  REQUIRED_VARIABLES.map(env => [env, `value-of-${env}`]),
);

function startBackend(data: JsonObject) {
  return startTestBackend({
    features: [
      productionConfigCheck,
      mockServices.rootConfig.factory({ data }),
    ],
  });
}

describe('productionConfigCheck', () => {
  it('lists keys that the production config files read from those variables', () => {
    // app-config.production.yaml first, as the loader gives it precedence.
    const files = [...PRODUCTION_FILES]
      .reverse()
      .map(file => parse(readFileSync(path.join(ROOT, file), 'utf8')));
    for (const { key, env } of REQUIRED_PRODUCTION_CONFIG) {
      const value = files
        .map(data => readConfigKey(data, key))
        .find(v => v !== undefined);
      expect({ key, value }).toEqual({
        key,
        value: expect.stringContaining(`\${${env}}`),
      });
    }
  });

  it('starts the production config with every variable set', async () => {
    const data = await loadConfig(PRODUCTION_FILES, completeEnvironment);
    await expect(startBackend(data)).resolves.toBeDefined();
  });

  it.each(REQUIRED_VARIABLES)(
    'fails start-up naming the keys when %s is unset',
    async env => {
      const { [env]: _unset, ...environment } = completeEnvironment;
      const data = await loadConfig(PRODUCTION_FILES, environment);

      const error: Error = await startBackend(data).then(
        () => new Error('The backend started'),
        e => e,
      );
      expect(error.name).toBe('MissingProductionConfigError');
      const message = error.message;
      expect(message).toContain('Production config is incomplete');
      for (const { key } of REQUIRED_PRODUCTION_CONFIG.filter(
        entry => entry.env === env,
      )) {
        expect(message).toContain(
          `${key} is not set (environment variable ${env})`,
        );
      }
      // Only the unset variable is named.
      expect(message.match(/environment variable \w+/g)).toEqual(
        REQUIRED_PRODUCTION_CONFIG.filter(entry => entry.env === env).map(
          () => `environment variable ${env}`,
        ),
      );
    },
  );

  it('names every unset variable at once', async () => {
    const data = await loadConfig(PRODUCTION_FILES, {});
    await expect(startBackend(data)).rejects.toThrow(
      /POSTGRES_HOST.*OIDC_CLIENT_ID.*ARGOCD_AUTH_TOKEN/,
    );
  });

  it('needs no Vault variables with the GitHub sign-in alternative', async () => {
    const vault = REQUIRED_PRODUCTION_CONFIG.filter(
      ({ onlyWith }) => onlyWith === 'auth.providers.oidc',
    ).map(({ env }) => env);
    expect(vault).toEqual([
      'AUTH_SESSION_SECRET',
      'OIDC_METADATA_URL',
      'OIDC_CLIENT_ID',
      'OIDC_CLIENT_SECRET',
    ]);
    const environment = Object.fromEntries(
      Object.entries(completeEnvironment).filter(
        ([env]) => !vault.includes(env),
      ),
    );
    const data = await loadConfig(
      [...PRODUCTION_FILES, 'app-config.github-auth.example.yaml'],
      {
        ...environment,
        AUTH_GITHUB_CLIENT_ID: 'github-client',
        AUTH_GITHUB_CLIENT_SECRET: 'github-secret',
      },
    );
    expect(
      Object.keys(readConfigKey(data, 'auth.providers') as object).sort(),
    ).toEqual(['github', 'guest']);
    expect(readConfigKey(data, 'app.signIn.providers')).toEqual(['github']);
    await expect(startBackend(data)).resolves.toBeDefined();
  });

  it('leaves local development alone', async () => {
    const data = await loadConfig(['app-config.yaml'], {});
    await expect(startBackend(data)).resolves.toBeDefined();
  });
});

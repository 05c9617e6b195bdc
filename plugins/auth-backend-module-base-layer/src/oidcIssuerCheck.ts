import { LoggerService } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';

/** What the OIDC module waits for its HTTP calls when `timeout` is not set. */
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The URL openid-client's discovery fetches for a `metadataUrl`: the URL
 * itself when it names a `/.well-known/` document, else the issuer's
 * OpenID configuration.
 */
export function discoveryUrl(metadataUrl: string): string {
  if (metadataUrl.includes('/.well-known/')) {
    return metadataUrl;
  }
  return `${metadataUrl.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

/**
 * Fetches the discovery document of every environment under
 * `auth.providers.oidc` and throws, naming the config key and the URL, when
 * one does not answer with an issuer.
 *
 * The OIDC module itself only starts discovery at start-up and lets it fail
 * in the background: the backend would start, and the first sign-in would
 * fail instead.
 */
export async function assertOidcIssuersAnswer(
  config: Config,
  logger: LoggerService,
): Promise<void> {
  const providers = config.getOptionalConfig('auth.providers.oidc');
  for (const env of providers?.keys() ?? []) {
    const envConfig = providers!.getConfig(env);
    const key = `auth.providers.oidc.${env}.metadataUrl`;
    const metadataUrl = envConfig.getString('metadataUrl');
    const timeoutMs = envConfig.has('timeout')
      ? durationToMilliseconds(
          readDurationFromConfig(envConfig, { key: 'timeout' }),
        )
      : DEFAULT_TIMEOUT_MS;
    const url = discoveryUrl(metadataUrl);

    let issuer: string;
    try {
      const res = await fetch(url, {
        signal: AbortSignal.timeout(timeoutMs),
        headers: { accept: 'application/json' },
      });
      if (!res.ok) {
        throw new Error(`HTTP ${res.status} ${res.statusText}`);
      }
      const metadata = (await res.json()) as { issuer?: unknown };
      if (typeof metadata.issuer !== 'string') {
        throw new Error('the discovery document names no issuer');
      }
      issuer = metadata.issuer;
    } catch (error) {
      throw new ServiceUnavailableError(
        `The OIDC issuer of ${key} does not answer at ${url}`,
        error,
      );
    }
    logger.info(`OIDC issuer answers for ${key}`, { issuer, metadataUrl });
  }
}

import { CustomErrorBase } from '@backstage/errors';

/**
 * A `baseLayer.*` config value the plugins cannot start with. The message
 * names the key, as in
 * `Invalid baseLayer.tools.dev.grafana: only http(s) URLs are allowed`, and
 * `key` holds it for callers.
 *
 * @public
 */
export class BaseLayerConfigError extends CustomErrorBase {
  name = 'BaseLayerConfigError' as const;

  constructor(
    /** The full config key, for example `baseLayer.sources.argocd[0]`. */
    readonly key: string,
    reason: string,
  ) {
    super(`Invalid ${key}: ${reason}`);
  }
}

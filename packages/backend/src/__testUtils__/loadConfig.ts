import path from 'node:path';
import { JsonObject } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';

/** The repository root, where the app-config files are. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/**
 * Reads the repository's config files the way the backend does, with the
 * config loader, but with `${VAR}`s taken from `environment` instead of
 * process.env.
 */
export async function loadConfig(
  files: string[],
  environment: Record<string, string>,
): Promise<JsonObject> {
  const config = await ConfigSources.toConfig(
    ConfigSources.default({
      rootDir: REPO_ROOT,
      argv: files.flatMap(file => ['--config', path.join(REPO_ROOT, file)]),
      env: {},
      watch: false,
      substitutionFunc: async name => environment[name],
    }),
  );
  const data = config.get<JsonObject>();
  config.close();
  return data;
}

import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { SnapshotApplicationSource } from './SnapshotApplicationSource';

const CONFIG_KEY = 'baseLayer.sources.snapshots';

/**
 * Creates one snapshot source per entry of `baseLayer.sources.snapshots`.
 * Nothing is read here; files are read on `read()` and watched from `start()`.
 *
 * The wave engine builds sources entry by entry through
 * {@link SnapshotApplicationSource.fromConfig}; this is for callers that want
 * the snapshot sources alone.
 *
 * Relative paths resolve against the backend's working directory, which is
 * `packages/backend` under `yarn dev`; hence `../../examples/...` in
 * `app-config.yaml`.
 *
 * @throws InputError naming the entry when a name is repeated or has no paths.
 */
export function readSnapshotSourcesFromConfig(
  config: Config,
  logger: LoggerService,
  options: { baseDir?: string } = {},
): SnapshotApplicationSource[] {
  const entries = config.getOptionalConfigArray(CONFIG_KEY) ?? [];
  const names = new Set<string>();
  return entries.map((entry, index) => {
    const name = entry.getString('name');
    if (names.has(name)) {
      throw new InputError(
        `Invalid ${CONFIG_KEY}[${index}].name: source "${name}" is declared twice`,
      );
    }
    names.add(name);
    return SnapshotApplicationSource.fromConfig(entry, { logger, ...options });
  });
}

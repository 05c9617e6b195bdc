import { InputError } from '@backstage/errors';
import yaml from 'yaml';
import { ExistingModule } from './existingModule';
import { GitopsRepoReader } from './gitopsRepo';
import { MODULE_ENVIRONMENTS, ModuleEnvironment } from './moduleInput';

/**
 * A change of the set of kustomize overlays an existing module ships
 * (`<overlayRoot>/overlays/<overlay>/`): which are added, which removed
 * with which files, and the overlay the module's Argo CD Application
 * deploys, which must stay.
 */
export interface OverlaySetChange {
  /** The overlays (aws, dev, prod) the repo holds now. */
  current: ModuleEnvironment[];
  /** The wanted set, in the canonical order. */
  wanted: ModuleEnvironment[];
  added: ModuleEnvironment[];
  removed: ModuleEnvironment[];
  /** Every file of the removed overlays, for `filesToDelete`. */
  filesToDelete: string[];
  /** The overlay the Application deploys; undefined without one. */
  deployed?: string;
}

/**
 * The overlays of a module the repo holds, among aws, dev and prod: the
 * folders below `overlays/` with a file. A folder of another name is not
 * the template's to add or remove.
 */
export function repoOverlays(module: ExistingModule): ModuleEnvironment[] {
  return MODULE_ENVIRONMENTS.filter(overlay =>
    module.files.some(file =>
      file.startsWith(`${module.layout.overlayDir(overlay)}/`),
    ),
  );
}

/**
 * The overlay an Argo CD Application deploys of the module: the one its
 * source (`spec.source`) or one of its sources (`spec.sources`) points at.
 */
export function applicationOverlay(
  text: string,
  path: string,
  module: ExistingModule,
): string | undefined {
  let application: any;
  try {
    application = yaml.parse(text);
  } catch (error) {
    throw new InputError(
      `${path} is not valid YAML (${
        (error as Error).message
      }); fix it by hand first`,
    );
  }
  const sources: unknown[] = [
    application?.spec?.source,
    ...(Array.isArray(application?.spec?.sources)
      ? application.spec.sources
      : []),
  ];
  const prefix = `${module.layout.overlayRoot}/overlays/`;
  for (const source of sources) {
    const sourcePath = (source as { path?: unknown } | undefined)?.path;
    if (typeof sourcePath === 'string' && sourcePath.startsWith(prefix)) {
      return sourcePath.slice(prefix.length).replace(/\/+$/, '');
    }
  }
  return undefined;
}

/**
 * Plans the change of a module's overlays to `wanted`, reading its Argo CD
 * Application when an overlay goes.
 *
 * @throws InputError naming `overlays` when the change would remove the
 * overlay the Application deploys
 */
export async function planOverlaySet(
  reader: GitopsRepoReader,
  module: ExistingModule,
  wanted: ModuleEnvironment[],
): Promise<OverlaySetChange> {
  const current = repoOverlays(module);
  const added = wanted.filter(overlay => !current.includes(overlay));
  const removed = current.filter(overlay => !wanted.includes(overlay));
  const { application } = module.layout;
  let deployed: string | undefined;
  if (module.files.includes(application)) {
    const text = await reader.readFile(application);
    deployed =
      text === undefined
        ? undefined
        : applicationOverlay(text, application, module);
  }
  const kept = removed.find(overlay => overlay === deployed);
  if (kept) {
    throw new InputError(
      `Invalid input 'overlays': cannot remove the ${kept} overlay of module '${
        module.name
      }': its Argo CD Application (${application}) deploys it (${module.layout.overlayDir(
        kept,
      )}); keep ${kept} in the set`,
    );
  }
  const filesToDelete = module.files.filter(file =>
    removed.some(overlay =>
      file.startsWith(`${module.layout.overlayDir(overlay)}/`),
    ),
  );
  return { current, wanted, added, removed, filesToDelete, deployed };
}

import { InputError } from '@backstage/errors';
import yaml from 'yaml';
import { ExistingModule } from './existingModule';
import { GitopsRepoReader } from './gitopsRepo';
import { ModuleEnvironment } from './moduleInput';

/**
 * A change of the set of kustomize overlays an existing module ships
 * (`<overlayRoot>/overlays/<overlay>/`): which are added, which removed
 * with which files, and the overlay the module's Argo CD Application
 * deploys, which must stay.
 */
export interface OverlaySetChange {
  /** The overlays the repo holds now, sorted. */
  current: string[];
  /** The wanted set, in the canonical order. */
  wanted: ModuleEnvironment[];
  added: ModuleEnvironment[];
  removed: string[];
  /** Every file of the removed overlays, for `filesToDelete`. */
  filesToDelete: string[];
  /** The overlay the Application deploys; undefined without one. */
  deployed?: string;
}

/** The overlays of a module the repo holds: the folders below `overlays/`. */
export function repoOverlays(module: ExistingModule): string[] {
  const prefix = `${module.layout.overlayRoot}/overlays/`;
  return [
    ...new Set(
      module.files
        .filter(file => file.startsWith(prefix))
        .map(file => file.slice(prefix.length).split('/')[0])
        .filter(overlay => overlay !== ''),
    ),
  ].sort();
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
  const removed = current.filter(
    overlay => !(wanted as string[]).includes(overlay),
  );
  const { application } = module.layout;
  let deployed: string | undefined;
  if (module.files.includes(application)) {
    const text = await reader.readFile(application);
    deployed =
      text === undefined
        ? undefined
        : applicationOverlay(text, application, module);
  }
  if (deployed !== undefined && removed.includes(deployed)) {
    throw new InputError(
      `Invalid input 'overlays': cannot remove the ${deployed} overlay of module '${
        module.name
      }': its Argo CD Application (${application}) deploys it (${module.layout.overlayDir(
        deployed,
      )}); keep ${deployed} in the set`,
    );
  }
  const filesToDelete = module.files.filter(file =>
    removed.some(overlay =>
      file.startsWith(`${module.layout.overlayDir(overlay)}/`),
    ),
  );
  return { current, wanted, added, removed, filesToDelete, deployed };
}

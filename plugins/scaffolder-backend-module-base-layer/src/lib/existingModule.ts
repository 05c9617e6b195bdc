import { InputError, NotFoundError } from '@backstage/errors';
import { moduleApplicationPath } from './argoCdApplication';
import { GitopsRepoReader } from './gitopsRepo';
import { moduleRepoLayout, ModuleRepoLayout } from './moduleFiles';
import { readDeploymentImage } from './overlayEdits';

/** The overlays whose requests and image an existing module's change sets. */
export const CHANGEABLE_OVERLAYS = ['dev', 'prod'] as const;

/** One of {@link CHANGEABLE_OVERLAYS}. */
export type ChangeableOverlay = (typeof CHANGEABLE_OVERLAYS)[number];

/** A BASE module as the GitOps repo holds it: its layout and its files. */
export interface ExistingModule {
  name: string;
  layout: ModuleRepoLayout;
  /** Every file of the module in the repo, sorted. */
  files: string[];
}

/**
 * Every path a module owns in the GitOps repo: its folders (with a trailing
 * `/`) and single files. The Application is looked for under the agreed
 * name and under the name the create template writes, in case they differ.
 */
export function moduleOwnedPaths(layout: ModuleRepoLayout, name: string) {
  return [
    ...new Set([
      `${layout.moduleDir}/`,
      `${layout.overlayRoot}/`,
      layout.application,
      moduleApplicationPath(name),
      layout.iamRole,
      layout.vaultPolicy,
      layout.vaultKubernetesRole,
    ]),
  ];
}

/**
 * Finds a module in the GitOps repo with one listing of its tree.
 *
 * @throws NotFoundError naming the module when the repo holds none of its files
 */
export async function findModule(
  reader: GitopsRepoReader,
  name: string,
  field = 'name',
): Promise<ExistingModule> {
  const layout = moduleRepoLayout(name);
  const files = await reader.listFiles(moduleOwnedPaths(layout, name));
  if (files.length === 0) {
    throw new NotFoundError(
      `Invalid input '${field}': module '${name}' is not in ${reader.label} (no ${layout.moduleDir}/, no ${layout.overlayRoot}/, no Argo CD Application)`,
    );
  }
  return { name, layout, files };
}

/** Path of an overlay's kustomization. */
export const overlayKustomization = (
  layout: ModuleRepoLayout,
  overlay: string,
) => `${layout.overlayDir(overlay)}/kustomization.yaml`;

/**
 * The kustomization of one overlay of the module.
 *
 * @throws NotFoundError naming `field` when the module has no such overlay
 */
export function requireOverlay(
  module: ExistingModule,
  overlay: string,
  field: string,
): string {
  const path = overlayKustomization(module.layout, overlay);
  if (!module.files.includes(path)) {
    throw new NotFoundError(
      `Invalid input '${field}': module '${module.name}' has no ${overlay} overlay (${path})`,
    );
  }
  return path;
}

/** Path of the module's Deployment manifest, whose image the overlays change. */
export const deploymentPath = (layout: ModuleRepoLayout) =>
  `${layout.moduleDir}/deployment.yaml`;

/**
 * Reads files of the module that must exist.
 *
 * @throws NotFoundError naming the path of a missing one
 */
export async function readModuleFiles(
  reader: GitopsRepoReader,
  paths: string[],
): Promise<Map<string, string>> {
  const texts = await reader.readFiles([...new Set(paths)]);
  for (const path of paths) {
    if (!texts.has(path)) {
      throw new NotFoundError(`${path} is not in ${reader.label}`);
    }
  }
  return texts;
}

/** The image the module's Deployment names, which the overlays' `images:` replace. */
export function baseImageOf(
  module: ExistingModule,
  texts: Map<string, string>,
): string {
  const path = deploymentPath(module.layout);
  const text = texts.get(path);
  if (text === undefined) {
    throw new InputError(
      `module '${module.name}' has no Deployment manifest ${path}`,
    );
  }
  return readDeploymentImage(text, path);
}

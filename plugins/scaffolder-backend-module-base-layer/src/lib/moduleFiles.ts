import { applicationFilePath } from './argoCdApplication';
import { catalogEntityPath } from './catalogEntity';
import { planKustomizeFiles } from './kustomize';
import { ModuleSpec } from './moduleSpec';

/**
 * Every file the BASE module actions write for a module, relative to
 * `targetPath`: the manifests and overlays, the Application and the entity.
 */
export function planModuleFiles(spec: ModuleSpec): string[] {
  return [
    ...planKustomizeFiles(spec).map(file => file.path),
    applicationFilePath(spec),
    catalogEntityPath(spec),
  ];
}

/** Repo paths whose existence means the module already exists. */
export function moduleRepoPaths(spec: ModuleSpec): string[] {
  return [spec.moduleDir, spec.overlayRoot, applicationFilePath(spec)];
}

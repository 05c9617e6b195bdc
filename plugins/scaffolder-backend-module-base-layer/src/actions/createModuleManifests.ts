import { buildKustomizeFiles } from '../lib/kustomize';
import { loadKubernetesModels } from '../lib/models';
import { moduleActionFields } from '../lib/moduleInput';
import { ModuleDefaults } from '../lib/moduleSpec';
import { examples } from './createModuleManifests.examples';
import { createModuleWriterAction } from './moduleWriterAction';

/**
 * `base:manifests:create`: writes a BASE module's Deployment, Service,
 * ServiceAccount (IRSA) and ConfigMap, and its kustomize base and overlays,
 * into the workspace.
 */
export function createModuleManifestsAction(options: {
  defaults: ModuleDefaults;
}) {
  return createModuleWriterAction({
    id: 'base:manifests:create',
    description:
      "Writes a BASE module's manifests into <module_dir>/ and its kustomize base and aws/dev/prod overlays into platform-services/kustomize/base-layer/<module>/. Never overwrites a file.",
    examples,
    defaults: options.defaults,
    input: moduleActionFields('resources', 'image', 'iamRoleArn'),
    output: {},
    build: async spec => ({
      files: buildKustomizeFiles(spec, await loadKubernetesModels()),
    }),
  });
}

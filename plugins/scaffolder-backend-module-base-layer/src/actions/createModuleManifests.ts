import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { buildKustomizeFiles } from '../lib/kustomize';
import { loadKubernetesModels } from '../lib/models';
import { filesOutput, pickModuleInputFields } from '../lib/moduleInput';
import { ModuleDefaults, parseModuleInput } from '../lib/moduleSpec';
import { writeWorkspaceFiles } from '../lib/workspace';
import { examples } from './createModuleManifests.examples';

const inputFields = pickModuleInputFields(
  'name',
  'wave',
  'environments',
  'resources',
  'image',
  'iamRoleArn',
  'targetPath',
);

/**
 * `base:manifests:create`: writes a BASE module's Deployment, Service,
 * ServiceAccount (IRSA) and ConfigMap, and its kustomize base and overlays,
 * into the workspace.
 */
export function createModuleManifestsAction(options: {
  defaults: ModuleDefaults;
}) {
  const { defaults } = options;
  return createTemplateAction({
    id: 'base:manifests:create',
    description:
      "Writes a BASE module's manifests into <module_dir>/ and its kustomize base and aws/dev/prod overlays into platform-services/kustomize/base-layer/<module>/. Never overwrites a file.",
    examples,
    supportsDryRun: true,
    schema: {
      input: inputFields,
      output: { files: filesOutput },
    },
    // Only the workspace is written, in dry-run too: the dry-run result shows
    // the very files a real run would propose.
    async handler(ctx) {
      const spec = parseModuleInput(ctx.input, defaults, inputFields);
      const models = await loadKubernetesModels();
      const files = await writeWorkspaceFiles(
        ctx.workspacePath,
        spec.targetPath,
        buildKustomizeFiles(spec, models),
      );
      ctx.logger.info(`Wrote ${files.length} manifest files`, {
        module: spec.name,
      });
      ctx.output('files', files);
    },
  });
}

import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ModuleDefaults } from '../lib/moduleSpec';
import { filesOutput, moduleInputFields } from '../lib/inputSchema';
import { buildModuleManifests } from '../lib/manifests';
import { loadKubernetesModels } from '../lib/models';
import { parseModuleInput } from '../lib/moduleSpec';
import { writeWorkspaceFiles } from '../lib/workspace';
import { examples } from './createModuleManifests.examples';

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
      input: {
        name: moduleInputFields.name,
        wave: moduleInputFields.wave,
        environments: moduleInputFields.environments,
        resources: moduleInputFields.resources,
        image: moduleInputFields.image,
        iamRoleArn: moduleInputFields.iamRoleArn,
        targetPath: moduleInputFields.targetPath,
      },
      output: {
        files: filesOutput,
      },
    },
    // Only the workspace is written, in dry-run too: the dry-run result shows
    // the very files a real run would propose.
    async handler(ctx) {
      const spec = parseModuleInput(ctx.input, defaults, {
        requireIamRole: true,
      });
      const models = await loadKubernetesModels();
      const files = await writeWorkspaceFiles(
        ctx.workspacePath,
        spec.targetPath,
        buildModuleManifests(spec, models),
      );
      ctx.logger.info(`Wrote ${files.length} manifest files`, {
        module: spec.name,
      });
      ctx.output('files', files);
    },
  });
}

import { ScmIntegrationRegistry } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ScaffolderDefaults } from '../lib/config';
import { filesOutput, moduleInputFields } from '../lib/inputSchema';
import { buildArgoCdApplication } from '../lib/manifests';
import { loadKubernetesModels } from '../lib/models';
import {
  resolveGithubRepo,
  validateBranch,
} from '../lib/ModuleExistenceChecker';
import { parseModuleInput } from '../lib/moduleSpec';
import { writeWorkspaceFiles } from '../lib/workspace';
import { examples } from './createArgoCdApplication.examples';

/**
 * `base:application:create`: writes a BASE module's multi-source Argo CD
 * Application into the workspace.
 */
export function createArgoCdApplicationAction(options: {
  defaults: ScaffolderDefaults;
  integrations: ScmIntegrationRegistry;
}) {
  const { defaults, integrations } = options;
  return createTemplateAction({
    id: 'base:application:create',
    description:
      "Writes a BASE module's Argo CD Application (module folder + overlay sources, wave label and sync-wave annotation, automated sync with retry) to platform-services/argocd/applications/base-layer/<module>-app.yaml.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: moduleInputFields.name,
        wave: moduleInputFields.wave,
        environments: moduleInputFields.environments,
        repoUrl: moduleInputFields.repoUrl,
        branch: moduleInputFields.branch,
        targetPath: moduleInputFields.targetPath,
      },
      output: {
        files: filesOutput,
        applicationName: z =>
          z.string({ description: 'Name of the Argo CD Application' }),
      },
    },
    async handler(ctx) {
      const spec = parseModuleInput(ctx.input, defaults);
      const repo = resolveGithubRepo(ctx.input.repoUrl, integrations);
      const branch = validateBranch('branch', ctx.input.branch);
      const models = await loadKubernetesModels();
      const files = await writeWorkspaceFiles(
        ctx.workspacePath,
        spec.targetPath,
        [buildArgoCdApplication(spec, repo, branch, defaults, models)],
      );
      ctx.output('files', files);
      ctx.output('applicationName', spec.appName);
    },
  });
}

import { ScmIntegrationRegistry } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { buildArgoCdApplication } from '../lib/argoCdApplication';
import { ScaffolderDefaults } from '../lib/config';
import { resolveGithubRepo } from '../lib/githubRepo';
import { loadKubernetesModels } from '../lib/models';
import { filesOutput, pickModuleInputFields } from '../lib/moduleInput';
import { parseModuleInput } from '../lib/moduleSpec';
import { writeWorkspaceFiles } from '../lib/workspace';
import { examples } from './createArgoCdApplication.examples';

const inputFields = pickModuleInputFields(
  'name',
  'wave',
  'environments',
  'repoUrl',
  'branch',
  'targetPath',
);

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
      input: inputFields,
      output: {
        files: filesOutput,
        applicationName: z =>
          z.string({ description: 'Name of the Argo CD Application' }),
      },
    },
    async handler(ctx) {
      const spec = parseModuleInput(ctx.input, defaults, inputFields);
      const repo = resolveGithubRepo(spec.repoUrl, integrations);
      const models = await loadKubernetesModels();
      const files = await writeWorkspaceFiles(
        ctx.workspacePath,
        spec.targetPath,
        [buildArgoCdApplication(spec, repo, defaults, models)],
      );
      ctx.output('files', files);
      ctx.output('applicationName', spec.appName);
    },
  });
}

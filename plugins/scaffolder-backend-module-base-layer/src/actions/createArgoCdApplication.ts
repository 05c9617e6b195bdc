import { ScmIntegrationRegistry } from '@backstage/integration';
import { buildArgoCdApplication } from '../lib/argoCdApplication';
import { ScaffolderDefaults } from '../lib/config';
import { resolveGithubRepo } from '../lib/githubRepo';
import { loadKubernetesModels } from '../lib/models';
import { moduleActionFields } from '../lib/moduleInput';
import { examples } from './createArgoCdApplication.examples';
import { createModuleWriterAction } from './moduleWriterAction';

/**
 * `base:application:create`: writes a BASE module's multi-source Argo CD
 * Application into the workspace.
 */
export function createArgoCdApplicationAction(options: {
  defaults: ScaffolderDefaults;
  integrations: ScmIntegrationRegistry;
}) {
  const { defaults, integrations } = options;
  return createModuleWriterAction({
    id: 'base:application:create',
    description:
      "Writes a BASE module's Argo CD Application (module folder + overlay sources, wave label and sync-wave annotation, automated sync with retry) to argocd/applications/base-layer/<module>-aws.yaml, the seeds' name.",
    examples,
    defaults,
    input: moduleActionFields('repoUrl', 'branch'),
    output: {
      applicationName: z =>
        z.string({ description: 'Name of the Argo CD Application' }),
    },
    async build(spec) {
      const repo = resolveGithubRepo(spec.repoUrl, integrations);
      const models = await loadKubernetesModels();
      return {
        files: [buildArgoCdApplication(spec, repo, defaults, models)],
        output: { applicationName: spec.appName },
      };
    },
  });
}

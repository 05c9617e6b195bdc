import { ConflictError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ScaffolderDefaults } from '../lib/config';
import { filesOutput, moduleInputFields } from '../lib/inputSchema';
import {
  ModuleConflict,
  ModuleLookup,
  resolveGithubRepo,
  validateBranch,
} from '../lib/ModuleExistenceChecker';
import {
  moduleRepoPaths,
  parseModuleInput,
  planModuleFiles,
} from '../lib/moduleSpec';
import { assertWorkspaceFree } from '../lib/workspace';
import { examples } from './validateModule.examples';

/**
 * `base:module:validate`: checks every input of a new BASE module, and that
 * the module exists neither in the catalog nor in the GitOps repo, before any
 * other step writes a file. Writes nothing.
 */
export function createValidateModuleAction(options: {
  defaults: ScaffolderDefaults;
  integrations: ScmIntegrationRegistry;
  existence: ModuleLookup;
}) {
  const { defaults, integrations, existence } = options;
  return createTemplateAction({
    id: 'base:module:validate',
    description:
      'Validates a new BASE module (name, wave, environments, resources, paths) and fails with ConflictError when it already exists in the catalog or the GitOps repo. Writes nothing.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: moduleInputFields.name,
        description: moduleInputFields.description,
        owner: moduleInputFields.owner,
        lifecycle: moduleInputFields.lifecycle,
        wave: moduleInputFields.wave,
        environments: moduleInputFields.environments,
        resources: moduleInputFields.resources,
        image: moduleInputFields.image,
        iamRoleArn: moduleInputFields.iamRoleArn,
        targetPath: moduleInputFields.targetPath,
        repoUrl: moduleInputFields.repoUrl,
        branch: moduleInputFields.branch,
      },
      output: {
        moduleDir: z =>
          z.string({
            description: 'Manifest folder, for example data_lineage',
          }),
        namespace: z => z.string({ description: 'Namespace, base-<name>' }),
        overlayPath: z =>
          z.string({ description: 'Kustomize folder of the module' }),
        waveName: z => z.string({ description: 'Name of the chosen wave' }),
        files: filesOutput,
      },
    },
    async handler(ctx) {
      const spec = parseModuleInput(ctx.input, defaults, {
        requireOwner: true,
        requireIamRole: true,
      });
      const repo = resolveGithubRepo(ctx.input.repoUrl, integrations);
      const branch = validateBranch('branch', ctx.input.branch);
      const plan = planModuleFiles(spec);
      const files = [...plan.manifests, ...plan.application, ...plan.entity];
      await assertWorkspaceFree(ctx.workspacePath, spec.targetPath, files);

      if (ctx.isDryRun) {
        ctx.logger.info(
          'Dry run: skipping the catalog and GitOps repo lookups for an existing module',
          { module: spec.name },
        );
      } else {
        const credentials = await ctx.getInitiatorCredentials();
        // Checkpointed so a resumed task sees the answer it acted on, rather
        // than finding the branch it created itself on a second lookup.
        const conflict = await ctx.checkpoint<ModuleConflict | null>({
          key: `base.module.exists.v1.${repo.owner}.${repo.repo}.${spec.name}`,
          fn: async () =>
            (await existence.findInCatalog(spec, credentials)) ??
            (await existence.findInRepo(repo, branch, moduleRepoPaths(spec))) ??
            null,
        });
        if (conflict) {
          throw new ConflictError(
            `Invalid input 'name': module '${spec.name}' already exists (${
              conflict.source === 'catalog' ? 'catalog entity' : 'repo path'
            } ${conflict.location})`,
          );
        }
      }

      ctx.output('moduleDir', spec.moduleDir);
      ctx.output('namespace', spec.namespace);
      ctx.output('overlayPath', spec.overlayRoot);
      ctx.output('waveName', spec.wave.name);
      ctx.output(
        'files',
        files.map(f =>
          spec.targetPath === '.' ? f : `${spec.targetPath}/${f}`,
        ),
      );
    },
  });
}

import { ConflictError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  ActionContext,
  createTemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { ScaffolderDefaults } from '../lib/config';
import { GithubRepo, resolveGithubRepo } from '../lib/githubRepo';
import { moduleRepoPaths, planModuleFiles } from '../lib/moduleFiles';
import { filesOutput, moduleInputFields } from '../lib/moduleInput';
import { ModuleSpec, parseModuleInput } from '../lib/moduleSpec';
import { ModuleConflict, ModuleLookup } from '../lib/ModuleExistenceChecker';
import { assertWorkspaceFree } from '../lib/workspace';
import { examples } from './validateModule.examples';

/**
 * Looks the module up in the catalog and the GitOps repo, once: checkpointed
 * so a resumed task sees the answer it acted on, rather than finding the
 * branch it created itself on a second lookup.
 *
 * @throws ConflictError naming `name` when the module exists
 */
async function assertModuleIsNew(
  ctx: ActionContext<any, any>,
  spec: ModuleSpec,
  repo: GithubRepo,
  existence: ModuleLookup,
): Promise<void> {
  const credentials = await ctx.getInitiatorCredentials();
  const conflict = await ctx.checkpoint<ModuleConflict | null>({
    key: `base.module.exists.v1.${repo.owner}.${repo.repo}.${spec.name}`,
    fn: async () =>
      (await existence.findInCatalog(spec, credentials)) ??
      (await existence.findInRepo(repo, spec.branch, moduleRepoPaths(spec))) ??
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
      input: moduleInputFields,
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
      const spec = parseModuleInput(ctx.input, defaults, moduleInputFields);
      const repo = resolveGithubRepo(spec.repoUrl, integrations);
      const files = planModuleFiles(spec);
      await assertWorkspaceFree(ctx.workspacePath, spec.targetPath, files);
      if (ctx.isDryRun) {
        ctx.logger.info(
          'Dry run: skipping the catalog and GitOps repo lookups for an existing module',
          { module: spec.name },
        );
      } else {
        await assertModuleIsNew(ctx, spec, repo, existence);
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

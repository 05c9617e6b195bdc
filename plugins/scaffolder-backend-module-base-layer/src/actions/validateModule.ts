import { ConflictError, InputError, stringifyError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  ActionContext,
  createTemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { ScaffolderDefaults } from '../lib/config';
import {
  GithubRepo,
  hasGithubCredentials,
  resolveGithubRepo,
} from '../lib/githubRepo';
import { assertAccessInput } from '../lib/moduleAccess';
import { moduleRepoPaths, planModuleFiles } from '../lib/moduleFiles';
import { filesOutput, moduleInputFields } from '../lib/moduleInput';
import { ModuleSpec, parseModuleInput } from '../lib/moduleSpec';
import { ModuleConflict, ModuleLookup } from '../lib/ModuleExistenceChecker';
import { assertWorkspaceFree } from '../lib/workspace';
import { examples } from './validateModule.examples';

/** The first problem the lookups found, as a checkpoint can store it. */
type LookupProblem = { conflict: boolean; message: string };

/**
 * Looks the module up in the GitOps repo. In a dry run a repo that cannot be
 * read (no credentials, unreachable, refused, too slow) is logged as not
 * checked rather than failing the preview; a real run fails on it.
 */
async function findInRepo(
  ctx: ActionContext<any, any>,
  spec: ModuleSpec,
  repo: GithubRepo,
  existence: ModuleLookup,
  integrations: ScmIntegrationRegistry,
): Promise<ModuleConflict | undefined> {
  const notChecked = (reason: string) =>
    ctx.logger.warn(
      `Dry run: the GitOps repo ${repo.owner}/${repo.repo} was not checked for an existing module ${spec.name}: ${reason}`,
      { module: spec.name, host: repo.host },
    );
  if (ctx.isDryRun && !hasGithubCredentials(repo, integrations)) {
    notChecked(`no token is configured for ${repo.host}`);
    return undefined;
  }
  try {
    return await existence.findInRepo(repo, spec.branch, moduleRepoPaths(spec));
  } catch (error) {
    // A missing branch is an answer, not an outage.
    if (!ctx.isDryRun || error instanceof InputError) {
      throw error;
    }
    notChecked(stringifyError(error));
    return undefined;
  }
}

/**
 * Runs every read-only check against the catalog and the GitOps repo, in a
 * dry run too: the module must not exist, the owner must be a Group, the
 * dependencies must be in the catalog in the same or an earlier wave.
 * Checkpointed, so a resumed task sees the answer it acted on rather than
 * finding the branch it created itself on a second lookup.
 *
 * @throws ConflictError naming `name` when the module exists, InputError
 * naming `owner` or `dependsOn`
 */
async function assertModuleIsNew(
  ctx: ActionContext<any, any>,
  spec: ModuleSpec,
  repo: GithubRepo,
  existence: ModuleLookup,
  integrations: ScmIntegrationRegistry,
): Promise<void> {
  const credentials = await ctx.getInitiatorCredentials();
  const describeConflict = (conflict: ModuleConflict): LookupProblem => ({
    conflict: true,
    message: `Invalid input 'name': module '${spec.name}' already exists (${
      conflict.source === 'catalog' ? 'catalog entity' : 'repo path'
    } ${conflict.location})`,
  });
  const problem = await ctx.checkpoint<LookupProblem | null>({
    key: `base.module.checks.v2.${repo.owner}.${repo.repo}.${spec.name}`,
    fn: async () => {
      const inCatalog = await existence.findInCatalog(spec, credentials);
      if (inCatalog) {
        return describeConflict(inCatalog);
      }
      const reference = await existence.checkReferences(spec, credentials);
      if (reference) {
        return { conflict: false, message: reference };
      }
      const inRepo = await findInRepo(ctx, spec, repo, existence, integrations);
      return inRepo ? describeConflict(inRepo) : null;
    },
  });
  if (problem) {
    throw problem.conflict
      ? new ConflictError(problem.message)
      : new InputError(problem.message);
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
      'Validates a new BASE module (name, wave, environments, resources, paths, IRSA settings), checks that the owner is a Group in the catalog and that every dependency is in the catalog in the same or an earlier wave, and fails with ConflictError when the module already exists in the catalog or the GitOps repo. Runs every check in a dry run too; a dry run that cannot reach GitHub logs that the repo was not checked. Writes nothing.',
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
      assertAccessInput(spec, defaults);
      const repo = resolveGithubRepo(spec.repoUrl, integrations);
      const files = planModuleFiles(spec);
      await assertWorkspaceFree(ctx.workspacePath, spec.targetPath, files);
      await assertModuleIsNew(ctx, spec, repo, existence, integrations);
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

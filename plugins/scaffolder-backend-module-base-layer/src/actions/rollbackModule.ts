import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { moduleApplicationPath } from '../lib/argoCdApplication';
import { GitopsRepoConfig } from '../lib/config';
import {
  createRepoOctokit,
  readGithubFile,
  resolveGithubRepo,
} from '../lib/githubRepo';
import { moduleInputFields, relativePathField, Z } from '../lib/moduleInput';
import { parseFields } from '../lib/parseInput';
import { formatRevisionDiff, pinTargetRevision } from '../lib/targetRevision';
import { writeWorkspaceFiles } from '../lib/workspace';
import { examples } from './rollbackModule.examples';

/** The rules of a revision, in the words of the schema the scaffolder shows. */
const REVISION_DESCRIPTION =
  "Revision to roll back to, usually one from the Argo CD history of the module: a commit SHA (7 to 40 hex digits), a tag or a branch name. No white space, no '..', no leading '-'";

/** A commit SHA (7 to 40 hex digits), a tag or a branch name. */
const revisionField = (z: Z) =>
  z
    .string({ description: REVISION_DESCRIPTION })
    .min(1, 'is required')
    .max(255, 'is longer than 255 characters')
    .regex(/^\S*$/, 'contains white space')
    .regex(/^(?!-)/, "starts with '-'")
    .regex(/^(?!.*\.\.)/, "contains '..'")
    .regex(
      /^(?![/.])(?!.*(?:\/\/|@\{|\.lock$|\/$|\/\.))[A-Za-z0-9._/-]+$/,
      'is not a commit SHA, tag or branch name',
    );

const inputFields = {
  entityRef: (z: Z) =>
    z
      .string({
        description:
          'The BASE module to roll back, as an entity ref, for example component:default/data-ingestion. Give this or name',
      })
      .optional(),
  name: (z: Z) => moduleInputFields.name(z).optional(),
  // Declared as a plain string: the scaffolder's JSON schema check would
  // refuse a bad revision with its regex rather than the reason; the handler
  // applies revisionField and names the rule that failed.
  revision: (z: Z) => z.string({ description: REVISION_DESCRIPTION }),
  targetPath: (z: Z) =>
    relativePathField(
      z,
      'Workspace subdirectory standing for the GitOps repo root. Defaults to the workspace root',
    ),
};

/** What the handler checks: the declared fields, with every rule of a revision. */
const checkedFields = { ...inputFields, revision: revisionField };

/** The module name of the input: `name`, or the name of `entityRef`. */
function moduleName(input: { entityRef?: string; name?: string }): string {
  if (input.name) {
    return input.name;
  }
  if (!input.entityRef) {
    throw new InputError(
      `Invalid input 'entityRef': is required (or give the module's name)`,
    );
  }
  let ref;
  try {
    ref = parseEntityRef(input.entityRef, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `Invalid input 'entityRef': '${input.entityRef}' is not an entity ref (${
        (error as Error).message
      })`,
    );
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== 'component') {
    throw new InputError(
      `Invalid input 'entityRef': '${input.entityRef}' is a ${ref.kind}; a BASE module is a Component`,
    );
  }
  return parseFields(
    { entityRef: moduleInputFields.name },
    {
      entityRef: ref.name,
    },
  ).entityRef;
}

/**
 * `base:module:rollback`: rolls a BASE module back through Git. Reads the
 * module's Argo CD Application from the GitOps repo of
 * `baseLayer.scaffolder.gitops`, sets the `targetRevision` of its sources in
 * that repo to the chosen revision (a one-line change per source, comments
 * and formatting kept) and writes the file into the workspace, for
 * `publish:github:pull-request` to propose. Argo CD's selfHeal reverts a
 * live patch of the Application; a commit is what sticks.
 */
export function createRollbackModuleAction(options: {
  integrations: ScmIntegrationRegistry;
  gitops: GitopsRepoConfig;
}) {
  const { integrations, gitops } = options;
  // Config, not input: the repo a rollback changes is never the caller's choice.
  const repo = resolveGithubRepo(gitops.repoUrl, integrations);
  const credentialsProvider =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  const text = (description: string) => (z: Z) => z.string({ description });
  return createTemplateAction({
    id: 'base:module:rollback',
    description:
      'Rolls a BASE module back through Git: reads its Argo CD Application from the configured GitOps repo (baseLayer.scaffolder.gitops), sets the targetRevision of the sources reading that repo to the given revision, changing nothing else, and writes the file to the workspace for publish:github:pull-request. Refuses a missing Application file, the revision it already targets and a malformed revision. Reads GitHub in dry-run too; writes only the workspace.',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputFields,
      output: {
        module: text('Name of the module'),
        applicationName: text('Name of the Argo CD Application'),
        path: text('Path of the Application file, relative to the workspace'),
        previousRevision: text('The targetRevision the file had'),
        revision: text('The targetRevision the file has now'),
        repoUrl: text(
          'The GitOps repo, as repoUrl for publish:github:pull-request',
        ),
        baseBranch: text(
          'The branch the file was read from; the PR targets it',
        ),
        branchName: text('A branch name for the pull request'),
        diff: text('The change as a unified diff'),
        description: text('Markdown description of the pull request'),
      },
    },
    async handler(ctx) {
      const input = parseFields(checkedFields, ctx.input);
      const module = moduleName(input);
      const path = moduleApplicationPath(module);
      const octokit = await createRepoOctokit(
        repo,
        integrations,
        credentialsProvider,
      );
      const current = await readGithubFile(octokit, repo, path, gitops.branch);
      if (current === undefined) {
        throw new NotFoundError(
          `Invalid input 'entityRef': module '${module}' has no Argo CD Application file ${path} on ${gitops.branch} of ${repo.owner}/${repo.repo}`,
        );
      }
      const pinned = pinTargetRevision(current, {
        path,
        repo,
        revision: input.revision,
      });
      const [written] = await writeWorkspaceFiles(
        ctx.workspacePath,
        input.targetPath,
        [{ path, content: pinned.content }],
      );
      const diff = formatRevisionDiff(path, pinned.changes);
      const previous = [...new Set(pinned.changes.map(c => c.previous))];
      const applicationName = pinned.applicationName ?? module;
      ctx.logger.info(
        `${
          ctx.isDryRun ? 'Dry run: ' : ''
        }${path}: targetRevision ${previous.join(', ')} -> ${input.revision} (${
          pinned.changes.length
        } line(s))`,
        { module },
      );
      ctx.output('module', module);
      ctx.output('applicationName', applicationName);
      ctx.output('path', written);
      ctx.output('previousRevision', previous.join(', '));
      ctx.output('revision', input.revision);
      ctx.output('repoUrl', gitops.repoUrl);
      ctx.output('baseBranch', gitops.branch);
      ctx.output(
        'branchName',
        `base-rollback/${module}-${input.revision.replace(/\//g, '-')}`,
      );
      ctx.output('diff', diff);
      ctx.output(
        'description',
        [
          `Rolls the BASE module \`${module}\` (Argo CD Application \`${applicationName}\`) back to \`${
            input.revision
          }\` (was \`${previous.join('`, `')}\`).`,
          'Argo CD syncs this Application with selfHeal on, so a live patch of its targetRevision would be reverted from Git within minutes. Merging this pull request is the rollback; reverting it rolls forward again.',
          `\`\`\`diff\n${diff}\n\`\`\``,
          '_Opened by the Backstage template "Roll back BASE module"._',
        ].join('\n\n'),
      );
    },
  });
}

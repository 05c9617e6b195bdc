import { ConflictError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { findModule, readModuleFiles } from '../lib/existingModule';
import { GitopsRepoReader } from '../lib/gitopsRepo';
import { diffBlock, unifiedDiff } from '../lib/moduleChange';
import { findModuleDependents } from '../lib/moduleDependents';
import { Z } from '../lib/moduleInput';
import {
  changeInputFields,
  changeOutputFields,
  outputChange,
  textOutput,
} from '../lib/changeAction';
import { setEntityLifecycle } from '../lib/overlayEdits';
import { parseFields } from '../lib/parseInput';
import { writeWorkspaceFiles } from '../lib/workspace';
import { examples } from './retireModule.examples';

/** The lifecycle the first step of a two-step retirement sets. */
const DEPRECATED = 'deprecated';

const inputFields = {
  ...changeInputFields('retire'),
  twoStep: (z: Z) =>
    z
      .boolean({
        description:
          "Retire in two steps: this pull request only sets the entity's spec.lifecycle to deprecated; run again without it to delete the module. Defaults to false",
      })
      .default(false),
};

/**
 * `base:module:retire`: retires a BASE module through Git. Lists what the
 * module owns in the configured GitOps repo (its manifest folder and
 * catalog entity, its kustomize base and overlays, its Argo CD Application,
 * IRSA role and Vault policy and role) with the git trees API and outputs
 * them as `filesToDelete` for `publish:github:pull-request`. Refuses while
 * catalog entities depend on the module. With `twoStep`, it deprecates the
 * entity instead.
 */
export function createRetireModuleAction(options: {
  reader: GitopsRepoReader;
  catalog: CatalogService;
}) {
  const { reader, catalog } = options;
  const text = textOutput;
  const paths = (description: string) => (z: Z) =>
    z.array(z.string(), { description });
  return createTemplateAction({
    id: 'base:module:retire',
    description:
      "Retires a BASE module through Git: lists its files in the configured GitOps repo (manifests, entity, kustomize base and overlays, Argo CD Application, IRSA role, Vault policy and role) and outputs them as filesToDelete for publish:github:pull-request. With twoStep, only sets the entity's spec.lifecycle to deprecated. Refuses, naming them, while catalog entities depend on the module, and an unknown module. Reads in dry-run too; writes only the workspace.",
    examples,
    supportsDryRun: true,
    schema: {
      input: inputFields,
      output: {
        ...changeOutputFields,
        step: text("'deprecate' (first of two steps) or 'delete'"),
        filesToDelete: paths(
          'Files the pull request deletes, relative to the repo root',
        ),
        title: text('Title of the pull request'),
      },
    },
    async handler(ctx) {
      const input = parseFields(inputFields, ctx.input);
      const dependents = await findModuleDependents(
        catalog,
        input.name,
        await ctx.getInitiatorCredentials(),
      );
      if (dependents.length > 0) {
        throw new ConflictError(
          `Invalid input 'name': module '${
            input.name
          }' still has dependents in the catalog: ${dependents.join(
            ', ',
          )}; remove their dependsOn on component:default/${input.name} first`,
        );
      }
      const module = await findModule(reader, input.name);
      const { layout } = module;

      let files: string[] = [];
      let filesToDelete: string[] = [];
      let diff: string;
      let title: string;
      let body: string[];
      if (input.twoStep) {
        const path = layout.catalogEntity;
        if (!module.files.includes(path)) {
          throw new NotFoundError(
            `Invalid input 'twoStep': module '${module.name}' has no catalog entity ${path} in ${reader.label} to deprecate`,
          );
        }
        const before = (await readModuleFiles(reader, [path])).get(path)!;
        const { content: after, previous } = setEntityLifecycle(
          before,
          path,
          DEPRECATED,
        );
        if (previous === DEPRECATED) {
          throw new ConflictError(
            `Invalid input 'twoStep': the entity of module '${module.name}' (${path}) is already deprecated; retire it without twoStep`,
          );
        }
        files = await writeWorkspaceFiles(ctx.workspacePath, input.targetPath, [
          { path, content: after },
        ]);
        diff = unifiedDiff([{ path, before, after }]);
        title = `Deprecate BASE module ${module.name}`;
        body = [
          `First step of retiring the BASE module \`${
            module.name
          }\`: its entity's \`spec.lifecycle\` becomes \`${DEPRECATED}\` (was \`${
            previous ?? 'unset'
          }\`), so its users see it is going away. Nothing is undeployed. Run "Retire BASE module" again without the two-step option to delete it.`,
          diffBlock(diff),
        ];
      } else {
        filesToDelete = module.files;
        diff = filesToDelete.map(file => `deleted: ${file}`).join('\n');
        title = `Retire BASE module ${module.name}`;
        body = [
          `Retires the BASE module \`${module.name}\`. No catalog entity depends on it. This pull request deletes its ${filesToDelete.length} file(s); once merged, Argo CD no longer has its Application, and the catalog drops its entity.`,
          filesToDelete.map(file => `- \`${file}\``).join('\n'),
        ];
      }
      ctx.logger.info(
        `${ctx.isDryRun ? 'Dry run: ' : ''}${title}: ${
          input.twoStep
            ? files.join(', ')
            : `${filesToDelete.length} file(s) deleted`
        }`,
        { module: module.name },
      );
      ctx.output('step', input.twoStep ? 'deprecate' : 'delete');
      ctx.output('filesToDelete', filesToDelete);
      ctx.output('title', title);
      outputChange(ctx, reader, {
        kind: input.twoStep ? 'deprecate' : 'retire',
        module: module.name,
        files,
        diff,
        description: body,
        template: 'Retire BASE module',
      });
    },
  });
}

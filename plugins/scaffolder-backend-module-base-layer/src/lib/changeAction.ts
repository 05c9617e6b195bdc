import { GitopsRepoReader } from './gitopsRepo';
import { changeBranchName } from './moduleChange';
import { moduleInputFields, relativePathField, Z } from './moduleInput';

/**
 * What the actions that change an existing module (update, promote,
 * retire) share: the module and target path they take, and the pull
 * request fields they output for `publish:github:pull-request`.
 */

/** The input fields every change of an existing module takes. */
export function changeInputFields(verb: string) {
  return {
    name: (z: Z) =>
      moduleInputFields
        .name(z)
        .describe(`The BASE module to ${verb}, for example data-ingestion`),
    targetPath: (z: Z) =>
      relativePathField(
        z,
        'Workspace subdirectory standing for the GitOps repo root. Defaults to the workspace root',
      ),
  };
}

/** A text output field. */
export const textOutput = (description: string) => (z: Z) =>
  z.string({ description });
const text = textOutput;

/** The outputs every change of an existing module gives. */
export const changeOutputFields = {
  module: text('Name of the module'),
  files: (z: Z) =>
    z.array(z.string(), {
      description: 'Changed files, relative to the workspace',
    }),
  repoUrl: text('The GitOps repo, as repoUrl for publish:github:pull-request'),
  baseBranch: text('The branch the files were read from; the PR targets it'),
  branchName: text('A branch name for the pull request'),
  diff: text('The change as a unified diff (retire: the deleted files)'),
  description: text('Markdown description of the pull request'),
};

/** Outputs {@link changeOutputFields}; the branch is named after the change. */
export function outputChange(
  ctx: { output(name: string, value: unknown): void },
  reader: GitopsRepoReader,
  change: {
    kind: string;
    module: string;
    files: string[];
    diff: string;
    description: string[];
    template: string;
  },
): void {
  ctx.output('module', change.module);
  ctx.output('files', change.files);
  ctx.output('repoUrl', reader.repoUrl);
  ctx.output('baseBranch', reader.branch);
  ctx.output(
    'branchName',
    changeBranchName(change.kind, change.module, change.diff),
  );
  ctx.output('diff', change.diff);
  ctx.output(
    'description',
    [
      ...change.description,
      `_Opened by the Backstage template "${change.template}"._`,
    ].join('\n\n'),
  );
}

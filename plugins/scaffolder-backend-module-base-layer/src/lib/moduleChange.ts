import crypto from 'node:crypto';
import { createTwoFilesPatch } from 'diff';

/** One file a change to an existing module touches in the GitOps repo. */
export interface FileChange {
  path: string;
  /** The content on the base branch; undefined for a new file. */
  before?: string;
  /** The proposed content; undefined when the file is deleted. */
  after?: string;
}

/** The change as a unified diff (git's `a/` and `b/` prefixes), file by file. */
export function unifiedDiff(changes: FileChange[]): string {
  return changes
    .map(change =>
      createTwoFilesPatch(
        change.before === undefined ? '/dev/null' : `a/${change.path}`,
        change.after === undefined ? '/dev/null' : `b/${change.path}`,
        change.before ?? '',
        change.after ?? '',
        undefined,
        undefined,
        { context: 3 },
      )
        // The "Index:" and "====" header lines are not part of git's format.
        .replace(/^(?:Index:.*|=+)\n/gm, '')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * A branch name for the pull request of a change: the kind of change, the
 * module and a short hash of the diff, so two different changes of one
 * module get two branches and the same change lands on the same one.
 */
export function changeBranchName(
  kind: string,
  module: string,
  diff: string,
): string {
  const hash = crypto.createHash('sha1').update(diff).digest('hex');
  return `base-${kind}/${module}-${hash.slice(0, 8)}`;
}

/** A Markdown fenced block of the diff, for a pull request description. */
export function diffBlock(diff: string): string {
  return `\`\`\`diff\n${diff}\n\`\`\``;
}

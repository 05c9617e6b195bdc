import { ConflictError, InputError } from '@backstage/errors';
import yaml, { isMap, isScalar, isSeq, Scalar } from 'yaml';
import { GithubRepo } from './githubRepo';

/** One `targetRevision` line the rollback changes. */
export interface RevisionChange {
  /** Where the source sits: `spec.source` or `spec.sources[1]`. */
  source: string;
  /** 1-based line of the `targetRevision` value in the file. */
  line: number;
  previous: string;
  before: string;
  after: string;
}

/** The Application file with its sources pinned to a revision. */
export interface PinnedApplication {
  applicationName?: string;
  content: string;
  changes: RevisionChange[];
}

/** `owner/repo` of a git URL (https, ssh or scp-like), lower case, without `.git`. */
function repoKey(url: string): string | undefined {
  const match =
    /^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?([^/:]+)(?::\d+)?[/:](.+?)(?:\.git)?\/?$/i.exec(
      url.trim(),
    );
  return match
    ? `${match[1]}/${match[2]}`.toLocaleLowerCase('en-US')
    : undefined;
}

/**
 * Renders the new value in the style of the old one, so the line changes in
 * its value only; a plain value YAML would read as something other than a
 * string (a SHA made of digits only reads as a number) gets quotes.
 */
function renderLike(old: Scalar, revision: string): string {
  if (old.type === Scalar.QUOTE_DOUBLE) {
    return JSON.stringify(revision);
  }
  if (old.type === Scalar.QUOTE_SINGLE) {
    return `'${revision}'`;
  }
  return yaml.parse(revision) === revision ? revision : `'${revision}'`;
}

const lineOf = (text: string, offset: number) =>
  text.slice(0, offset).split('\n').length;

/**
 * Sets `targetRevision` of every source of the Application that reads the
 * GitOps repo (`spec.source`, or the matching `spec.sources[i]`) to
 * `revision`, and nothing else. The yaml Document API finds each value;
 * only the value's own characters are replaced, so comments, quoting,
 * indentation and key order stay and each change is a one-line diff.
 * Every source of the repo moves together: a BASE module reads the repo
 * twice (its folder and its overlay, which includes the folder), and pinning
 * one of them would deploy a mix of two commits.
 *
 * @throws InputError naming `path` when the file is not an Application with
 * a source in the repo, ConflictError naming `revision` when every such
 * source already targets it
 */
export function pinTargetRevision(
  text: string,
  options: { path: string; repo: GithubRepo; revision: string },
): PinnedApplication {
  const { path, repo, revision } = options;
  const fail = (message: string): never => {
    throw new InputError(`Invalid Argo CD Application ${path}: ${message}`);
  };
  const doc = yaml.parseDocument(text);
  if (doc.errors.length > 0) {
    fail(`not valid YAML (${doc.errors[0].message})`);
  }
  if (doc.get('kind') !== 'Application') {
    fail(`its kind is '${String(doc.get('kind'))}', not Application`);
  }
  const candidates: Array<[string, unknown]> = [];
  const single = doc.getIn(['spec', 'source'], true);
  const multiple = doc.getIn(['spec', 'sources'], true);
  if (isMap(single)) {
    candidates.push(['spec.source', single]);
  }
  if (isSeq(multiple)) {
    multiple.items.forEach((item, i) =>
      candidates.push([`spec.sources[${i}]`, item]),
    );
  }
  const wanted = repoKey(repo.cloneUrl);
  const matching = candidates.filter(([, node]) => {
    const url = isMap(node) ? node.get('repoURL') : undefined;
    return typeof url === 'string' && repoKey(url) === wanted;
  });
  if (matching.length === 0) {
    fail(
      `none of its sources (${
        candidates.map(([where]) => where).join(', ') || 'none'
      }) reads the GitOps repo ${repo.cloneUrl}`,
    );
  }

  const edits = matching.map(([where, node]) => {
    const value = isMap(node) ? node.get('targetRevision', true) : undefined;
    if (
      !isScalar(value) ||
      typeof value.value !== 'string' ||
      !value.range ||
      ![Scalar.PLAIN, Scalar.QUOTE_DOUBLE, Scalar.QUOTE_SINGLE].includes(
        value.type as string,
      ) ||
      text.slice(value.range[0], value.range[1]).includes('\n')
    ) {
      return fail(
        `${where}.targetRevision is missing or not a one-line string; set it by hand once`,
      );
    }
    return { where, value: value as Scalar<string> };
  });
  if (edits.every(e => e.value.value === revision)) {
    throw new ConflictError(
      `Invalid input 'revision': '${revision}' is already the targetRevision of ${path} (${edits
        .map(e => e.where)
        .join(', ')}); pick another revision`,
    );
  }

  let content = text;
  const changes: RevisionChange[] = [];
  // From the end, so the offsets of earlier values stay valid.
  for (const { where, value } of [...edits]
    .filter(e => e.value.value !== revision)
    .sort((a, b) => b.value.range![0] - a.value.range![0])) {
    const [start, end] = value.range!;
    content = `${content.slice(0, start)}${renderLike(
      value,
      revision,
    )}${content.slice(end)}`;
    const line = lineOf(text, start);
    changes.unshift({
      source: where,
      line,
      previous: value.value,
      before: text.split('\n')[line - 1],
      after: content.split('\n')[line - 1],
    });
  }

  // The edit must read back as exactly the intended change.
  const expected = yaml.parseDocument(text);
  for (const { where } of edits) {
    const keys =
      where === 'spec.source'
        ? ['spec', 'source']
        : ['spec', 'sources', Number(/\d+/.exec(where)![0])];
    expected.setIn([...keys, 'targetRevision'], revision);
  }
  if (JSON.stringify(yaml.parse(content)) !== JSON.stringify(expected.toJS())) {
    fail('its targetRevision could not be changed without changing more');
  }
  const name = doc.getIn(['metadata', 'name']);
  return {
    applicationName: typeof name === 'string' ? name : undefined,
    content,
    changes,
  };
}

/** The change as a unified diff of the file, for the pull request and the dry run. */
export function formatRevisionDiff(
  path: string,
  changes: RevisionChange[],
): string {
  return [
    `--- a/${path}`,
    `+++ b/${path}`,
    ...changes.flatMap(c => [
      `@@ -${c.line} +${c.line} @@ ${c.source}`,
      `-${c.before}`,
      `+${c.after}`,
    ]),
  ].join('\n');
}

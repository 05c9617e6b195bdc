import { ServiceUnavailableError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { RequestError } from 'octokit';
import { GitopsRepoConfig } from './config';
import {
  createRepoOctokit,
  GithubRepo,
  readGithubFile,
  resolveGithubRepo,
  toBackstageError,
} from './githubRepo';

/**
 * Reads the GitOps repo of `baseLayer.scaffolder.gitops` on its branch,
 * through the GitHub contents and trees APIs with the integration's
 * credentials. The repo and branch come from config only: the actions that
 * change an existing module never take them from their input.
 */
export class GitopsRepoReader {
  readonly repo: GithubRepo;
  readonly branch: string;
  readonly repoUrl: string;
  readonly #integrations: ScmIntegrationRegistry;
  readonly #credentialsProvider: GithubCredentialsProvider;

  constructor(options: {
    integrations: ScmIntegrationRegistry;
    gitops: GitopsRepoConfig;
  }) {
    this.repo = resolveGithubRepo(options.gitops.repoUrl, options.integrations);
    this.branch = options.gitops.branch;
    this.repoUrl = options.gitops.repoUrl;
    this.#integrations = options.integrations;
    this.#credentialsProvider =
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
  }

  /** `owner/repo@branch`, for messages. */
  get label(): string {
    return `${this.repo.owner}/${this.repo.repo} on ${this.branch}`;
  }

  #octokit() {
    return createRepoOctokit(
      this.repo,
      this.#integrations,
      this.#credentialsProvider,
    );
  }

  /** The UTF-8 text of a file; undefined when it does not exist. */
  async readFile(path: string): Promise<string | undefined> {
    return readGithubFile(await this.#octokit(), this.repo, path, this.branch);
  }

  /** Reads several files at once; a missing one is left out. */
  async readFiles(paths: string[]): Promise<Map<string, string>> {
    const octokit = await this.#octokit();
    const texts = await Promise.all(
      paths.map(path => readGithubFile(octokit, this.repo, path, this.branch)),
    );
    return new Map(
      paths.flatMap((path, i) =>
        texts[i] === undefined ? [] : [[path, texts[i]] as const],
      ),
    );
  }

  /**
   * Every file of the branch that is one of `paths` or lies below one of
   * them (a path ending in `/` is a folder), sorted: one recursive call of
   * the git trees API.
   *
   * @throws ServiceUnavailableError when GitHub truncates the listing, as a
   * partial list could miss a file
   */
  async listFiles(paths: string[]): Promise<string[]> {
    const octokit = await this.#octokit();
    let data;
    try {
      ({ data } = await octokit.rest.git.getTree({
        owner: this.repo.owner,
        repo: this.repo.repo,
        tree_sha: this.branch,
        recursive: '1',
      }));
    } catch (error) {
      if (error instanceof RequestError && error.status === 404) {
        return [];
      }
      throw toBackstageError(error, `the file tree of ${this.label}`);
    }
    if (data.truncated) {
      throw new ServiceUnavailableError(
        `GitHub truncated the file tree of ${this.label}; the module's files cannot all be listed`,
      );
    }
    const wanted = (file: string) =>
      paths.some(p => (p.endsWith('/') ? file.startsWith(p) : file === p));
    // Array.from: a new array of this realm, not of the JSON parser's.
    return Array.from(data.tree)
      .filter(
        entry => entry.type === 'blob' && entry.path && wanted(entry.path),
      )
      .map(entry => entry.path!)
      .sort();
  }
}

import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_MODULE_PATH } from '@internal/plugin-base-layer-common';
import {
  createRepoOctokit,
  GithubRepo,
  githubResourceExists,
} from './githubRepo';
import { ModuleSpec } from './moduleSpec';

/** Where an existing module was found. */
export type ModuleConflict = {
  source: 'catalog' | 'repo';
  /** Entity ref or repository path. */
  location: string;
};

/** Looks up whether a BASE module already exists. */
export interface ModuleLookup {
  findInCatalog(
    spec: ModuleSpec,
    credentials: BackstageCredentials,
  ): Promise<ModuleConflict | undefined>;
  findInRepo(
    repo: GithubRepo,
    branch: string,
    paths: string[],
  ): Promise<ModuleConflict | undefined>;
}

/**
 * Finds out whether a BASE module already exists, in the catalog or in the
 * GitOps repository. Read-only.
 */
export class ModuleExistenceChecker implements ModuleLookup {
  readonly #catalog: CatalogService;
  readonly #integrations: ScmIntegrationRegistry;
  readonly #credentialsProvider: GithubCredentialsProvider;

  constructor(options: {
    catalog: CatalogService;
    integrations: ScmIntegrationRegistry;
  }) {
    this.#catalog = options.catalog;
    this.#integrations = options.integrations;
    this.#credentialsProvider =
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
  }

  /** Finds a catalog entity with the module's name or manifest folder. */
  async findInCatalog(
    spec: ModuleSpec,
    credentials: BackstageCredentials,
  ): Promise<ModuleConflict | undefined> {
    const byName = await this.#catalog.getEntityByRef(
      { kind: 'component', namespace: 'default', name: spec.name },
      { credentials },
    );
    if (byName) {
      return { source: 'catalog', location: `component:default/${spec.name}` };
    }
    const { items } = await this.#catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${ANNOTATION_MODULE_PATH}`]: spec.moduleDir,
        },
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials },
    );
    const [match] = items;
    return match
      ? {
          source: 'catalog',
          location: `${match.kind.toLocaleLowerCase('en-US')}:${
            match.metadata.namespace ?? 'default'
          }/${match.metadata.name}`,
        }
      : undefined;
  }

  /**
   * Finds the first of the paths that exists on the branch, through the
   * GitHub contents API.
   *
   * @throws InputError naming `branch` when the branch does not exist
   */
  async findInRepo(
    repo: GithubRepo,
    branch: string,
    paths: string[],
  ): Promise<ModuleConflict | undefined> {
    const octokit = await createRepoOctokit(
      repo,
      this.#integrations,
      this.#credentialsProvider,
    );
    const { owner, repo: name } = repo;
    const branchExists = await githubResourceExists(
      octokit.rest.repos.getBranch({ owner, repo: name, branch }),
      `the branch ${branch} of ${owner}/${name}`,
    );
    if (!branchExists) {
      throw new InputError(
        `Invalid input 'branch': '${branch}' does not exist in ${owner}/${name}`,
      );
    }
    for (const path of paths) {
      const found = await githubResourceExists(
        octokit.rest.repos.getContent({ owner, repo: name, path, ref: branch }),
        `${path} in ${owner}/${name}`,
      );
      if (found) {
        return { source: 'repo', location: path };
      }
    }
    return undefined;
  }
}

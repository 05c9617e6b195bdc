import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_MODULE_PATH,
  DEPENDENCY_RULE,
  findInvertedDependencies,
  readEntityWave,
} from '@internal/plugin-base-layer-common';
import { moduleDependencies } from './catalogEntity';
import {
  createRepoOctokit,
  GithubRepo,
  githubResourceExists,
} from './githubRepo';
import { ModuleSpec } from './moduleSpec';

/** How long the repo lookups of one module may take together, by default. */
const REPO_LOOKUP_TIMEOUT_MS = 8_000;

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
  /**
   * Checks what the module refers to in the catalog: the owner and the
   * dependencies. Returns the message of the first problem.
   */
  checkReferences(
    spec: ModuleSpec,
    credentials: BackstageCredentials,
  ): Promise<string | undefined>;
}

/**
 * Finds out whether a BASE module already exists, in the catalog or in the
 * GitOps repository. Read-only.
 */
export class ModuleExistenceChecker implements ModuleLookup {
  readonly #catalog: CatalogService;
  readonly #integrations: ScmIntegrationRegistry;
  readonly #credentialsProvider: GithubCredentialsProvider;
  readonly #repoLookupTimeoutMs: number;

  constructor(options: {
    catalog: CatalogService;
    integrations: ScmIntegrationRegistry;
    /** Bound of one module's repo lookups; 8 s unless given. */
    repoLookupTimeoutMs?: number;
  }) {
    this.#catalog = options.catalog;
    this.#integrations = options.integrations;
    this.#repoLookupTimeoutMs =
      options.repoLookupTimeoutMs ?? REPO_LOOKUP_TIMEOUT_MS;
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
   * The owner must be a Group in the catalog. Every chosen dependency must be
   * in the catalog, and no dependency (the defaults included) may sit in a
   * later wave than the module: the catalog's own rule, from
   * `@internal/plugin-base-layer-common`.
   */
  async checkReferences(
    spec: ModuleSpec,
    credentials: BackstageCredentials,
  ): Promise<string | undefined> {
    if (spec.owner) {
      const owner = await this.#catalog.getEntityByRef(spec.owner, {
        credentials,
      });
      if (owner?.kind.toLocaleLowerCase('en-US') !== 'group') {
        return `Invalid input 'owner': '${spec.owner}' is not a Group in the catalog`;
      }
    }
    const dependencies = moduleDependencies(spec);
    const { items } = await this.#catalog.getEntitiesByRefs(
      { entityRefs: dependencies },
      { credentials },
    );
    const waves = new Map<string, number | undefined>();
    dependencies.forEach((ref, index) => {
      const entity = items[index];
      if (entity) {
        const wave = readEntityWave(entity);
        waves.set(ref, wave instanceof Error ? undefined : wave);
      }
    });
    const missing = spec.dependsOn.find(ref => !waves.has(ref));
    if (missing) {
      return `Invalid input 'dependsOn': '${missing}' is not in the catalog`;
    }
    const [inverted] = findInvertedDependencies(
      {
        ref: stringifyEntityRef({ kind: 'component', name: spec.name }),
        wave: spec.wave.id,
      },
      dependencies,
      ref => waves.get(ref),
    );
    return inverted
      ? `Invalid input 'dependsOn': '${inverted.dependsOnRef}' is in wave ${inverted.dependsOnWave}, later than the module's wave ${inverted.entityWave}; ${DEPENDENCY_RULE}`
      : undefined;
  }

  /**
   * Finds the first of the paths that exists on the branch, through the
   * GitHub contents API. The lookups together take at most the configured
   * bound, then fail.
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
      AbortSignal.timeout(this.#repoLookupTimeoutMs),
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

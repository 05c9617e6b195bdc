import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import { ANNOTATION_MODULE_PATH } from '@internal/plugin-base-layer-common';
import { ModuleSpec } from './moduleSpec';

/** A GitHub repository named by a scaffolder `repoUrl`, on a configured host. */
export interface GithubRepo {
  host: string;
  owner: string;
  repo: string;
  apiBaseUrl: string;
  /** The clone URL Argo CD reads from. */
  cloneUrl: string;
}

const GIT_REF =
  /^(?!\/|.*(?:\.\.|\/\/|@\{|\.lock$|\/$))[A-Za-z0-9._/-]{1,255}$/;

/**
 * Resolves a `repoUrl` (`github.com?owner=o&repo=r`) against the configured
 * GitHub integrations. Hosts that are not configured are refused, so the
 * actions never call a server the operator did not list.
 *
 * @throws InputError naming `repoUrl`
 */
export function resolveGithubRepo(
  repoUrl: unknown,
  integrations: ScmIntegrationRegistry,
): GithubRepo {
  if (typeof repoUrl !== 'string' || repoUrl === '') {
    throw new InputError(`Invalid input 'repoUrl': is required`);
  }
  let parsed: ReturnType<typeof parseRepoUrl>;
  try {
    parsed = parseRepoUrl(repoUrl, integrations);
  } catch (error) {
    throw new InputError(
      `Invalid input 'repoUrl': '${repoUrl}' is not a repository URL like github.com?owner=org&repo=name (${
        (error as Error).message
      })`,
    );
  }
  const integration = integrations.github.byHost(parsed.host);
  if (!integration) {
    throw new InputError(
      `Invalid input 'repoUrl': host '${parsed.host}' is not a configured GitHub integration`,
    );
  }
  if (
    !parsed.owner ||
    !/^[\w.-]+$/.test(parsed.owner) ||
    !/^[\w.-]+$/.test(parsed.repo)
  ) {
    throw new InputError(
      `Invalid input 'repoUrl': '${repoUrl}' needs an owner and a repo`,
    );
  }
  return {
    host: parsed.host,
    owner: parsed.owner,
    repo: parsed.repo,
    apiBaseUrl: integration.config.apiBaseUrl ?? `https://api.${parsed.host}`,
    cloneUrl: `https://${parsed.host}/${parsed.owner}/${parsed.repo}.git`,
  };
}

/**
 * Checks a branch name against git's ref-name rules.
 *
 * @throws InputError naming the field
 */
export function validateBranch(field: string, value: unknown): string {
  if (value === undefined || value === '') {
    return 'main';
  }
  if (typeof value !== 'string' || !GIT_REF.test(value)) {
    throw new InputError(
      `Invalid input '${field}': '${value}' is not a valid git branch name`,
    );
  }
  return value;
}

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
  readonly #credentialsProvider: GithubCredentialsProvider;

  constructor(options: {
    catalog: CatalogService;
    credentialsProvider: GithubCredentialsProvider;
  }) {
    this.#catalog = options.catalog;
    this.#credentialsProvider = options.credentialsProvider;
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
    const headers = await this.#headers(repo);
    const base = `${repo.apiBaseUrl.replace(
      /\/+$/,
      '',
    )}/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(
      repo.repo,
    )}`;

    const branchResponse = await fetch(
      `${base}/branches/${encodeURIComponent(branch)}`,
      { headers },
    );
    if (branchResponse.status === 404) {
      throw new InputError(
        `Invalid input 'branch': '${branch}' does not exist in ${repo.owner}/${repo.repo}`,
      );
    }
    if (!branchResponse.ok) {
      throw await ResponseError.fromResponse(branchResponse);
    }

    for (const path of paths) {
      const encoded = path.split('/').map(encodeURIComponent).join('/');
      const response = await fetch(
        `${base}/contents/${encoded}?ref=${encodeURIComponent(branch)}`,
        { headers },
      );
      if (response.ok) {
        return { source: 'repo', location: path };
      }
      if (response.status !== 404) {
        throw await ResponseError.fromResponse(response);
      }
    }
    return undefined;
  }

  async #headers(repo: GithubRepo): Promise<Record<string, string>> {
    const { headers } = await this.#credentialsProvider.getCredentials({
      url: `https://${repo.host}/${repo.owner}/${repo.repo}`,
    });
    return {
      Accept: 'application/vnd.github+json',
      'X-GitHub-Api-Version': '2022-11-28',
      ...headers,
    };
  }
}

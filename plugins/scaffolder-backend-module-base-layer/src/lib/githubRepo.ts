import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { getOctokitOptions } from '@backstage/plugin-scaffolder-backend-module-github';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import { Octokit, RequestError } from 'octokit';

/** A GitHub repository named by a scaffolder `repoUrl`, on a configured host. */
export interface GithubRepo {
  host: string;
  owner: string;
  repo: string;
  apiBaseUrl: string;
  /** The clone URL Argo CD reads from. */
  cloneUrl: string;
}

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
 * An Octokit for the repo with the integration's credentials, built the way
 * the `publish:github:*` actions build theirs.
 */
export async function createRepoOctokit(
  repo: GithubRepo,
  integrations: ScmIntegrationRegistry,
  credentialsProvider: GithubCredentialsProvider,
  signal?: AbortSignal,
): Promise<Octokit> {
  const options = await getOctokitOptions({
    integrations,
    credentialsProvider,
    host: repo.host,
    owner: repo.owner,
    repo: repo.repo,
  });
  // The repo's own API: an integration without apiBaseUrl must not send its
  // token to api.github.com, Octokit's default. The signal, when given,
  // bounds every request of this client; retries, which wait between
  // attempts, would outlast it.
  return new Octokit({
    ...options,
    baseUrl: repo.apiBaseUrl,
    ...(signal && {
      request: { ...options.request, signal },
      retry: { enabled: false },
    }),
  });
}

/**
 * Whether the integration of the repo's host has credentials (a token or a
 * GitHub App); Backstage adds a `github.com` integration without any.
 */
export function hasGithubCredentials(
  repo: GithubRepo,
  integrations: ScmIntegrationRegistry,
): boolean {
  const config = integrations.github.byHost(repo.host)?.config;
  return Boolean(config?.token || config?.apps?.length);
}

/** Turns a failed GitHub call into the matching `@backstage/errors` type. */
export function toBackstageError(error: unknown, what: string): Error {
  if (!(error instanceof RequestError)) {
    return error instanceof Error ? error : new Error(String(error));
  }
  const message = `GitHub answered ${error.status} to ${what}: ${error.message}`;
  if (error.status === 404) {
    return new NotFoundError(message, error);
  }
  if (error.status === 401 || error.status === 403) {
    return new NotAllowedError(message, error);
  }
  return new ServiceUnavailableError(message, error);
}

/**
 * Whether a GitHub resource exists: true when the request succeeds, false
 * on 404.
 *
 * @throws the mapped error of any other failure
 */
export async function githubResourceExists(
  request: Promise<unknown>,
  what: string,
): Promise<boolean> {
  try {
    await request;
    return true;
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) {
      return false;
    }
    throw toBackstageError(error, what);
  }
}

/**
 * The UTF-8 text of a file on a branch, through the contents API; undefined
 * when the file (or the branch) does not exist.
 *
 * @throws the mapped error of any other failure, or InputError when the path
 * is a directory
 */
export async function readGithubFile(
  octokit: Octokit,
  repo: GithubRepo,
  path: string,
  ref: string,
): Promise<string | undefined> {
  const what = `${path} on ${ref} of ${repo.owner}/${repo.repo}`;
  let data: unknown;
  try {
    ({ data } = await octokit.rest.repos.getContent({
      owner: repo.owner,
      repo: repo.repo,
      path,
      ref,
    }));
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) {
      return undefined;
    }
    throw toBackstageError(error, what);
  }
  const file = data as { type?: string; content?: string; encoding?: string };
  if (Array.isArray(data) || file.type !== 'file') {
    throw new InputError(`${what} is not a file`);
  }
  return Buffer.from(
    file.content ?? '',
    file.encoding === 'base64' ? 'base64' : 'utf8',
  ).toString('utf8');
}

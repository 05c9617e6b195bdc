import { Config } from '@backstage/config';
import { readWaveDefinitions } from '@internal/plugin-base-layer-common';
import { OIDC_PROVIDER } from './moduleAccess';
import { ModuleDefaults } from './moduleSpec';

/** Where generated Argo CD Applications deploy, from `baseLayer.scaffolder`. */
export interface ApplicationDefaults {
  project: string;
  argocdNamespace: string;
  destinationCluster: string;
}

/** Everything the actions read from app-config, read once at startup. */
export interface ScaffolderDefaults
  extends ModuleDefaults,
    ApplicationDefaults {}

/**
 * The GitOps repository the module Applications live in, from
 * `baseLayer.scaffolder.gitops`. Actions that change an existing module take
 * the repository from here, never from their input or the entity.
 */
export interface GitopsRepoConfig {
  /** A scaffolder `repoUrl`: `github.com?owner=o&repo=r`. */
  repoUrl: string;
  /** The branch Argo CD tracks and pull requests target. */
  branch: string;
}

/** The repository of DOMAIN.md, when config names none. */
const DEFAULT_GITOPS_REPO_URL =
  'github.com?owner=vsem-svoim&repo=base-app-layer';

/** Reads `baseLayer.scaffolder.gitops`. */
export function readGitopsRepoConfig(config: Config): GitopsRepoConfig {
  const gitops = config.getOptionalConfig('baseLayer.scaffolder.gitops');
  return {
    repoUrl: gitops?.getOptionalString('repoUrl') ?? DEFAULT_GITOPS_REPO_URL,
    branch: gitops?.getOptionalString('branch') ?? 'main',
  };
}

/**
 * Reads `baseLayer.waves` and `baseLayer.scaffolder`.
 *
 * @throws Error naming the config key when a value is malformed
 */
export function readScaffolderDefaults(config: Config): ScaffolderDefaults {
  const scaffolder = config.getOptionalConfig('baseLayer.scaffolder');
  const awsAccountId = scaffolder?.getOptionalString('awsAccountId');
  if (awsAccountId !== undefined && !/^\d{12}$/.test(awsAccountId)) {
    throw new Error(
      `Invalid baseLayer.scaffolder.awsAccountId: '${awsAccountId}' is not a 12 digit AWS account id`,
    );
  }
  const oidcProvider = scaffolder?.getOptionalString('oidcProvider');
  if (oidcProvider !== undefined && !OIDC_PROVIDER.test(oidcProvider)) {
    throw new Error(
      `Invalid baseLayer.scaffolder.oidcProvider: '${oidcProvider}' is not an OIDC issuer host and path like oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF (no https://)`,
    );
  }
  return {
    waves: readWaveDefinitions(config),
    awsAccountId,
    oidcProvider,
    project: scaffolder?.getOptionalString('argocdProject') ?? 'base-layer',
    argocdNamespace:
      scaffolder?.getOptionalString('argocdNamespace') ?? 'argocd',
    destinationCluster:
      scaffolder?.getOptionalString('destinationCluster') ?? 'base-layer',
  };
}

import { planKustomizeFiles } from './kustomize';
import type { ModuleSpec } from './moduleSpec';

/** Where the kustomize folders of every module live in the GitOps repo. */
const KUSTOMIZE_ROOT = 'platform-services/kustomize/base-layer';
/** Where the seeds keep the Argo CD Applications of the BASE layer. */
const APPLICATIONS_ROOT = 'argocd/applications/base-layer';
/** Where the IRSA roles (Crossplane `iam.aws.crossplane.io` Roles) live. */
const IAM_ROLES_ROOT = 'platform-services/crossplane/iam';
/** Where the Vault policies and Kubernetes-auth roles live. */
const VAULT_ROOT = 'platform-services/vault';

/**
 * The agreed GitOps-repo layout of one BASE module: every path the module
 * owns, relative to the repo root. Pure: the name is not validated here.
 *
 * @param name - the module name, for example `data-ingestion`
 */
export function moduleRepoLayout(name: string) {
  const moduleDir = name.replace(/-/g, '_');
  const overlayRoot = `${KUSTOMIZE_ROOT}/${name}`;
  /** `base-layer-<name>`: the IRSA role, the Vault policy and the Vault role share it. */
  const accessName = `base-layer-${name}`;
  return {
    /** The module's manifest folder, for example `data_ingestion`. */
    moduleDir,
    /** The module's catalog entity, in its manifest folder. */
    catalogEntity: `${moduleDir}/catalog-info.yaml`,
    /** The module's kustomize folder (`base/`, `overlays/<overlay>/`). */
    overlayRoot,
    /** The kustomize base. */
    baseDir: `${overlayRoot}/base`,
    /** The folder of one overlay (`aws`, `dev`, `prod`). */
    overlayDir: (overlay: string) => `${overlayRoot}/overlays/${overlay}`,
    /** The module's Argo CD Application, named as the seeds name it. */
    application: `${APPLICATIONS_ROOT}/${name}-aws.yaml`,
    /** Name shared by the IRSA role, the Vault policy and the Vault Kubernetes-auth role. */
    accessName,
    /** The IRSA role, a Crossplane `iam.aws.crossplane.io` Role. */
    iamRole: `${IAM_ROLES_ROOT}/${accessName}.yaml`,
    /** The module's Vault policy (HCL). */
    vaultPolicy: `${VAULT_ROOT}/policies/${accessName}.hcl`,
    /** Body of `vault write auth/kubernetes/role/base-layer-<name>`. */
    vaultKubernetesRole: `${VAULT_ROOT}/kubernetes-roles/${accessName}.json`,
  };
}

/** The GitOps-repo paths of one module, see {@link moduleRepoLayout}. */
export type ModuleRepoLayout = ReturnType<typeof moduleRepoLayout>;

/** The IRSA role and Vault files of a module, as its `irsa` and `vault` switches choose. */
export function accessFilePaths(spec: ModuleSpec): string[] {
  const { layout } = spec;
  return [
    ...(spec.irsa ? [layout.iamRole] : []),
    ...(spec.vault ? [layout.vaultPolicy, layout.vaultKubernetesRole] : []),
  ];
}

/**
 * Every file the BASE module actions write for a module, relative to
 * `targetPath`: the manifests and overlays, the Application, the entity, and
 * the IRSA role and Vault files when chosen.
 */
export function planModuleFiles(spec: ModuleSpec): string[] {
  return [
    ...planKustomizeFiles(spec).map(file => file.path),
    spec.layout.application,
    spec.layout.catalogEntity,
    ...accessFilePaths(spec),
  ];
}

/**
 * Repo paths whose existence means the module already exists: its folders,
 * its Application, and its IRSA role and Vault files, whichever the run
 * writes or not (a leftover role or policy belongs to a module of that name).
 */
export function moduleRepoPaths(spec: ModuleSpec): string[] {
  const { layout } = spec;
  return [
    layout.moduleDir,
    layout.overlayRoot,
    layout.application,
    layout.iamRole,
    layout.vaultPolicy,
    layout.vaultKubernetesRole,
  ];
}

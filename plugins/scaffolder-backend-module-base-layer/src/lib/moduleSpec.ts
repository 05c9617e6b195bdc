import path from 'node:path';
import { InputError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import { WaveDefinition } from '@internal/plugin-base-layer-common';

/** The overlays a BASE module can ship, see DOMAIN.md "Kustomize layout of one module". */
export const MODULE_ENVIRONMENTS = ['aws', 'dev', 'prod'] as const;

/** One of {@link MODULE_ENVIRONMENTS}. */
export type ModuleEnvironment = (typeof MODULE_ENVIRONMENTS)[number];

/** Resource requests of the module's container in one environment. */
export interface ResourceRequests {
  cpu: string;
  memory: string;
}

/** Default requests per environment (DOMAIN.md: dev 100m/256Mi, prod 500m/1Gi). */
export const DEFAULT_RESOURCE_REQUESTS: Record<
  'dev' | 'prod',
  ResourceRequests
> = {
  dev: { cpu: '100m', memory: '256Mi' },
  prod: { cpu: '500m', memory: '1Gi' },
};

/** Prefix of every BASE module namespace; a namespace is a DNS-1123 label of at most 63 characters. */
export const NAMESPACE_PREFIX = 'base-';
/** Longest module name for which `base-<name>` is still a valid namespace. */
export const MAX_MODULE_NAME_LENGTH = 63 - NAMESPACE_PREFIX.length;

/** Where the kustomize overlays of every module live in the GitOps repo. */
export const KUSTOMIZE_ROOT = 'platform-services/kustomize/base-layer';
/** Where the Argo CD Applications of the BASE layer live in the GitOps repo. */
export const APPLICATIONS_ROOT =
  'platform-services/argocd/applications/base-layer';

/** The raw action input shared by the BASE module actions, before validation. */
export interface ModuleInput {
  name?: string;
  description?: string;
  owner?: string;
  lifecycle?: string;
  wave?: number | string;
  environments?: string[];
  resources?: {
    dev?: Partial<ResourceRequests>;
    prod?: Partial<ResourceRequests>;
  };
  image?: string;
  iamRoleArn?: string;
  targetPath?: string;
}

/** Settings that come from app-config rather than from the form. */
export interface ModuleDefaults {
  waves: WaveDefinition[];
  /** AWS account of the IRSA roles, used when the input has no `iamRoleArn`. */
  awsAccountId?: string;
}

/** A validated BASE module, with every derived name and path. */
export interface ModuleSpec {
  name: string;
  description: string;
  owner?: string;
  lifecycle: string;
  wave: WaveDefinition;
  environments: ModuleEnvironment[];
  resources: Record<'dev' | 'prod', ResourceRequests>;
  image: string;
  /** The IRSA role; set when the input or `baseLayer.scaffolder.awsAccountId` gives one. */
  iamRoleArn?: string;
  /** Workspace subdirectory the files are written to, `.` for the workspace root. */
  targetPath: string;
  /** The module's manifest folder in the GitOps repo, for example `data_ingestion`. */
  moduleDir: string;
  /** The module's kustomize folder in the GitOps repo. */
  overlayRoot: string;
  /** `base-<name>`. */
  namespace: string;
  /** Name of the module's Argo CD Application. */
  appName: string;
  /** The overlay the Argo CD Application deploys: `aws` when shipped, else the first environment. */
  applicationOverlay: ModuleEnvironment;
}

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CPU_QUANTITY = /^(?:\d+m|\d+(?:\.\d+)?)$/;
const MEMORY_QUANTITY = /^\d+(?:\.\d+)?(?:Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const IMAGE_REFERENCE = /^[a-z0-9][a-z0-9._\-/:@]*$/;
const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const LIFECYCLE = /^[a-z][a-z0-9-]*$/;
const ENTITY_REF = /^(?:[A-Za-z][\w-]*:)?(?:[\w.-]+\/)?[\w.-]+$/;

function fail(field: string, message: string): never {
  throw new InputError(`Invalid input '${field}': ${message}`);
}

/**
 * Checks a module name: a DNS-1123 label short enough for `base-<name>`.
 *
 * @throws InputError naming the `name` field
 */
export function validateModuleName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) {
    fail('name', 'is required');
  }
  if (name.length > MAX_MODULE_NAME_LENGTH) {
    fail(
      'name',
      `'${name}' is ${name.length} characters; at most ${MAX_MODULE_NAME_LENGTH} keep the namespace '${NAMESPACE_PREFIX}${name}' a valid DNS-1123 label`,
    );
  }
  if (!DNS_1123_LABEL.test(name)) {
    fail(
      'name',
      `'${name}' is not a DNS-1123 label (lower case letters, digits and '-', starting and ending with a letter or digit)`,
    );
  }
  return name;
}

/**
 * Checks a workspace-relative path: no absolute path, no `..`, no backslash.
 *
 * @throws InputError naming the field
 */
export function validateRelativePath(field: string, value: unknown): string {
  if (value === undefined || value === '') {
    return '.';
  }
  if (typeof value !== 'string') {
    fail(field, 'must be a string');
  }
  if (
    path.isAbsolute(value) ||
    path.posix.isAbsolute(value) ||
    /^[a-zA-Z]:/.test(value)
  ) {
    fail(field, `'${value}' is absolute; use a path inside the workspace`);
  }
  if (value.includes('\\') || value.includes('\0')) {
    fail(field, `'${value}' contains a backslash or NUL character`);
  }
  if (value.split('/').includes('..')) {
    fail(field, `'${value}' escapes the workspace with '..'`);
  }
  return path.posix.normalize(value);
}

function validateWave(value: unknown, waves: WaveDefinition[]): WaveDefinition {
  const configured = waves.map(w => `${w.id} (${w.name})`).join(', ');
  if (waves.length === 0) {
    fail('wave', 'no waves are configured in baseLayer.waves');
  }
  let id: number | undefined;
  if (typeof value === 'number') {
    id = value;
  } else if (typeof value === 'string' && /^\d+$/.test(value.trim())) {
    id = Number(value.trim());
  }
  const wave = id === undefined ? undefined : waves.find(w => w.id === id);
  if (!wave) {
    fail(
      'wave',
      `'${value ?? ''}' is not a configured wave; use one of ${configured}`,
    );
  }
  return wave;
}

function validateEnvironments(value: unknown): ModuleEnvironment[] {
  if (!Array.isArray(value) || value.length === 0) {
    fail(
      'environments',
      `choose at least one of ${MODULE_ENVIRONMENTS.join(', ')}`,
    );
  }
  const seen = new Set<string>();
  for (const env of value) {
    if (!(MODULE_ENVIRONMENTS as readonly unknown[]).includes(env)) {
      fail(
        'environments',
        `'${env}' is not one of ${MODULE_ENVIRONMENTS.join(', ')}`,
      );
    }
    if (seen.has(env)) {
      fail('environments', `'${env}' is listed twice`);
    }
    seen.add(env);
  }
  // Keep the canonical order so generated files do not depend on click order.
  return MODULE_ENVIRONMENTS.filter(env => seen.has(env));
}

function validateResources(
  value: ModuleInput['resources'],
): Record<'dev' | 'prod', ResourceRequests> {
  const result = {
    dev: { ...DEFAULT_RESOURCE_REQUESTS.dev },
    prod: { ...DEFAULT_RESOURCE_REQUESTS.prod },
  };
  if (value === undefined || value === null) {
    return result;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    fail('resources', 'must be an object with dev and prod requests');
  }
  for (const key of Object.keys(value)) {
    if (key !== 'dev' && key !== 'prod') {
      fail(`resources.${key}`, 'only dev and prod take resource requests');
    }
  }
  for (const env of ['dev', 'prod'] as const) {
    const requests = value[env];
    if (requests?.cpu !== undefined && requests.cpu !== '') {
      if (
        typeof requests.cpu !== 'string' ||
        !CPU_QUANTITY.test(requests.cpu)
      ) {
        fail(
          `resources.${env}.cpu`,
          `'${requests.cpu}' is not a CPU quantity like 250m or 1`,
        );
      }
      result[env].cpu = requests.cpu;
    }
    if (requests?.memory !== undefined && requests.memory !== '') {
      if (
        typeof requests.memory !== 'string' ||
        !MEMORY_QUANTITY.test(requests.memory)
      ) {
        fail(
          `resources.${env}.memory`,
          `'${requests.memory}' is not a memory quantity like 512Mi or 2Gi`,
        );
      }
      result[env].memory = requests.memory;
    }
  }
  return result;
}

function validateOwner(value: unknown): string | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    fail('owner', 'must be an entity reference');
  }
  try {
    if (!ENTITY_REF.test(value)) {
      throw new Error('not an entity reference');
    }
    parseEntityRef(value, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    fail(
      'owner',
      `'${value}' is not an entity reference like group:default/data-platform`,
    );
  }
  return value;
}

/**
 * Validates the module input shared by all BASE module actions and derives
 * every name and path from it. Pure: reads nothing, writes nothing.
 *
 * @throws InputError whose message names the offending field
 */
export function parseModuleInput(
  input: ModuleInput,
  defaults: ModuleDefaults,
  options: { requireOwner?: boolean; requireIamRole?: boolean } = {},
): ModuleSpec {
  const name = validateModuleName(input.name);
  const targetPath = validateRelativePath('targetPath', input.targetPath);
  const wave = validateWave(input.wave, defaults.waves);
  const environments = validateEnvironments(input.environments);
  const resources = validateResources(input.resources);
  const owner = validateOwner(input.owner);
  if (options.requireOwner && !owner) {
    fail('owner', 'is required');
  }

  if (
    input.description !== undefined &&
    typeof input.description !== 'string'
  ) {
    fail('description', 'must be a string');
  }
  const description = input.description?.trim() || `BASE layer module ${name}`;
  if (description.length > 500) {
    fail('description', 'is longer than 500 characters');
  }

  const lifecycle = input.lifecycle || 'experimental';
  if (!LIFECYCLE.test(lifecycle)) {
    fail(
      'lifecycle',
      `'${lifecycle}' is not a lifecycle like experimental or production`,
    );
  }

  const image = input.image || `base/${name}:latest`;
  if (!IMAGE_REFERENCE.test(image) || image.length > 255) {
    fail('image', `'${image}' is not a container image reference`);
  }

  let iamRoleArn = input.iamRoleArn || undefined;
  if (!iamRoleArn) {
    if (!defaults.awsAccountId && options.requireIamRole) {
      fail(
        'iamRoleArn',
        'is required when baseLayer.scaffolder.awsAccountId is not configured',
      );
    }
    if (defaults.awsAccountId) {
      iamRoleArn = `arn:aws:iam::${defaults.awsAccountId}:role/base-layer-${name}`;
    }
  } else if (!IAM_ROLE_ARN.test(iamRoleArn)) {
    fail(
      'iamRoleArn',
      `'${iamRoleArn}' is not an IAM role ARN like arn:aws:iam::123456789012:role/name`,
    );
  }

  return {
    name,
    description,
    owner,
    lifecycle,
    wave,
    environments,
    resources,
    image,
    iamRoleArn,
    targetPath,
    moduleDir: name.replace(/-/g, '_'),
    overlayRoot: `${KUSTOMIZE_ROOT}/${name}`,
    namespace: `${NAMESPACE_PREFIX}${name}`,
    appName: name,
    applicationOverlay: environments.includes('aws') ? 'aws' : environments[0],
  };
}

/** Repo-relative paths of every file the BASE module actions write, by action. */
export interface ModuleFilePlan {
  manifests: string[];
  application: string[];
  entity: string[];
}

/** Lists the files each action writes for a module, relative to `targetPath`. */
export function planModuleFiles(spec: ModuleSpec): ModuleFilePlan {
  const manifests = [
    `${spec.moduleDir}/kustomization.yaml`,
    `${spec.moduleDir}/deployment.yaml`,
    `${spec.moduleDir}/service.yaml`,
    `${spec.moduleDir}/serviceaccount.yaml`,
    `${spec.moduleDir}/configmap.yaml`,
    `${spec.overlayRoot}/base/kustomization.yaml`,
  ];
  for (const env of spec.environments) {
    manifests.push(`${spec.overlayRoot}/overlays/${env}/kustomization.yaml`);
    if (env === 'prod') {
      manifests.push(`${spec.overlayRoot}/overlays/prod/hpa.yaml`);
    }
  }
  return {
    manifests,
    application: [applicationFilePath(spec)],
    entity: [`${spec.moduleDir}/catalog-info.yaml`],
  };
}

/** Path of the module's Argo CD Application in the GitOps repo. */
export function applicationFilePath(spec: ModuleSpec): string {
  return `${APPLICATIONS_ROOT}/${spec.name}-app.yaml`;
}

/** Repo paths whose existence means the module already exists. */
export function moduleRepoPaths(spec: ModuleSpec): string[] {
  return [spec.moduleDir, spec.overlayRoot, applicationFilePath(spec)];
}

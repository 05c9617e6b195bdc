import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { WaveDefinition } from '@internal/plugin-base-layer-common';
import { moduleRepoLayout, ModuleRepoLayout } from './moduleFiles';
import {
  FieldCallbacks,
  ModuleEnvironment,
  NAMESPACE_PREFIX,
} from './moduleInput';
import { ModuleInput, parseModuleFields } from './parseInput';

/** Settings that come from app-config rather than from the form. */
export interface ModuleDefaults {
  waves: WaveDefinition[];
  /** AWS account of the IRSA roles, used when the input has no `iamRoleArn`. */
  awsAccountId?: string;
  /**
   * The EKS cluster's OIDC issuer without `https://`, for example
   * `oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF`: the IRSA roles trust it.
   */
  oidcProvider?: string;
}

/** A validated BASE module, with every derived name and path. */
export interface ModuleSpec
  extends Omit<ModuleInput, 'wave' | 'description' | 'image' | 'iamRoleArn'> {
  wave: WaveDefinition;
  description: string;
  image: string;
  /** The IRSA role; set when the input or `baseLayer.scaffolder.awsAccountId` gives one. */
  iamRoleArn?: string;
  /** Every path of the module in the GitOps repo. */
  layout: ModuleRepoLayout;
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
  /** The chosen dependencies as full refs (`resource:default/kafka`), without repeats. */
  dependsOn: string[];
}

const NO_ACTION_FIELDS: FieldCallbacks = {};

/** `kind:namespace/name`, the way the catalog files write references. */
function fullRef(ref: string, defaultKind?: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
  );
}

function fail(field: string, message: string): never {
  throw new InputError(`Invalid input '${field}': ${message}`);
}

/** The wave must be one of `baseLayer.waves`: the form's enum is only a convenience. */
function configuredWave(id: number, waves: WaveDefinition[]): WaveDefinition {
  if (waves.length === 0) {
    fail('wave', 'no waves are configured in baseLayer.waves');
  }
  const wave = waves.find(w => w.id === id);
  if (!wave) {
    const configured = waves.map(w => `${w.id} (${w.name})`).join(', ');
    fail('wave', `'${id}' is not a configured wave; use one of ${configured}`);
  }
  return wave;
}

/**
 * The IRSA role: the input's, else the default role in the configured AWS
 * account. An action that takes `iamRoleArn` writes the ServiceAccount, so it
 * needs one of the two.
 */
function iamRole(
  input: ModuleInput,
  defaults: ModuleDefaults,
  required: boolean,
): string | undefined {
  if (input.iamRoleArn) {
    return input.iamRoleArn;
  }
  if (defaults.awsAccountId) {
    return `arn:aws:iam::${defaults.awsAccountId}:role/base-layer-${input.name}`;
  }
  if (required) {
    fail(
      'iamRoleArn',
      'is required when baseLayer.scaffolder.awsAccountId is not configured',
    );
  }
  return undefined;
}

/**
 * Validates the module input of a BASE module action against the action's
 * fields and derives every name and path from it. Pure: reads nothing,
 * writes nothing.
 *
 * @throws InputError whose message names the offending field
 */
export function parseModuleInput(
  input: unknown,
  defaults: ModuleDefaults,
  actionFields: FieldCallbacks = NO_ACTION_FIELDS,
): ModuleSpec {
  const parsed = parseModuleFields(input, actionFields);
  const wave = configuredWave(parsed.wave, defaults.waves);
  const { name, environments } = parsed;
  const layout = moduleRepoLayout(name);
  return {
    ...parsed,
    // The catalog's style: full refs.
    owner: parsed.owner && fullRef(parsed.owner, 'group'),
    wave,
    description: parsed.description ?? `BASE layer module ${name}`,
    image: parsed.image ?? `base/${name}:latest`,
    iamRoleArn: iamRole(parsed, defaults, 'iamRoleArn' in actionFields),
    layout,
    moduleDir: layout.moduleDir,
    overlayRoot: layout.overlayRoot,
    namespace: `${NAMESPACE_PREFIX}${name}`,
    appName: name,
    applicationOverlay: environments.includes('aws') ? 'aws' : environments[0],
    dependsOn: [...new Set(parsed.dependsOn.map(ref => fullRef(ref)))],
  };
}

import path from 'node:path';
import type { z as zod } from 'zod/v3';

/** The zod the scaffolder hands to schema callbacks. */
export type Z = typeof zod;

/** The overlays a BASE module can ship, see DOMAIN.md "Kustomize layout of one module". */
export const MODULE_ENVIRONMENTS = ['aws', 'dev', 'prod'] as const;

/** One of {@link MODULE_ENVIRONMENTS}. */
export type ModuleEnvironment = (typeof MODULE_ENVIRONMENTS)[number];

/** Prefix of every BASE module namespace; a namespace is a DNS-1123 label of at most 63 characters. */
export const NAMESPACE_PREFIX = 'base-';
/** Longest module name for which `base-<name>` is still a valid namespace. */
const MAX_MODULE_NAME_LENGTH = 63 - NAMESPACE_PREFIX.length;

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CPU_QUANTITY = /^(?:\d+m|\d+(?:\.\d+)?)$/;
const MEMORY_QUANTITY = /^\d+(?:\.\d+)?(?:Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const IMAGE_REFERENCE = /^[a-z0-9][a-z0-9._\-/:@]*$/;
const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const LIFECYCLE = /^[a-z][a-z0-9-]*$/;
const ENTITY_REF = /^(?:[A-Za-z][\w-]*:)?(?:[\w.-]+\/)?[\w.-]+$/;
const GIT_REF =
  /^(?!\/|.*(?:\.\.|\/\/|@\{|\.lock$|\/$))[A-Za-z0-9._/-]{1,255}$/;
const ENVIRONMENT_LIST = MODULE_ENVIRONMENTS.join(', ');
/** The groups of BASE modules (DOMAIN.md), each a tag of the module's entity. */
const MODULE_GROUPS = ['data-processing', 'advanced-processing'] as const;
/** The kinds a module may depend on: services and shared infrastructure. */
const DEPENDENCY_REF = /^(?:component|resource):(?:[\w.-]+\/)?[\w.-]+$/i;

/**
 * An optional text field. A form field left empty arrives as `''`, which
 * means the same as leaving it out: the fallback applies.
 */
function optionalText<T extends string | undefined = undefined>(
  z: Z,
  text: ReturnType<Z['string']>,
  fallback?: T,
) {
  return z
    .union([text, z.literal('')])
    .optional()
    .transform((value): string | T => value || (fallback as T));
}

/** A switch that is on unless set to false; a form field left empty is on. */
const optionalSwitch = (z: Z, description: string) =>
  z
    .union([z.boolean(), z.literal('')])
    .optional()
    .transform(value => value !== false)
    .describe(description);

/** A workspace-relative path: no absolute path, no `..`, no backslash. */
export const relativePathField = (z: Z, description: string) =>
  optionalText(
    z,
    z
      .string()
      .regex(
        /^(?![a-zA-Z]:|\/)/,
        'is absolute; use a path inside the workspace',
      )
      .regex(/^[^\\\0]*$/, 'contains a backslash or NUL character')
      .regex(/^(?!(?:.*\/)?\.\.(?:\/|$))/, "escapes the workspace with '..'"),
    '.',
  )
    .transform(value => path.posix.normalize(value))
    .describe(description);

const resourceRequests = (z: Z, defaults: { cpu: string; memory: string }) =>
  z
    .object({
      cpu: optionalText(
        z,
        z.string().regex(CPU_QUANTITY, 'is not a CPU quantity like 250m or 1'),
        defaults.cpu,
      ).describe(`CPU request, for example 250m. Defaults to ${defaults.cpu}`),
      memory: optionalText(
        z,
        z
          .string()
          .regex(MEMORY_QUANTITY, 'is not a memory quantity like 512Mi or 2Gi'),
        defaults.memory,
      ).describe(
        `Memory request, for example 512Mi. Defaults to ${defaults.memory}`,
      ),
    })
    .default({});

/**
 * Input fields shared by the BASE module actions, as zod callbacks: the
 * schema the scaffolder shows and checks, and the rules `parseModuleInput`
 * applies to direct calls. Rules that need app-config (the configured waves,
 * the IRSA default, the GitHub integrations) are checked in code.
 */
export const moduleInputFields = {
  name: (z: Z) =>
    z
      .string({
        description: `Module name: a DNS-1123 label of at most ${MAX_MODULE_NAME_LENGTH} characters, for example data-lineage. The namespace is base-<name>.`,
      })
      .min(1, 'is required')
      .max(
        MAX_MODULE_NAME_LENGTH,
        `is longer than ${MAX_MODULE_NAME_LENGTH} characters, the most that keeps the namespace ${NAMESPACE_PREFIX}<name> a valid DNS-1123 label`,
      )
      .regex(
        DNS_1123_LABEL,
        "is not a DNS-1123 label (lower case letters, digits and '-', starting and ending with a letter or digit)",
      ),
  description: (z: Z) =>
    optionalText(
      z,
      z.string().trim().max(500, 'is longer than 500 characters'),
    ).describe('What the module does'),
  owner: (z: Z) =>
    z
      .string({
        description:
          'Entity ref of the owning group, for example group:default/data-platform',
      })
      .min(1, 'is required')
      .regex(
        ENTITY_REF,
        'is not an entity reference like group:default/data-platform',
      ),
  moduleGroup: (z: Z) =>
    z
      .enum(MODULE_GROUPS, {
        errorMap: () => ({
          message: `is not one of ${MODULE_GROUPS.join(', ')}`,
        }),
        description: `Module group, a tag of the entity: ${MODULE_GROUPS.join(
          ' or ',
        )}. Defaults to data-processing`,
      })
      .default('data-processing'),
  dependsOn: (z: Z) =>
    z
      .union([
        z.array(
          z
            .string()
            .regex(
              DEPENDENCY_REF,
              'is not a Component or Resource reference like resource:default/kafka',
            ),
        ),
        // A form field left empty.
        z.literal(''),
      ])
      .optional()
      .transform(refs => refs || [])
      .describe(
        'Components and Resources the module depends on besides vault and monitoring, for example resource:default/kafka. Each must be in the catalog, in the same or an earlier wave',
      ),
  irsa: (z: Z) =>
    optionalSwitch(
      z,
      'Add the IRSA role (a Crossplane iam.aws.crossplane.io Role trusting the service account) to the pull request. Defaults to true',
    ),
  vault: (z: Z) =>
    optionalSwitch(
      z,
      "Add the module's Vault policy and Kubernetes-auth role to the pull request. Defaults to true",
    ),
  lifecycle: (z: Z) =>
    optionalText(
      z,
      z
        .string()
        .regex(LIFECYCLE, 'is not a lifecycle like experimental or production'),
      'experimental',
    ).describe('Catalog lifecycle. Defaults to experimental'),
  wave: (z: Z) =>
    z
      .union(
        [
          z
            .number()
            .int('is not a wave number like 3')
            .nonnegative('is not a wave number like 3'),
          z.string().regex(/^\s*\d+\s*$/, 'is not a wave number like 3'),
        ],
        {
          errorMap: () => ({ message: 'is not a wave number like 3' }),
          description: 'Deployment wave; must be one of baseLayer.waves',
        },
      )
      .transform(Number),
  environments: (z: Z) =>
    z
      .array(
        z.enum(MODULE_ENVIRONMENTS, {
          errorMap: () => ({ message: `is not one of ${ENVIRONMENT_LIST}` }),
        }),
        {
          description: `Overlays to generate, a subset of ${ENVIRONMENT_LIST}`,
        },
      )
      .min(1, `choose at least one of ${ENVIRONMENT_LIST}`)
      .superRefine((environments, ctx) =>
        environments.forEach((env, index) => {
          if (environments.indexOf(env) !== index) {
            ctx.addIssue({
              code: 'custom',
              path: [index],
              message: 'is listed twice',
            });
          }
        }),
      )
      // The canonical order, so generated files do not depend on click order.
      .transform(chosen => MODULE_ENVIRONMENTS.filter(e => chosen.includes(e))),
  resources: (z: Z) =>
    z
      .object(
        {
          dev: resourceRequests(z, { cpu: '100m', memory: '256Mi' }),
          prod: resourceRequests(z, { cpu: '500m', memory: '1Gi' }),
        },
        {
          description:
            'Resource requests of the dev and prod overlays. Defaults: dev 100m/256Mi, prod 500m/1Gi',
        },
      )
      .strict('only dev and prod take resource requests')
      .default({}),
  image: (z: Z) =>
    optionalText(
      z,
      z
        .string()
        .max(255, 'is not a container image reference')
        .regex(IMAGE_REFERENCE, 'is not a container image reference'),
    ).describe('Container image. Defaults to base/<name>:latest'),
  iamRoleArn: (z: Z) =>
    optionalText(
      z,
      z
        .string()
        .regex(
          IAM_ROLE_ARN,
          'is not an IAM role ARN like arn:aws:iam::123456789012:role/name',
        ),
    ).describe(
      'IRSA role of the service account. Defaults to arn:aws:iam::<baseLayer.scaffolder.awsAccountId>:role/base-layer-<name>',
    ),
  targetPath: (z: Z) =>
    relativePathField(
      z,
      'Workspace subdirectory standing for the GitOps repo root. Defaults to the workspace root',
    ),
  repoUrl: (z: Z) =>
    z.string({
      description:
        'GitOps repository, for example github.com?owner=vsem-svoim&repo=base-app-layer',
    }),
  branch: (z: Z) =>
    optionalText(
      z,
      z.string().regex(GIT_REF, 'is not a valid git branch name'),
      'main',
    ).describe(
      'Branch Argo CD tracks and the pull request targets. Defaults to main',
    ),
};

/** The field callbacks of {@link moduleInputFields}, or a subset of them. */
type ModuleInputFields = typeof moduleInputFields;

/**
 * The fields of an action that writes part of a module: what every such
 * action takes (the module's name, wave, environments and target path) and
 * its own.
 */
export function moduleActionFields<K extends keyof ModuleInputFields>(
  ...own: K[]
) {
  const keys = ['name', 'wave', 'environments', 'targetPath', ...own] as const;
  return Object.fromEntries(
    keys.map(key => [key, moduleInputFields[key]]),
  ) as Pick<ModuleInputFields, (typeof keys)[number]>;
}

/** Schema fields as the scaffolder takes them: zod callbacks by name. */
export type FieldCallbacks = Record<string, (z: Z) => zod.ZodTypeAny>;

/** Output: the files an action wrote, relative to the workspace. */
export const filesOutput = (z: Z) =>
  z.array(z.string(), {
    description: 'Paths of the written files, relative to the workspace',
  });

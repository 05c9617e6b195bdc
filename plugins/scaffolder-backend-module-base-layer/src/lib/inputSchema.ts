import type { z as zod } from 'zod/v3';
import { MAX_MODULE_NAME_LENGTH, MODULE_ENVIRONMENTS } from './moduleSpec';

type Z = typeof zod;

// The schemas describe the shape; the rules (DNS label, configured waves,
// quantities, paths) are checked in the handlers by parseModuleInput, so a
// direct call, a dry-run and a real run all reject bad input the same way and
// name the field.

const requests = (z: Z) =>
  z
    .object({
      cpu: z
        .string({ description: 'CPU request, for example 250m' })
        .optional(),
      memory: z
        .string({ description: 'Memory request, for example 512Mi' })
        .optional(),
    })
    .optional();

/** Input fields shared by the BASE module actions, as zod callbacks. */
export const moduleInputFields = {
  name: (z: Z) =>
    z.string({
      description: `Module name: a DNS-1123 label of at most ${MAX_MODULE_NAME_LENGTH} characters, for example data-lineage. The namespace is base-<name>.`,
    }),
  description: (z: Z) =>
    z.string({ description: 'What the module does' }).optional(),
  owner: (z: Z) =>
    z.string({
      description:
        'Entity ref of the owning group, for example group:default/data-platform',
    }),
  lifecycle: (z: Z) =>
    z
      .string({ description: 'Catalog lifecycle. Defaults to experimental' })
      .optional(),
  wave: (z: Z) =>
    z.union([z.number(), z.string()], {
      description: 'Deployment wave; must be one of baseLayer.waves',
    }),
  environments: (z: Z) =>
    z.array(z.string(), {
      description: `Overlays to generate, a subset of ${MODULE_ENVIRONMENTS.join(
        ', ',
      )}`,
    }),
  resources: (z: Z) =>
    z
      .object(
        { dev: requests(z), prod: requests(z) },
        {
          description:
            'Resource requests of the dev and prod overlays. Defaults: dev 100m/256Mi, prod 500m/1Gi',
        },
      )
      .optional(),
  image: (z: Z) =>
    z
      .string({
        description: 'Container image. Defaults to base/<name>:latest',
      })
      .optional(),
  iamRoleArn: (z: Z) =>
    z
      .string({
        description:
          'IRSA role of the service account. Defaults to arn:aws:iam::<baseLayer.scaffolder.awsAccountId>:role/base-layer-<name>',
      })
      .optional(),
  targetPath: (z: Z) =>
    z
      .string({
        description:
          'Workspace subdirectory standing for the GitOps repo root. Defaults to the workspace root',
      })
      .optional(),
  repoUrl: (z: Z) =>
    z.string({
      description:
        'GitOps repository, for example github.com?owner=vsem-svoim&repo=base-app-layer',
    }),
  branch: (z: Z) =>
    z
      .string({
        description:
          'Branch Argo CD tracks and the pull request targets. Defaults to main',
      })
      .optional(),
};

/** Output: the files an action wrote, relative to the workspace. */
export const filesOutput = (z: Z) =>
  z.array(z.string(), {
    description: 'Paths of the written files, relative to the workspace',
  });

import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { ZodTypeAny } from 'zod/v3';
import {
  baseImageOf,
  CHANGEABLE_OVERLAYS,
  ChangeableOverlay,
  deploymentPath,
  findModule,
  readModuleFiles,
  requireOverlay,
} from '../lib/existingModule';
import { GitopsRepoReader } from '../lib/gitopsRepo';
import { diffBlock, FileChange, unifiedDiff } from '../lib/moduleChange';
import { moduleInputFields, Z } from '../lib/moduleInput';
import {
  changeInputFields,
  changeOutputFields,
  outputChange,
  textOutput,
} from '../lib/changeAction';
import {
  overlayImage,
  overlayRequests,
  Requests,
  setOverlayImage,
  setOverlayRequests,
} from '../lib/overlayEdits';
import { parseFields } from '../lib/parseInput';
import { writeWorkspaceFiles } from '../lib/workspace';
import { examples } from './updateModule.examples';

/**
 * The requests of one overlay with the create template's rules for a CPU
 * and a memory quantity, without its defaults: a value left out (or `''`
 * from an empty form field) is not changed.
 */
const checkedRequests = (z: Z, overlay: ChangeableOverlay) => {
  const create = moduleInputFields
    .resources(z)
    .removeDefault()
    .shape[overlay].removeDefault().shape;
  const unchangedWhenEmpty = (field: typeof create.cpu) =>
    field
      .innerType()
      .transform((value: string | undefined) => value || undefined);
  return z
    .object({
      cpu: unchangedWhenEmpty(create.cpu),
      memory: unchangedWhenEmpty(create.memory),
    })
    .strict()
    .default({});
};

/** Per overlay: the given field's schema. */
const perOverlay = <T extends ZodTypeAny>(
  z: Z,
  field: (overlay: ChangeableOverlay) => T,
  description: string,
) =>
  z
    .object({ dev: field('dev'), prod: field('prod') }, { description })
    .strict()
    .optional();

const RESOURCES_DESCRIPTION =
  'New CPU and memory requests of the dev and prod overlays, for example { prod: { cpu: 1, memory: 2Gi } }; what is left out or empty stays';
const IMAGES_DESCRIPTION =
  "New container images of the dev and prod overlays (their kustomize images: entry for the Deployment's image); what is left out or empty stays";

// Declared as plain strings: the scaffolder's JSON schema check would refuse
// a bad quantity with its regex rather than the value and the reason; the
// handler applies the rules (checkedFields) and names both.
const inputFields = {
  ...changeInputFields('change'),
  resources: (z: Z) =>
    perOverlay(
      z,
      overlay =>
        z
          .object({
            cpu: z
              .string({ description: `CPU request of ${overlay}, like 250m` })
              .optional(),
            memory: z
              .string({
                description: `Memory request of ${overlay}, like 512Mi`,
              })
              .optional(),
          })
          .strict()
          .optional(),
      RESOURCES_DESCRIPTION,
    ),
  images: (z: Z) =>
    perOverlay(
      z,
      overlay => z.string({ description: `Image of ${overlay}` }).optional(),
      IMAGES_DESCRIPTION,
    ),
};

/** What the handler checks: the declared fields, with every rule of a value. */
const checkedFields = {
  ...inputFields,
  resources: (z: Z) =>
    perOverlay(
      z,
      overlay => checkedRequests(z, overlay),
      RESOURCES_DESCRIPTION,
    ),
  images: (z: Z) =>
    perOverlay(z, () => moduleInputFields.image(z), IMAGES_DESCRIPTION),
};

/** What one overlay is asked to become. */
interface OverlayWish {
  overlay: ChangeableOverlay;
  requests: Requests;
  image?: string;
}

function describeWish(wish: OverlayWish): string[] {
  return [
    ...Object.entries(wish.requests)
      .filter(([, v]) => v !== undefined)
      .map(([key, v]) => `${wish.overlay} ${key} ${v}`),
    ...(wish.image ? [`${wish.overlay} image ${wish.image}`] : []),
  ];
}

/**
 * `base:module:update`: changes an existing BASE module through Git. Reads
 * the module's dev and prod overlays from the configured GitOps repo and
 * sets their CPU and memory requests (the overlay's requests patch) and
 * their image (the kustomize `images:` entry for the Deployment's image),
 * editing the files in place, and writes the changed files to the
 * workspace for `publish:github:pull-request`.
 */
export function createUpdateModuleAction(options: {
  reader: GitopsRepoReader;
}) {
  const { reader } = options;
  const text = textOutput;
  return createTemplateAction({
    id: 'base:module:update',
    description:
      'Changes an existing BASE module through Git: reads its dev and prod overlays from the configured GitOps repo (baseLayer.scaffolder.gitops), sets their resource requests and image in place (comments and order kept) and writes the changed files to the workspace for publish:github:pull-request. Refuses an unknown module, a missing overlay, an invalid quantity or image and a change that changes nothing. Reads GitHub in dry-run too; writes only the workspace.',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputFields,
      output: {
        ...changeOutputFields,
        summary: text('The change in one line, for the pull request title'),
      },
    },
    async handler(ctx) {
      const input = parseFields(checkedFields, ctx.input);
      const wishes: OverlayWish[] = CHANGEABLE_OVERLAYS.map(overlay => ({
        overlay,
        requests: input.resources?.[overlay] ?? {},
        image: input.images?.[overlay],
      })).filter(wish => describeWish(wish).length > 0);
      if (wishes.length === 0) {
        throw new InputError(
          `Invalid input 'resources': nothing to change for module '${input.name}'; give a dev or prod CPU or memory request or image`,
        );
      }

      const module = await findModule(reader, input.name);
      const paths = new Map(
        wishes.map(wish => [
          wish.overlay,
          requireOverlay(
            module,
            wish.overlay,
            Object.values(wish.requests).some(v => v !== undefined)
              ? `resources.${wish.overlay}`
              : `images.${wish.overlay}`,
          ),
        ]),
      );
      const needsImage = wishes.some(wish => wish.image);
      const texts = await readModuleFiles(reader, [
        ...paths.values(),
        ...(needsImage ? [deploymentPath(module.layout)] : []),
      ]);
      const baseImage = needsImage ? baseImageOf(module, texts) : '';

      const changes: FileChange[] = [];
      for (const wish of wishes) {
        const path = paths.get(wish.overlay)!;
        const before = texts.get(path)!;
        let after = setOverlayRequests(
          before,
          path,
          module.name,
          wish.requests,
        );
        if (wish.image) {
          after = setOverlayImage(after, path, baseImage, wish.image);
        }
        // The edit must read back as what was asked.
        const readBack = overlayRequests(after, path);
        for (const [key, value] of Object.entries(wish.requests)) {
          if (
            value !== undefined &&
            readBack[key as keyof Requests] !== value
          ) {
            throw new InputError(
              `${path}: the ${key} request could not be set to ${value}; change it by hand`,
            );
          }
        }
        if (wish.image && overlayImage(after, path, baseImage) !== wish.image) {
          throw new InputError(
            `${path}: the image could not be set to ${wish.image}; change it by hand`,
          );
        }
        if (after !== before) {
          changes.push({ path, before, after });
        }
      }
      if (changes.length === 0) {
        throw new ConflictError(
          `Invalid input 'resources': the change changes nothing: module '${
            module.name
          }' already has ${wishes.flatMap(describeWish).join(', ')}`,
        );
      }

      const written = await writeWorkspaceFiles(
        ctx.workspacePath,
        input.targetPath,
        changes.map(c => ({ path: c.path, content: c.after! })),
      );
      const diff = unifiedDiff(changes);
      const summary = wishes.flatMap(describeWish).join(', ');
      ctx.logger.info(
        `${ctx.isDryRun ? 'Dry run: ' : ''}${module.name}: ${summary} (${
          changes.length
        } file(s))`,
        { module: module.name },
      );
      ctx.output('summary', summary);
      outputChange(ctx, reader, {
        kind: 'update',
        module: module.name,
        files: written,
        diff,
        description: [
          `Changes the BASE module \`${module.name}\`: ${summary}.`,
          `The overlays are edited in place; Argo CD applies the change once this pull request is merged into \`${reader.branch}\`.`,
          diffBlock(diff),
        ],
        template: 'Update BASE module',
      });
    },
  });
}

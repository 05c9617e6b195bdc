import { ConflictError, InputError } from '@backstage/errors';
import {
  ANNOTATION_OVERLAYS,
  ANNOTATION_WAVE,
} from '@internal/plugin-base-layer-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z as zod, type ZodTypeAny } from 'zod/v3';
import {
  baseImageOf,
  CHANGEABLE_OVERLAYS,
  ChangeableOverlay,
  deploymentPath,
  ExistingModule,
  findModule,
  overlayKustomization,
  readModuleFiles,
  requireOverlay,
} from '../lib/existingModule';
import { GitopsRepoReader } from '../lib/gitopsRepo';
import { buildOverlayFiles, OverlaySpec } from '../lib/kustomize';
import { loadKubernetesModels } from '../lib/models';
import { diffBlock, FileChange, unifiedDiff } from '../lib/moduleChange';
import { moduleInputFields, NAMESPACE_PREFIX, Z } from '../lib/moduleInput';
import { planOverlaySet } from '../lib/overlaySet';
import {
  changeInputFields,
  changeOutputFields,
  outputChange,
  textOutput,
} from '../lib/changeAction';
import {
  overlayImage,
  overlayRequests,
  readDeploymentLabel,
  readDeploymentRequests,
  readEntityAnnotation,
  Requests,
  setEntityAnnotation,
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
const OVERLAYS_DESCRIPTION =
  'The overlays the module ships from now on, a non-empty subset of aws, dev, prod: a missing one is added (rendered as the create template renders it), an extra one removed (never the one the Argo CD Application deploys). Left out: unchanged';
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
  overlays: (z: Z) =>
    z.array(z.string(), { description: OVERLAYS_DESCRIPTION }).optional(),
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
  overlays: (z: Z) =>
    moduleInputFields.environments(z).optional().describe(OVERLAYS_DESCRIPTION),
};

/** The create template's requests of each overlay, for an overlay the module gets. */
const DEFAULT_REQUESTS = moduleInputFields.resources(zod).parse({});

/**
 * What the overlays need of an existing module: its namespace, its wave
 * (the entity's annotation, else the Deployment's label) and its current
 * requests (the Deployment's, else the create template's defaults).
 *
 * @throws InputError naming `overlays` when the module carries no wave
 */
function existingOverlaySpec(
  module: ExistingModule,
  texts: Map<string, string>,
  entityPath: string | undefined,
): OverlaySpec {
  const deployment = texts.get(deploymentPath(module.layout))!;
  const wave =
    (entityPath &&
      readEntityAnnotation(
        texts.get(entityPath)!,
        entityPath,
        ANNOTATION_WAVE,
      )) ??
    readDeploymentLabel(deployment, ANNOTATION_WAVE);
  if (wave === undefined || !/^\d+$/.test(wave.trim())) {
    throw new InputError(
      `Invalid input 'overlays': module '${
        module.name
      }' has no wave (neither ${ANNOTATION_WAVE} on ${
        module.layout.catalogEntity
      } nor on the Deployment in ${deploymentPath(
        module.layout,
      )}), which a new overlay's labels need; add it first`,
    );
  }
  const current = readDeploymentRequests(deployment);
  const requests = (overlay: ChangeableOverlay) => ({
    cpu: current.cpu ?? DEFAULT_REQUESTS[overlay].cpu,
    memory: current.memory ?? DEFAULT_REQUESTS[overlay].memory,
  });
  return {
    name: module.name,
    namespace: `${NAMESPACE_PREFIX}${module.name}`,
    layout: module.layout,
    wave: { id: Number(wave) },
    resources: { dev: requests('dev'), prod: requests('prod') },
  };
}

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
 * workspace for `publish:github:pull-request`. With `overlays`, adds the
 * missing overlays (rendered as the create template renders them), lists
 * the files of the extra ones in `filesToDelete` and sets the entity's
 * `base-layer.io/overlays`; never removes the overlay the module's Argo CD
 * Application deploys.
 */
export function createUpdateModuleAction(options: {
  reader: GitopsRepoReader;
}) {
  const { reader } = options;
  const text = textOutput;
  return createTemplateAction({
    id: 'base:module:update',
    description:
      'Changes an existing BASE module through Git: reads its dev and prod overlays from the configured GitOps repo (baseLayer.scaffolder.gitops), sets their resource requests and image in place (comments and order kept) and writes the changed files to the workspace for publish:github:pull-request. With overlays, adds the missing overlays as the create template renders them, outputs the files of the extra ones as filesToDelete and sets base-layer.io/overlays on the entity. Refuses an unknown module, a missing overlay, an invalid quantity or image, an empty overlay set, removing the overlay the Argo CD Application deploys and a change that changes nothing. Reads GitHub in dry-run too; writes only the workspace.',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputFields,
      output: {
        ...changeOutputFields,
        summary: text('The change in one line, for the pull request title'),
        filesToDelete: (z: Z) =>
          z.array(z.string(), {
            description:
              'Files of the removed overlays, relative to the repo root, for publish:github:pull-request',
          }),
      },
    },
    async handler(ctx) {
      const input = parseFields(checkedFields, ctx.input);
      const wishes: OverlayWish[] = CHANGEABLE_OVERLAYS.map(overlay => ({
        overlay,
        requests: input.resources?.[overlay] ?? {},
        image: input.images?.[overlay],
      })).filter(wish => describeWish(wish).length > 0);
      if (wishes.length === 0 && !input.overlays) {
        throw new InputError(
          `Invalid input 'resources': nothing to change for module '${input.name}'; give a dev or prod CPU or memory request or image, or the overlays`,
        );
      }

      const module = await findModule(reader, input.name);
      const { layout } = module;
      const overlaySet = input.overlays
        ? await planOverlaySet(reader, module, input.overlays)
        : undefined;
      const added = overlaySet?.added ?? [];
      const paths = new Map(
        wishes.map(wish => {
          const field = Object.values(wish.requests).some(v => v !== undefined)
            ? `resources.${wish.overlay}`
            : `images.${wish.overlay}`;
          if (overlaySet?.removed.includes(wish.overlay)) {
            throw new InputError(
              `Invalid input '${field}': the ${wish.overlay} overlay of module '${module.name}' is removed by 'overlays'; keep it in the set or leave ${field} empty`,
            );
          }
          return [
            wish.overlay,
            added.includes(wish.overlay)
              ? overlayKustomization(layout, wish.overlay)
              : requireOverlay(module, wish.overlay, field),
          ] as const;
        }),
      );
      const needsImage = wishes.some(wish => wish.image) || added.length > 0;
      const deployedOverlay =
        added.length > 0 &&
        overlaySet?.deployed &&
        module.files.includes(overlayKustomization(layout, overlaySet.deployed))
          ? overlayKustomization(layout, overlaySet.deployed)
          : undefined;
      const entityPath =
        overlaySet && module.files.includes(layout.catalogEntity)
          ? layout.catalogEntity
          : undefined;
      const texts = await readModuleFiles(reader, [
        ...[...paths.entries()]
          .filter(([overlay]) => !added.includes(overlay))
          .map(([, path]) => path),
        ...(needsImage ? [deploymentPath(layout)] : []),
        ...(deployedOverlay ? [deployedOverlay] : []),
        ...(entityPath ? [entityPath] : []),
      ]);
      const baseImage = needsImage ? baseImageOf(module, texts) : '';

      // The added overlays, rendered as the create template renders them.
      const rendered = new Map<string, string>();
      if (added.length > 0) {
        const spec = existingOverlaySpec(module, texts, entityPath);
        const image = deployedOverlay
          ? overlayImage(
              texts.get(deployedOverlay)!,
              deployedOverlay,
              baseImage,
            )
          : baseImage;
        const models = await loadKubernetesModels();
        for (const overlay of added) {
          for (const file of buildOverlayFiles(spec, overlay, models)) {
            rendered.set(
              file.path,
              file.path === overlayKustomization(layout, overlay) &&
                image !== baseImage
                ? setOverlayImage(file.content, file.path, baseImage, image)
                : file.content,
            );
          }
        }
      }

      const changes: FileChange[] = [];
      for (const wish of wishes) {
        const path = paths.get(wish.overlay)!;
        const before = texts.get(path) ?? rendered.get(path)!;
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
        if (rendered.has(path)) {
          rendered.set(path, after);
        } else if (after !== before) {
          changes.push({ path, before, after });
        }
      }
      if (overlaySet && entityPath) {
        const before = texts.get(entityPath)!;
        const { content: after } = setEntityAnnotation(
          before,
          entityPath,
          ANNOTATION_OVERLAYS,
          overlaySet.wanted.join(','),
        );
        if (after !== before) {
          changes.push({ path: entityPath, before, after });
        }
      }
      const filesToDelete = overlaySet?.filesToDelete ?? [];
      const summary = [
        ...wishes.flatMap(describeWish),
        ...added.map(overlay => `add overlay ${overlay}`),
        ...(overlaySet?.removed ?? []).map(
          overlay => `remove overlay ${overlay}`,
        ),
      ].join(', ');
      if (
        changes.length === 0 &&
        rendered.size === 0 &&
        !filesToDelete.length
      ) {
        throw new ConflictError(
          `Invalid input '${
            wishes.length > 0 ? 'resources' : 'overlays'
          }': the change changes nothing: module '${
            module.name
          }' already has ${[
            ...wishes.flatMap(describeWish),
            ...(overlaySet
              ? [`overlays ${overlaySet.current.join(', ')}`]
              : []),
          ].join(', ')}`,
        );
      }

      const written = await writeWorkspaceFiles(
        ctx.workspacePath,
        input.targetPath,
        [
          ...changes.map(c => ({ path: c.path, content: c.after! })),
          ...[...rendered].map(([path, content]) => ({ path, content })),
        ],
      );
      const diff = unifiedDiff(changes);
      const fileList = [
        ...[...rendered.keys()].map(path => `added: ${path}`),
        ...filesToDelete.map(path => `removed: ${path}`),
      ].join('\n');
      ctx.logger.info(
        `${ctx.isDryRun ? 'Dry run: ' : ''}${module.name}: ${summary} (${
          changes.length
        } file(s) edited, ${rendered.size} added, ${
          filesToDelete.length
        } removed)`,
        { module: module.name },
      );
      ctx.output('summary', summary);
      ctx.output('filesToDelete', filesToDelete);
      outputChange(ctx, reader, {
        kind: 'update',
        module: module.name,
        files: written,
        diff: [diff, fileList].filter(Boolean).join('\n'),
        description: [
          `Changes the BASE module \`${module.name}\`: ${summary}.`,
          `The files are edited in place; Argo CD applies the change once this pull request is merged into \`${reader.branch}\`.`,
          ...(added.length > 0
            ? [
                `Adds the ${added.join(
                  ', ',
                )} overlay(s), rendered as "Create BASE module" renders them, with the module's current requests and the image its Argo CD Application deploys:`,
                [...rendered.keys()].map(path => `- \`${path}\``).join('\n'),
              ]
            : []),
          ...(filesToDelete.length > 0
            ? [
                `Removes the ${overlaySet!.removed.join(
                  ', ',
                )} overlay(s), deleting:`,
                filesToDelete.map(path => `- \`${path}\``).join('\n'),
              ]
            : []),
          ...(diff ? [diffBlock(diff)] : []),
        ],
        template: 'Update BASE module',
      });
    },
  });
}

import { ConflictError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  baseImageOf,
  deploymentPath,
  findModule,
  readModuleFiles,
  requireOverlay,
} from '../lib/existingModule';
import { GitopsRepoReader } from '../lib/gitopsRepo';
import { diffBlock, unifiedDiff } from '../lib/moduleChange';
import {
  devHealthOf,
  formatDevHealth,
  ModuleStatusReader,
} from '../lib/moduleHealth';
import { Z } from '../lib/moduleInput';
import {
  changeInputFields,
  changeOutputFields,
  outputChange,
  textOutput,
} from '../lib/changeAction';
import { overlayImage, setOverlayImage } from '../lib/overlayEdits';
import { parseFields } from '../lib/parseInput';
import { writeWorkspaceFiles } from '../lib/workspace';
import { examples } from './promoteModule.examples';

const inputFields = {
  ...changeInputFields('promote'),
  override: (z: Z) =>
    z
      .boolean({
        description:
          'Promote even though dev is not Healthy; the pull request records it. Defaults to false',
      })
      .default(false),
};

/**
 * `base:module:promote`: promotes dev's image to prod through Git. Reads
 * the image the dev overlay deploys (its kustomize `images:` entry over the
 * Deployment's image) and sets the prod overlay's entry to it, after
 * checking dev's Argo CD health in the base-layer backend.
 */
export function createPromoteModuleAction(options: {
  reader: GitopsRepoReader;
  status: ModuleStatusReader;
}) {
  const { reader, status } = options;
  const text = textOutput;
  return createTemplateAction({
    id: 'base:module:promote',
    description:
      "Promotes a BASE module's dev image to prod through Git: reads the image the dev overlay deploys from the configured GitOps repo and sets the prod overlay's kustomize images: entry to it, in place. Refuses while dev is not Healthy in Argo CD (base-layer status API) unless override is set, and when prod already runs that image. Reads in dry-run too; writes only the workspace.",
    examples,
    supportsDryRun: true,
    schema: {
      input: inputFields,
      output: {
        ...changeOutputFields,
        image: text('The image dev runs, which prod gets'),
        previousImage: text('The image prod ran'),
        devHealth: text("Dev's Argo CD health when the change was made"),
      },
    },
    async handler(ctx) {
      const input = parseFields(inputFields, ctx.input);
      // Dev's health first: a refusal makes no call to GitHub.
      const health = devHealthOf(await status.read(input.name));
      if (!health.healthy && !input.override) {
        throw new NotAllowedError(
          `Invalid input 'override': dev of module '${input.name}' is ${health.health}, not Healthy; promote once it is Healthy, or set override to promote anyway`,
        );
      }
      const module = await findModule(reader, input.name);
      const devPath = requireOverlay(module, 'dev', 'name');
      const prodPath = requireOverlay(module, 'prod', 'name');
      const texts = await readModuleFiles(reader, [
        devPath,
        prodPath,
        deploymentPath(module.layout),
      ]);
      const baseImage = baseImageOf(module, texts);
      const image = overlayImage(texts.get(devPath)!, devPath, baseImage);
      const before = texts.get(prodPath)!;
      const previousImage = overlayImage(before, prodPath, baseImage);
      if (previousImage === image) {
        throw new ConflictError(
          `Invalid input 'name': prod already runs the same image as dev, ${image}; nothing to promote`,
        );
      }

      const after = setOverlayImage(before, prodPath, baseImage, image);
      const [written] = await writeWorkspaceFiles(
        ctx.workspacePath,
        input.targetPath,
        [{ path: prodPath, content: after }],
      );
      const diff = unifiedDiff([{ path: prodPath, before, after }]);
      const who = ctx.user?.ref ?? 'the requester';
      ctx.logger.info(
        `${ctx.isDryRun ? 'Dry run: ' : ''}${
          module.name
        }: prod ${previousImage} -> ${image} (dev ${health.health}${
          health.healthy ? '' : ', override'
        })`,
        { module: module.name },
      );
      ctx.output('image', image);
      ctx.output('previousImage', previousImage);
      ctx.output('devHealth', health.health);
      outputChange(ctx, reader, {
        kind: 'promote',
        module: module.name,
        files: [written],
        diff,
        description: [
          `Promotes the BASE module \`${module.name}\` to prod: prod gets the image dev runs, \`${image}\` (was \`${previousImage}\`).`,
          formatDevHealth(health),
          ...(health.healthy
            ? []
            : [
                `**Override:** dev was ${health.health}, not Healthy, when this pull request was opened; ${who} promoted anyway (override: true).`,
              ]),
          diffBlock(diff),
        ],
        template: 'Promote BASE module',
      });
    },
  });
}

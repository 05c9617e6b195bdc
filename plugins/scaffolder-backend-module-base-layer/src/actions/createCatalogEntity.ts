import { stringifyEntityRef } from '@backstage/catalog-model';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { buildCatalogEntity } from '../lib/catalogEntity';
import { ScaffolderDefaults } from '../lib/config';
import { filesOutput, pickModuleInputFields } from '../lib/moduleInput';
import { parseModuleInput } from '../lib/moduleSpec';
import { writeWorkspaceFiles } from '../lib/workspace';
import { examples } from './createCatalogEntity.examples';

const inputFields = pickModuleInputFields(
  'name',
  'description',
  'owner',
  'lifecycle',
  'wave',
  'environments',
  'targetPath',
);

/**
 * `base:entity:create`: writes a BASE module's `catalog-info.yaml` with the
 * annotations the wave, Argo CD, Kubernetes, Grafana, Airflow and MLflow
 * views read.
 */
export function createCatalogEntityAction(options: {
  defaults: ScaffolderDefaults;
}) {
  const { defaults } = options;
  return createTemplateAction({
    id: 'base:entity:create',
    description:
      "Writes a BASE module's catalog entity to <module_dir>/catalog-info.yaml: a Component of type service in system base-layer, depending on vault and monitoring.",
    examples,
    supportsDryRun: true,
    schema: {
      input: inputFields,
      output: {
        files: filesOutput,
        entityRef: z =>
          z.string({
            description: 'Ref of the entity, component:default/<name>',
          }),
        catalogInfoPath: z =>
          z.string({
            description: 'Path of catalog-info.yaml in the GitOps repo',
          }),
      },
    },
    async handler(ctx) {
      const spec = parseModuleInput(ctx.input, defaults, inputFields);
      const entityFile = await buildCatalogEntity(spec, defaults);
      const files = await writeWorkspaceFiles(
        ctx.workspacePath,
        spec.targetPath,
        [entityFile],
      );
      ctx.output('files', files);
      ctx.output(
        'entityRef',
        stringifyEntityRef({ kind: 'component', name: spec.name }),
      );
      ctx.output('catalogInfoPath', entityFile.path);
    },
  });
}

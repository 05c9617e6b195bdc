import { stringifyEntityRef } from '@backstage/catalog-model';
import { buildCatalogEntity } from '../lib/catalogEntity';
import { ScaffolderDefaults } from '../lib/config';
import { moduleActionFields } from '../lib/moduleInput';
import { examples } from './createCatalogEntity.examples';
import { createModuleWriterAction } from './moduleWriterAction';

/**
 * `base:entity:create`: writes a BASE module's `catalog-info.yaml` with the
 * annotations the wave, Argo CD, Kubernetes, Grafana, Airflow and MLflow
 * views read.
 */
export function createCatalogEntityAction(options: {
  defaults: ScaffolderDefaults;
}) {
  const { defaults } = options;
  return createModuleWriterAction({
    id: 'base:entity:create',
    description:
      "Writes a BASE module's catalog entity to <module_dir>/catalog-info.yaml: a Component of type service in system base-layer, depending on vault and monitoring.",
    examples,
    defaults,
    input: moduleActionFields('description', 'owner', 'lifecycle'),
    output: {
      entityRef: z =>
        z.string({
          description: 'Ref of the entity, component:default/<name>',
        }),
      catalogInfoPath: z =>
        z.string({
          description: 'Path of catalog-info.yaml in the GitOps repo',
        }),
    },
    async build(spec) {
      const entityFile = await buildCatalogEntity(spec, defaults);
      const entityRef = stringifyEntityRef({
        kind: 'component',
        name: spec.name,
      });
      return {
        files: [entityFile],
        output: { entityRef, catalogInfoPath: entityFile.path },
      };
    },
  });
}

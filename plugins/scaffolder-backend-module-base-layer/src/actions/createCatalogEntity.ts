import { stringifyEntityRef } from '@backstage/catalog-model';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { buildCatalogEntity } from '../lib/catalogEntity';
import { ScaffolderDefaults } from '../lib/config';
import { resolveGithubRepo } from '../lib/githubRepo';
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
  integrations: ScmIntegrationRegistry;
}) {
  const { defaults, integrations } = options;
  return createModuleWriterAction({
    id: 'base:entity:create',
    description:
      "Writes a BASE module's catalog entity to <module_dir>/catalog-info.yaml, shaped like the modules of catalog/base-modules.yaml: a Component of type service in system base-layer, tagged base-module and its module group, linking its folders in the GitOps repo, depending on vault, monitoring and the chosen dependencies.",
    examples,
    defaults,
    input: moduleActionFields(
      'description',
      'owner',
      'lifecycle',
      'moduleGroup',
      'dependsOn',
      'repoUrl',
    ),
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
      const repo = resolveGithubRepo(spec.repoUrl, integrations);
      const entityFile = await buildCatalogEntity(spec, defaults, repo);
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

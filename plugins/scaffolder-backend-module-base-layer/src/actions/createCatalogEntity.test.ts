import { useActionWorkspace } from '../__testUtils__/workspace';
import { testDefaults } from '../__testUtils__/config';
import { exampleCases, exampleInput } from '../__testUtils__/examples';
import { createCatalogEntityAction } from './createCatalogEntity';
import { examples } from './createCatalogEntity.examples';

describe('base:entity:create', () => {
  const workspace = useActionWorkspace(
    createCatalogEntityAction({ defaults: testDefaults }),
  );
  const { run } = workspace;

  it('carries the annotations of the existing BASE modules', async () => {
    await run(exampleInput(examples[0].example));
    expect(await workspace.readYaml('data_lineage/catalog-info.yaml')).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'data-lineage',
        description: 'Tracks the lineage of every dataset',
        labels: { 'base-layer.io/wave': '3' },
        annotations: {
          'base-layer.io/wave': '3',
          'argocd/app-name': 'data-lineage',
          'backstage.io/kubernetes-id': 'data-lineage',
          'backstage.io/kubernetes-namespace': 'base-data-lineage',
          'base-layer.io/cluster': 'base-layer',
          'base-layer.io/overlays': 'aws,dev,prod',
          'base-layer.io/environments': 'dev,staging,prod',
          'base-layer.io/module-path': 'data_lineage',
          'base-layer.io/overlay-path':
            'platform-services/kustomize/base-layer/data-lineage',
          'grafana/dashboard-selector': "tags @> 'data-lineage'",
          'base-layer.io/airflow-dag-ids': 'data_lineage_orchestrator',
          'base-layer.io/mlflow-experiment': 'data-lineage',
        },
        tags: ['base-layer', 'wave-3'],
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/data-platform',
        system: 'base-layer',
        dependsOn: ['component:vault', 'component:monitoring'],
      },
    });
  });

  it.each(exampleCases(examples))('runs the example: %s', async (_, input) => {
    const ctx = await run(input);
    const file = `${input.name.replace(/-/g, '_')}/catalog-info.yaml`;
    expect(await workspace.listFiles()).toContain(file);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      `component:default/${input.name}`,
    );
    const entity = await workspace.readYaml(file);
    expect(entity.spec.owner).toBe(input.owner);
  });

  it('requires an owner', async () => {
    const { owner, ...input } = exampleInput(examples[0].example);
    await expect(run(input)).rejects.toThrow("Invalid input 'owner'");
    expect(await workspace.listFiles()).toEqual([]);
  });
});

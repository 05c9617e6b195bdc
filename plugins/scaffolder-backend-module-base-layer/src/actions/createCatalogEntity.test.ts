import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createTempWorkspace,
  exampleInput,
  listFiles,
  readYaml,
  testDefaults,
} from '../__testUtils__/workspace';
import { createCatalogEntityAction } from './createCatalogEntity';
import { examples } from './createCatalogEntity.examples';

describe('base:entity:create', () => {
  const action = createCatalogEntityAction({ defaults: testDefaults });
  let workspace: Awaited<ReturnType<typeof createTempWorkspace>>;

  beforeEach(async () => {
    workspace = await createTempWorkspace();
  });
  afterEach(() => workspace.cleanup());

  const run = async (input: object) => {
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: workspace.dir,
    });
    await action.handler(ctx);
    return ctx;
  };

  it.each(examples.map(e => [e.description, e.example]))(
    'runs the example: %s',
    async (_description, example) => {
      const input = exampleInput(example);
      const ctx = await run(input);
      const file = `${input.name.replace(/-/g, '_')}/catalog-info.yaml`;
      expect(await listFiles(workspace.dir)).toContain(file);
      expect(ctx.output).toHaveBeenCalledWith(
        'entityRef',
        `component:default/${input.name}`,
      );
      const entity = await readYaml(workspace.dir, file);
      expect(entity.spec.owner).toBe(input.owner);
    },
  );

  it('carries the annotations of the existing BASE modules', async () => {
    await run(exampleInput(examples[0].example));
    expect(
      await readYaml(workspace.dir, 'data_lineage/catalog-info.yaml'),
    ).toEqual({
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
          'base-layer.io/environments': 'aws,dev,prod',
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

  it('requires an owner', async () => {
    const { owner, ...input } = exampleInput(examples[0].example);
    await expect(run(input)).rejects.toThrow("Invalid input 'owner'");
    expect(await listFiles(workspace.dir)).toEqual([]);
  });
});

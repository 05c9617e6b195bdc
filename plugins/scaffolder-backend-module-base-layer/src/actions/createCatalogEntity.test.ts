import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { Entity } from '@backstage/catalog-model';
import { useActionWorkspace } from '../__testUtils__/workspace';
import { testDefaults, testIntegrations } from '../__testUtils__/config';
import { exampleCases, exampleInput } from '../__testUtils__/examples';
import { EXAMPLE_REPO_URL } from './actionExample';
import { createCatalogEntityAction } from './createCatalogEntity';
import { examples } from './createCatalogEntity.examples';

describe('base:entity:create', () => {
  const workspace = useActionWorkspace(
    createCatalogEntityAction({
      defaults: testDefaults,
      integrations: testIntegrations,
    }),
  );
  const { run } = workspace;

  it('has the shape of the modules of catalog/base-modules.yaml', async () => {
    const catalogFile = path.resolve(
      __dirname,
      '../../../../catalog/base-modules.yaml',
    );
    const committed: Entity[] = yaml
      .parseAllDocuments(await fs.readFile(catalogFile, 'utf8'))
      .map(doc => doc.toJS());
    const dataIngestion = committed.find(
      e => e.metadata.name === 'data-ingestion',
    )!;
    // data-ingestion's inputs, as someone would fill in the form.
    await run({
      name: 'data-ingestion',
      description: 'Written by the template',
      owner: 'group:default/data-processing-team',
      lifecycle: 'production',
      moduleGroup: 'data-processing',
      wave: 3,
      environments: ['aws', 'dev', 'prod'],
      dependsOn: [
        'resource:default/kafka',
        'resource:default/postgresql',
        'resource:default/s3-raw-data',
      ],
      repoUrl: EXAMPLE_REPO_URL,
    });
    const generated: Entity = await workspace.readYaml(
      'data_ingestion/catalog-info.yaml',
    );

    const { description, ...metadata } = generated.metadata;
    const { description: committedDescription, ...committedMetadata } =
      dataIngestion.metadata;
    expect(description).toBe('Written by the template');
    expect(committedDescription).toEqual(expect.any(String));
    expect(generated.apiVersion).toBe(dataIngestion.apiVersion);
    expect(generated.kind).toBe(dataIngestion.kind);
    for (const field of Object.keys({ ...metadata, ...committedMetadata })) {
      expect([field, (metadata as any)[field]]).toEqual([
        field,
        (committedMetadata as any)[field],
      ]);
    }
    for (const field of Object.keys({
      ...generated.spec,
      ...dataIngestion.spec,
    })) {
      expect([field, generated.spec?.[field]]).toEqual([
        field,
        dataIngestion.spec?.[field],
      ]);
    }
  });

  it('depends on vault and monitoring, then the chosen dependencies, each once, as full refs', async () => {
    await run({
      ...exampleInput(examples[0].example),
      dependsOn: ['Resource:kafka', 'component:default/vault'],
    });
    const entity = await workspace.readYaml('data_lineage/catalog-info.yaml');
    expect(entity.spec.dependsOn).toEqual([
      'component:default/vault',
      'component:default/monitoring',
      'resource:default/kafka',
    ]);
    expect(entity.metadata.tags).toEqual(['base-module', 'data-processing']);
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

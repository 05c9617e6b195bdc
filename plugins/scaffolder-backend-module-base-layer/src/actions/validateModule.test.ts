import fs from 'node:fs/promises';
import path from 'node:path';
import { ConflictError, InputError } from '@backstage/errors';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createTempWorkspace,
  exampleInput,
  hashDirectory,
  testDefaults,
  testIntegrations,
} from '../__testUtils__/workspace';
import { ModuleConflict, ModuleLookup } from '../lib/ModuleExistenceChecker';
import { createArgoCdApplicationAction } from './createArgoCdApplication';
import { createCatalogEntityAction } from './createCatalogEntity';
import { createModuleManifestsAction } from './createModuleManifests';
import { createValidateModuleAction } from './validateModule';
import { examples } from './validateModule.examples';

const validInput = {
  name: 'data-lineage',
  description: 'Tracks the lineage of every dataset',
  owner: 'group:default/data-platform',
  wave: 3,
  environments: ['aws', 'dev', 'prod'],
  resources: { dev: { cpu: '100m' }, prod: { memory: '2Gi' } },
  repoUrl: 'github.com?owner=vsem-svoim&repo=base-app-layer',
  branch: 'main',
};

function createLookup(found: {
  catalog?: ModuleConflict;
  repo?: ModuleConflict;
}) {
  return {
    findInCatalog: jest.fn(async () => found.catalog),
    findInRepo: jest.fn(async () => found.repo),
  } satisfies ModuleLookup;
}

describe('base:module:validate', () => {
  let workspace: Awaited<ReturnType<typeof createTempWorkspace>>;

  beforeEach(async () => {
    workspace = await createTempWorkspace();
  });
  afterEach(() => workspace.cleanup());

  const run = async (
    action: TemplateAction<any, any, any>,
    input: object,
    extra: object = {},
  ) => {
    const ctx = {
      ...createMockActionContext({
        input: input as any,
        workspacePath: workspace.dir,
      }),
      ...extra,
    };
    await action.handler(ctx);
    return ctx;
  };

  it.each(examples.map(e => [e.description, e.example]))(
    'runs the example: %s',
    async (_description, example) => {
      const lookup = createLookup({});
      const action = createValidateModuleAction({
        defaults: testDefaults,
        integrations: testIntegrations,
        existence: lookup,
      });
      const input = exampleInput(example);
      const ctx = await run(action, input);
      expect(ctx.output).toHaveBeenCalledWith(
        'namespace',
        `base-${input.name}`,
      );
      expect(lookup.findInRepo).toHaveBeenCalled();
    },
  );

  it('outputs the derived names and the planned files', async () => {
    const lookup = createLookup({});
    const action = createValidateModuleAction({
      defaults: testDefaults,
      integrations: testIntegrations,
      existence: lookup,
    });
    const checkpoint = jest.fn(async ({ fn }) => fn());
    const ctx = await run(action, validInput, { checkpoint });
    expect(ctx.output).toHaveBeenCalledWith('moduleDir', 'data_lineage');
    expect(ctx.output).toHaveBeenCalledWith(
      'overlayPath',
      'platform-services/kustomize/base-layer/data-lineage',
    );
    expect(ctx.output).toHaveBeenCalledWith('waveName', 'BASE layer');
    expect(ctx.output).toHaveBeenCalledWith(
      'files',
      expect.arrayContaining([
        'data_lineage/deployment.yaml',
        'data_lineage/catalog-info.yaml',
        'platform-services/argocd/applications/base-layer/data-lineage-app.yaml',
        'platform-services/kustomize/base-layer/data-lineage/overlays/prod/hpa.yaml',
      ]),
    );
    // The remote lookups run once, inside a checkpoint.
    expect(checkpoint).toHaveBeenCalledTimes(1);
    expect(checkpoint.mock.calls[0][0].key).toBe(
      'base.module.exists.v1.vsem-svoim.base-app-layer.data-lineage',
    );
    expect(lookup.findInRepo).toHaveBeenCalledWith(
      expect.objectContaining({ owner: 'vsem-svoim', repo: 'base-app-layer' }),
      'main',
      [
        'data_lineage',
        'platform-services/kustomize/base-layer/data-lineage',
        'platform-services/argocd/applications/base-layer/data-lineage-app.yaml',
      ],
    );
  });

  it('skips the remote lookups in dry-run but still validates', async () => {
    const lookup = createLookup({
      catalog: { source: 'catalog', location: 'component:default/x' },
    });
    const action = createValidateModuleAction({
      defaults: testDefaults,
      integrations: testIntegrations,
      existence: lookup,
    });
    await run(action, validInput, { isDryRun: true });
    expect(lookup.findInCatalog).not.toHaveBeenCalled();
    expect(lookup.findInRepo).not.toHaveBeenCalled();
    await expect(
      run(action, { ...validInput, wave: 7 }, { isDryRun: true }),
    ).rejects.toThrow("Invalid input 'wave'");
  });

  describe('rejects bad input, naming the field, leaving the workspace unchanged', () => {
    const existing = {
      catalog: {
        source: 'catalog',
        location: 'component:default/data-lineage',
      } as ModuleConflict,
      repo: { source: 'repo', location: 'data_lineage' } as ModuleConflict,
    };

    type Case = {
      title: string;
      input?: object;
      field: string;
      error?: typeof InputError | typeof ConflictError;
      found?: { catalog?: ModuleConflict; repo?: ModuleConflict };
      seed?: string;
      /** Actions that take the field; all four when unset. */
      actions?: string[];
    };

    const cases: Case[] = [
      { title: 'missing name', input: { name: undefined }, field: 'name' },
      {
        title: 'upper case and underscore',
        input: { name: 'Data_Lineage' },
        field: 'name',
      },
      { title: 'leading dash', input: { name: '-lineage' }, field: 'name' },
      { title: 'path in the name', input: { name: '../etc' }, field: 'name' },
      {
        title: 'name too long for base-<name>',
        input: { name: 'a'.repeat(59) },
        field: 'name',
      },
      { title: 'wave not configured', input: { wave: 9 }, field: 'wave' },
      { title: 'wave not a number', input: { wave: 'three' }, field: 'wave' },
      {
        title: 'unknown environment',
        input: { environments: ['aws', 'staging'] },
        field: 'environments',
      },
      {
        title: 'no environment',
        input: { environments: [] },
        field: 'environments',
      },
      {
        title: 'duplicated environment',
        input: { environments: ['dev', 'dev'] },
        field: 'environments',
      },
      {
        title: 'bad CPU quantity',
        input: { resources: { dev: { cpu: 'lots' } } },
        field: 'resources.dev.cpu',
        actions: ['validate', 'manifests'],
      },
      {
        title: 'bad memory quantity',
        input: { resources: { prod: { memory: '1 GB' } } },
        field: 'resources.prod.memory',
        actions: ['validate', 'manifests'],
      },
      {
        title: 'relative path escaping the workspace',
        input: { targetPath: 'gitops/../../outside' },
        field: 'targetPath',
      },
      {
        title: 'absolute path',
        input: { targetPath: '/etc' },
        field: 'targetPath',
      },
      {
        title: 'not an IAM role ARN',
        input: { iamRoleArn: 'arn:aws:s3:::bucket' },
        field: 'iamRoleArn',
        actions: ['validate', 'manifests'],
      },
      {
        title: 'not an owner ref',
        input: { owner: 'group:default/data platform' },
        field: 'owner',
        actions: ['validate', 'entity'],
      },
      {
        title: 'repo on an unconfigured host',
        input: { repoUrl: 'gitlab.example.com?owner=a&repo=b' },
        field: 'repoUrl',
        actions: ['validate', 'application'],
      },
      {
        title: 'bad branch name',
        input: { branch: 'feature..x' },
        field: 'branch',
        actions: ['validate', 'application'],
      },
      {
        title: 'file already in the workspace',
        seed: 'data_lineage/catalog-info.yaml',
        field: 'name',
        error: ConflictError,
        actions: ['validate', 'entity'],
      },
      {
        title: 'module already in the catalog',
        found: { catalog: existing.catalog },
        field: 'name',
        error: ConflictError,
        actions: ['validate'],
      },
      {
        title: 'module folder already in the GitOps repo',
        found: { repo: existing.repo },
        field: 'name',
        error: ConflictError,
        actions: ['validate'],
      },
    ];

    it('has at least 12 cases', () => {
      expect(cases.length).toBeGreaterThanOrEqual(12);
    });

    const rows = cases.flatMap(c =>
      (c.actions ?? ['validate', 'manifests', 'application', 'entity']).map(
        actionName => [`${actionName}: ${c.title}`, actionName, c] as const,
      ),
    );

    it.each(rows)('%s', async (_title, actionName, c) => {
      const lookup = createLookup(c.found ?? {});
      const factories: Record<string, () => TemplateAction<any, any, any>> = {
        validate: () =>
          createValidateModuleAction({
            defaults: testDefaults,
            integrations: testIntegrations,
            existence: lookup,
          }),
        manifests: () =>
          createModuleManifestsAction({ defaults: testDefaults }),
        application: () =>
          createArgoCdApplicationAction({
            defaults: testDefaults,
            integrations: testIntegrations,
          }),
        entity: () => createCatalogEntityAction({ defaults: testDefaults }),
      };
      const action = factories[actionName]();

      // A non-empty workspace, so "unchanged" means more than "still empty".
      await fs.writeFile(path.join(workspace.dir, 'README.md'), 'keep me');
      if (c.seed) {
        const seeded = path.join(workspace.dir, c.seed);
        await fs.mkdir(path.dirname(seeded), { recursive: true });
        await fs.writeFile(seeded, 'already here');
      }
      const before = await hashDirectory(workspace.dir);

      const result = run(action, { ...validInput, ...c.input });
      await expect(result).rejects.toThrow(`Invalid input '${c.field}'`);
      await expect(result).rejects.toBeInstanceOf(c.error ?? InputError);
      expect(await hashDirectory(workspace.dir)).toBe(before);
    });
  });
});

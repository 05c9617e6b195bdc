import fs from 'node:fs/promises';
import path from 'node:path';
import { ConflictError, InputError } from '@backstage/errors';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { hashDirectory, useActionWorkspace } from '../__testUtils__/workspace';
import { testDefaults, testIntegrations } from '../__testUtils__/config';
import { exampleCases } from '../__testUtils__/examples';
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
    checkReferences: jest.fn(async () => undefined),
  } satisfies ModuleLookup;
}

describe('base:module:validate', () => {
  const workspace = useActionWorkspace();
  const run = workspace.runAction;

  it.each(exampleCases(examples))('runs the example: %s', async (_, input) => {
    const lookup = createLookup({});
    const action = createValidateModuleAction({
      defaults: testDefaults,
      integrations: testIntegrations,
      existence: lookup,
    });
    const ctx = await run(action, input);
    expect(ctx.output).toHaveBeenCalledWith('namespace', `base-${input.name}`);
    expect(lookup.findInRepo).toHaveBeenCalled();
  });

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
        'argocd/applications/base-layer/data-lineage-aws.yaml',
        'platform-services/kustomize/base-layer/data-lineage/overlays/prod/hpa.yaml',
        'platform-services/crossplane/iam/base-layer-data-lineage.yaml',
        'platform-services/vault/policies/base-layer-data-lineage.hcl',
        'platform-services/vault/kubernetes-roles/base-layer-data-lineage.json',
      ]),
    );
    // The remote lookups run once, inside a checkpoint.
    expect(checkpoint).toHaveBeenCalledTimes(1);
    expect(checkpoint.mock.calls[0][0].key).toBe(
      'base.module.checks.v2.vsem-svoim.base-app-layer.data-lineage',
    );
    expect(lookup.findInRepo).toHaveBeenCalledWith(
      expect.objectContaining({ owner: 'vsem-svoim', repo: 'base-app-layer' }),
      'main',
      [
        'data_lineage',
        'platform-services/kustomize/base-layer/data-lineage',
        'argocd/applications/base-layer/data-lineage-aws.yaml',
        'platform-services/crossplane/iam/base-layer-data-lineage.yaml',
        'platform-services/vault/policies/base-layer-data-lineage.hcl',
        'platform-services/vault/kubernetes-roles/base-layer-data-lineage.json',
      ],
    );
  });

  it('runs the read-only lookups in a dry run too', async () => {
    const lookup = createLookup({
      catalog: { source: 'catalog', location: 'component:default/x' },
    });
    const action = createValidateModuleAction({
      defaults: testDefaults,
      integrations: testIntegrations,
      existence: lookup,
    });
    await expect(
      run(action, validInput, { isDryRun: true }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(lookup.findInCatalog).toHaveBeenCalled();
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

    const ALL_ACTIONS = ['validate', 'manifests', 'application', 'entity'];

    /** One case per bad value of a (dotted) field, run by the actions that take it. */
    const badValues = (
      field: string,
      actions: string[],
      values: Record<string, unknown>,
    ): Case[] =>
      Object.entries(values).map(([title, value]) => ({
        title,
        field,
        actions,
        input: field
          .split('.')
          .reduceRight<unknown>(
            (inner, key) => ({ [key]: inner }),
            value,
          ) as object,
      }));

    /** A module that already exists: ConflictError naming `name`. */
    const conflict = (
      title: string,
      actions: string[],
      where: Pick<Case, 'found' | 'seed'>,
    ): Case => ({
      title,
      field: 'name',
      error: ConflictError,
      actions,
      ...where,
    });

    const cases: Case[] = [
      ...badValues('name', ALL_ACTIONS, {
        'missing name': undefined,
        'upper case and underscore': 'Data_Lineage',
        'leading dash': '-lineage',
        'path in the name': '../etc',
        'name too long for base-<name>': 'a'.repeat(59),
      }),
      ...badValues('wave', ALL_ACTIONS, {
        'wave not configured': 9,
        'wave not a number': 'three',
      }),
      ...badValues('environments', ALL_ACTIONS, {
        'unknown environment': ['aws', 'staging'],
        'no environment': [],
        'duplicated environment': ['dev', 'dev'],
      }),
      ...badValues('resources.dev.cpu', ['validate', 'manifests'], {
        'bad CPU quantity': 'lots',
      }),
      ...badValues('resources.prod.memory', ['validate', 'manifests'], {
        'bad memory quantity': '1 GB',
      }),
      ...badValues('targetPath', ALL_ACTIONS, {
        'relative path escaping the workspace': 'gitops/../../outside',
        'absolute path': '/etc',
      }),
      ...badValues('iamRoleArn', ['validate', 'manifests'], {
        'not an IAM role ARN': 'arn:aws:s3:::bucket',
      }),
      ...badValues('owner', ['validate', 'entity'], {
        'not an owner ref': 'group:default/data platform',
      }),
      ...badValues('dependsOn', ['validate', 'entity'], {
        'a dependency that is not a Component or Resource': [
          'group:default/data-platform',
        ],
        'a dependency that is not a list': 'resource:default/kafka',
      }),
      ...badValues('iamRoleArn', ['validate'], {
        'a role other than the one the IRSA switch creates':
          'arn:aws:iam::123456789012:role/someone-else',
      }),
      ...badValues('repoUrl', ['validate', 'application'], {
        'repo on an unconfigured host': 'gitlab.example.com?owner=a&repo=b',
      }),
      ...badValues('branch', ['validate', 'application'], {
        'bad branch name': 'feature..x',
      }),
      conflict('file already in the workspace', ['validate', 'entity'], {
        seed: 'data_lineage/catalog-info.yaml',
      }),
      conflict('module already in the catalog', ['validate'], {
        found: { catalog: existing.catalog },
      }),
      conflict('module folder already in the GitOps repo', ['validate'], {
        found: { repo: existing.repo },
      }),
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
        entity: () =>
          createCatalogEntityAction({
            defaults: testDefaults,
            integrations: testIntegrations,
          }),
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

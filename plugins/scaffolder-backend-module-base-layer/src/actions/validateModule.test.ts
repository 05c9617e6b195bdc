import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { hashDirectory, useActionWorkspace } from '../__testUtils__/workspace';
import { testDefaults } from '../__testUtils__/config';
import { exampleCases } from '../__testUtils__/examples';
import { LoopbackGithub } from '../__testUtils__/loopbackGithub';
import { ModuleExistenceChecker } from '../lib/ModuleExistenceChecker';
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

const entity = (kind: string, name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

/** The catalog of the examples: their owners and one existing module. */
const catalog = catalogServiceMock({
  entities: [
    entity('Group', 'data-platform'),
    entity('Group', 'ml-platform'),
    entity('Component', 'data-ingestion'),
  ],
});

describe('base:module:validate', () => {
  const workspace = useActionWorkspace();
  const run = workspace.runAction;
  // The GitOps repo of the examples, github.com answered by a loopback.
  const github = new LoopbackGithub('vsem-svoim', 'base-app-layer', {
    'data_quality/deployment.yaml': 'kind: Deployment',
  });
  let integrations: ScmIntegrations;
  let existence: ModuleExistenceChecker;
  const createAction = () =>
    createValidateModuleAction({
      defaults: testDefaults,
      integrations,
      existence,
    });

  beforeAll(async () => {
    await github.start();
    integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            {
              host: 'github.com',
              apiBaseUrl: github.apiBaseUrl,
              token: 'test',
            },
          ],
        },
      }),
    );
    existence = new ModuleExistenceChecker({ catalog, integrations });
  });
  afterAll(() => github.stop());

  const contentsRequests = () =>
    github.requests
      .filter(r => r.includes('/contents/'))
      .map(r => decodeURIComponent(r.split('/contents/')[1]));

  it.each(exampleCases(examples))('runs the example: %s', async (_, input) => {
    const before = github.requests.length;
    const ctx = await run(createAction(), input);
    expect(ctx.output).toHaveBeenCalledWith('namespace', `base-${input.name}`);
    expect(github.requests.length).toBeGreaterThan(before);
  });

  it('outputs the derived names and the planned files', async () => {
    github.requests.length = 0;
    const checkpoint = jest.fn(async ({ fn }) => fn());
    const ctx = await run(createAction(), validInput, { checkpoint });
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
    expect(github.requests[0]).toBe(
      'GET /repos/vsem-svoim/base-app-layer/branches/main',
    );
    expect(contentsRequests()).toEqual([
      'data_lineage',
      'platform-services/kustomize/base-layer/data-lineage',
      'argocd/applications/base-layer/data-lineage-aws.yaml',
      'platform-services/crossplane/iam/base-layer-data-lineage.yaml',
      'platform-services/vault/policies/base-layer-data-lineage.hcl',
      'platform-services/vault/kubernetes-roles/base-layer-data-lineage.json',
    ]);
  });

  it('runs the read-only lookups in a dry run too', async () => {
    await expect(
      run(
        createAction(),
        { ...validInput, name: 'data-ingestion' },
        {
          isDryRun: true,
        },
      ),
    ).rejects.toThrow(
      "Invalid input 'name': module 'data-ingestion' already exists (catalog entity component:default/data-ingestion)",
    );
    await expect(
      run(
        createAction(),
        { ...validInput, name: 'data-quality' },
        {
          isDryRun: true,
        },
      ),
    ).rejects.toThrow(
      "Invalid input 'name': module 'data-quality' already exists (repo path data_quality)",
    );
  });

  describe('rejects bad input, naming the field, leaving the workspace unchanged', () => {
    type Case = {
      title: string;
      input?: object;
      field: string;
      error?: typeof InputError | typeof ConflictError;
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
      where: Pick<Case, 'input' | 'seed'>,
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
        input: { name: 'data-ingestion' },
      }),
      conflict('module folder already in the GitOps repo', ['validate'], {
        input: { name: 'data-quality' },
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
      const factories: Record<string, () => TemplateAction<any, any, any>> = {
        validate: createAction,
        manifests: () =>
          createModuleManifestsAction({ defaults: testDefaults }),
        application: () =>
          createArgoCdApplicationAction({
            defaults: testDefaults,
            integrations,
          }),
        entity: () =>
          createCatalogEntityAction({
            defaults: testDefaults,
            integrations,
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

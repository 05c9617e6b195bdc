import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockCredentials } from '@backstage/backend-test-utils';
import { LoopbackGithub } from '../__testUtils__/loopbackGithub';
import { testDefaults } from '../__testUtils__/config';
import { resolveGithubRepo } from './githubRepo';
import { ModuleExistenceChecker } from './ModuleExistenceChecker';
import { moduleRepoPaths } from './moduleFiles';
import { parseModuleInput } from './moduleSpec';

const spec = (name: string) =>
  parseModuleInput({ name, wave: 3, environments: ['aws'] }, testDefaults);

describe('ModuleExistenceChecker', () => {
  const github = new LoopbackGithub('vsem-svoim', 'base-app-layer', {
    'data_ingestion/deployment.yaml': 'kind: Deployment',
    'platform-services/kustomize/base-layer/data-quality/base/kustomization.yaml':
      'kind: Kustomization',
  });
  let integrations: ScmIntegrations;
  let checker: ModuleExistenceChecker;

  beforeAll(async () => {
    await github.start();
    integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            { host: github.host, apiBaseUrl: github.apiBaseUrl, token: 'test' },
          ],
        },
      }),
    );
    checker = new ModuleExistenceChecker({
      catalog: catalogServiceMock({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'data-control' },
            spec: {},
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'data-platform' },
            spec: { type: 'team', children: [] },
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'airflow',
              annotations: { 'base-layer.io/wave': '2' },
            },
            spec: {},
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'api-gateway',
              annotations: { 'base-layer.io/wave': '4' },
            },
            spec: {},
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'renamed-storage',
              annotations: { 'base-layer.io/module-path': 'data_storage' },
            },
            spec: {},
          },
        ],
      }),
      integrations,
    });
  });
  afterAll(() => github.stop());

  const repo = () =>
    resolveGithubRepo(
      `${github.host}?owner=vsem-svoim&repo=base-app-layer`,
      integrations,
    );

  it.each([
    ['entity name', 'data-control', 'component:default/data-control'],
    [
      'its manifest folder annotation',
      'data-storage',
      'component:default/renamed-storage',
    ],
  ])('finds a module by %s', async (_by, name, location) => {
    await expect(
      checker.findInCatalog(spec(name), mockCredentials.user()),
    ).resolves.toEqual({ source: 'catalog', location });
  });

  it.each([
    ['data-ingestion', 'data_ingestion'],
    ['data-quality', 'platform-services/kustomize/base-layer/data-quality'],
  ])('finds %s in the repo at %s', async (name, location) => {
    await expect(
      checker.findInRepo(repo(), 'main', moduleRepoPaths(spec(name))),
    ).resolves.toEqual({ source: 'repo', location });
  });

  it('finds nothing for a new module', async () => {
    const newModule = spec('data-lineage');
    await expect(
      checker.findInCatalog(newModule, mockCredentials.user()),
    ).resolves.toBeUndefined();
    await expect(
      checker.findInRepo(repo(), 'main', moduleRepoPaths(newModule)),
    ).resolves.toBeUndefined();
    expect(github.requests).toContain(
      'GET /repos/vsem-svoim/base-app-layer/contents/data_lineage',
    );
  });

  it('gives up on a GitHub that never answers, within the bound', async () => {
    const silent = http.createServer(() => {
      // Accepts the request and never answers.
    });
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const silentIntegrations = ScmIntegrations.fromConfig(
        new ConfigReader({
          integrations: {
            github: [{ host, apiBaseUrl: `http://${host}`, token: 'test' }],
          },
        }),
      );
      const bounded = new ModuleExistenceChecker({
        catalog: catalogServiceMock(),
        integrations: silentIntegrations,
        repoLookupTimeoutMs: 300,
      });
      const started = Date.now();
      await expect(
        bounded.findInRepo(
          resolveGithubRepo(`${host}?owner=o&repo=r`, silentIntegrations),
          'main',
          ['x'],
        ),
      ).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      silent.closeAllConnections();
      await new Promise(resolve => silent.close(resolve));
    }
  });

  it.each([
    [
      'an owner that is not in the catalog',
      { owner: 'group:default/nobody' },
      "Invalid input 'owner': 'group:default/nobody' is not a Group in the catalog",
    ],
    [
      'an owner that is a Component',
      { owner: 'component:default/data-control' },
      "Invalid input 'owner': 'component:default/data-control' is not a Group in the catalog",
    ],
    [
      'a dependency not in the catalog',
      { dependsOn: ['resource:default/nope'] },
      "Invalid input 'dependsOn': 'resource:default/nope' is not in the catalog",
    ],
    [
      'a dependency in a later wave',
      { dependsOn: ['component:default/api-gateway'] },
      "Invalid input 'dependsOn': 'component:default/api-gateway' is in wave 4, later than the module's wave 3; an entity may only depend on entities in its own or an earlier wave",
    ],
    [
      'nothing wrong',
      {
        dependsOn: [
          'component:default/data-control',
          'component:default/airflow',
        ],
      },
      undefined,
    ],
  ])(
    'checks the references of a module: %s',
    async (_title, input, problem) => {
      const module = parseModuleInput(
        {
          name: 'data-lineage',
          wave: 3,
          environments: ['aws'],
          owner: 'group:default/data-platform',
          ...input,
        },
        testDefaults,
      );
      await expect(
        checker.checkReferences(module, mockCredentials.user()),
      ).resolves.toBe(problem);
    },
  );

  it('names the branch when it does not exist', async () => {
    await expect(checker.findInRepo(repo(), 'nope', ['x'])).rejects.toThrow(
      "Invalid input 'branch'",
    );
  });

  it('only resolves repos on configured hosts', () => {
    expect(() =>
      resolveGithubRepo('ghe.example.com?owner=a&repo=b', integrations),
    ).toThrow("Invalid input 'repoUrl'");
    expect(repo()).toEqual({
      host: github.host,
      owner: 'vsem-svoim',
      repo: 'base-app-layer',
      apiBaseUrl: github.apiBaseUrl,
      cloneUrl: `https://${github.host}/vsem-svoim/base-app-layer.git`,
    });
  });
});

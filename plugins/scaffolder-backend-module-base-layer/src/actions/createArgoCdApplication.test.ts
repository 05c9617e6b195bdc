import { useActionWorkspace } from '../__testUtils__/workspace';
import { testDefaults, testIntegrations } from '../__testUtils__/config';
import { exampleCases, exampleInput } from '../__testUtils__/examples';
import { createArgoCdApplicationAction } from './createArgoCdApplication';
import { examples } from './createArgoCdApplication.examples';

describe('base:application:create', () => {
  const workspace = useActionWorkspace(
    createArgoCdApplicationAction({
      defaults: testDefaults,
      integrations: testIntegrations,
    }),
  );
  const { run } = workspace;

  it.each(exampleCases(examples))('runs the example: %s', async (_, input) => {
    const ctx = await run(input);
    const file = `argocd/applications/base-layer/${input.name}-aws.yaml`;
    expect(await workspace.listFiles()).toContain(file);
    expect(ctx.output).toHaveBeenCalledWith('files', [file]);
    const app = await workspace.readYaml(file);
    expect(app.spec.sources).toHaveLength(2);
    expect(app.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe(
      String(input.wave),
    );
  });

  it('builds the multi-source Application of DOMAIN.md', async () => {
    await run(exampleInput(examples[0].example));
    expect(
      await workspace.readYaml(
        'argocd/applications/base-layer/data-lineage-aws.yaml',
      ),
    ).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'data-lineage',
        namespace: 'argocd',
        labels: {
          'app.kubernetes.io/name': 'data-lineage',
          'app.kubernetes.io/part-of': 'base-layer',
          'base-layer.io/wave': '3',
        },
        annotations: { 'argocd.argoproj.io/sync-wave': '3' },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: 'base-layer',
        sources: [
          {
            repoURL: 'https://github.com/vsem-svoim/base-app-layer.git',
            targetRevision: 'main',
            path: 'data_lineage',
          },
          {
            repoURL: 'https://github.com/vsem-svoim/base-app-layer.git',
            targetRevision: 'main',
            path: 'platform-services/kustomize/base-layer/data-lineage/overlays/aws',
          },
        ],
        destination: { name: 'base-layer', namespace: 'base-data-lineage' },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true'],
          retry: {
            limit: 5,
            backoff: { duration: '5s', factor: 2, maxDuration: '3m' },
          },
        },
      },
    });
  });

  it('deploys the first overlay when the module ships no aws overlay', async () => {
    await run(exampleInput(examples[1].example));
    const app = await workspace.readYaml(
      'argocd/applications/base-layer/feature-store-aws.yaml',
    );
    expect(app.spec.sources[1].path).toBe(
      'platform-services/kustomize/base-layer/feature-store/overlays/dev',
    );
    expect(app.metadata.labels['base-layer.io/wave']).toBe('4');
  });

  it('refuses a repo on a host without a configured integration', async () => {
    await expect(
      run({
        ...exampleInput(examples[0].example),
        repoUrl: 'evil.example.com?owner=a&repo=b',
      }),
    ).rejects.toThrow(/'repoUrl'/);
    expect(await workspace.listFiles()).toEqual([]);
  });
});

import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import yaml from 'yaml';
import { hashDirectory, useActionWorkspace } from '../__testUtils__/workspace';
import { testDefaults } from '../__testUtils__/config';
import { exampleCases, exampleInput } from '../__testUtils__/examples';
import { createModuleManifestsAction } from './createModuleManifests';
import { examples } from './createModuleManifests.examples';

const execFileAsync = promisify(execFile);

/** kubectl on the PATH, whose `kubectl kustomize` builds an overlay. */
const KUBECTL = (process.env.PATH ?? '')
  .split(path.delimiter)
  .map(dir => path.join(dir, 'kubectl'))
  .find(file => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

describe('base:manifests:create', () => {
  const workspace = useActionWorkspace(
    createModuleManifestsAction({ defaults: testDefaults }),
  );
  const { run } = workspace;

  it.each(exampleCases(examples))('runs the example: %s', async (_, input) => {
    const ctx = await run(input);
    const written = (await workspace.listFiles()).filter(f => !f.endsWith('/'));
    const outputFiles = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'files',
    )[1];
    expect([...outputFiles].sort()).toEqual(written);
    for (const file of written) {
      // Every file is YAML that parses.
      expect(
        yaml.parse(await fs.readFile(path.join(workspace.dir, file), 'utf8')),
      ).toBeTruthy();
    }
    const overlays = written.filter(f => f.includes('/overlays/'));
    for (const env of input.environments) {
      expect(overlays).toContain(
        path.posix.join(
          input.targetPath ?? '.',
          `platform-services/kustomize/base-layer/${input.name}/overlays/${env}/kustomization.yaml`,
        ),
      );
    }
  });

  describe('the module layout of DOMAIN.md', () => {
    const overlayRoot = 'platform-services/kustomize/base-layer/data-lineage';

    beforeEach(async () => {
      await run(exampleInput(examples[0].example));
    });

    it('writes the manifests into the underscored module folder', async () => {
      expect(await workspace.listFiles()).toEqual([
        'data_lineage/',
        'data_lineage/configmap.yaml',
        'data_lineage/deployment.yaml',
        'data_lineage/kustomization.yaml',
        'data_lineage/service.yaml',
        'data_lineage/serviceaccount.yaml',
        'platform-services/',
        'platform-services/kustomize/',
        'platform-services/kustomize/base-layer/',
        `${overlayRoot}/`,
        `${overlayRoot}/base/`,
        `${overlayRoot}/base/kustomization.yaml`,
        `${overlayRoot}/overlays/`,
        `${overlayRoot}/overlays/aws/`,
        `${overlayRoot}/overlays/aws/kustomization.yaml`,
        `${overlayRoot}/overlays/dev/`,
        `${overlayRoot}/overlays/dev/kustomization.yaml`,
        `${overlayRoot}/overlays/prod/`,
        `${overlayRoot}/overlays/prod/hpa.yaml`,
        `${overlayRoot}/overlays/prod/kustomization.yaml`,
      ]);
    });

    it('builds the Deployment in namespace base-<module>', async () => {
      const deployment = await workspace.readYaml(
        'data_lineage/deployment.yaml',
      );
      expect(deployment).toMatchObject({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'data-lineage',
          namespace: 'base-data-lineage',
          labels: {
            'backstage.io/kubernetes-id': 'data-lineage',
            'base-layer.io/wave': '3',
          },
        },
        spec: {
          selector: {
            matchLabels: { 'app.kubernetes.io/name': 'data-lineage' },
          },
          template: {
            spec: {
              serviceAccountName: 'data-lineage',
              containers: [
                {
                  name: 'data-lineage',
                  image: 'base/data-lineage:latest',
                  envFrom: [{ configMapRef: { name: 'data-lineage-config' } }],
                  resources: { requests: { cpu: '100m', memory: '256Mi' } },
                },
              ],
            },
          },
        },
      });
      expect(deployment.spec.template.spec.containers[0].env).toEqual(
        expect.any(Array),
      );
    });

    it('gives the ServiceAccount its IRSA role, and writes Service and ConfigMap', async () => {
      expect(
        await workspace.readYaml('data_lineage/serviceaccount.yaml'),
      ).toMatchObject({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name: 'data-lineage',
          namespace: 'base-data-lineage',
          annotations: {
            'eks.amazonaws.com/role-arn':
              'arn:aws:iam::123456789012:role/base-layer-data-lineage',
          },
        },
      });
      expect(
        await workspace.readYaml('data_lineage/service.yaml'),
      ).toMatchObject({
        kind: 'Service',
        spec: {
          selector: { 'app.kubernetes.io/name': 'data-lineage' },
          ports: [{ port: 80, targetPort: 'http' }],
        },
      });
      expect(
        await workspace.readYaml('data_lineage/configmap.yaml'),
      ).toMatchObject({
        kind: 'ConfigMap',
        metadata: { name: 'data-lineage-config' },
        data: { MODULE_NAME: 'data-lineage', WAVE: '3' },
      });
      expect(
        await workspace.readYaml('data_lineage/kustomization.yaml'),
      ).toEqual({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: [
          'deployment.yaml',
          'service.yaml',
          'serviceaccount.yaml',
          'configmap.yaml',
        ],
      });
    });

    it('points the base at the module folder', async () => {
      const base = await workspace.readYaml(
        `${overlayRoot}/base/kustomization.yaml`,
      );
      expect(base).toEqual({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: ['../../../../../data_lineage'],
        namespace: 'base-data-lineage',
      });
      // The relative path really lands on the module folder.
      expect(
        path.posix.normalize(
          path.posix.join(`${overlayRoot}/base`, base.resources[0]),
        ),
      ).toBe('data_lineage');
    });

    it('writes the aws overlay: env patch, nodeSelector, configMapGenerator, label', async () => {
      const aws = await workspace.readYaml(
        `${overlayRoot}/overlays/aws/kustomization.yaml`,
      );
      expect(aws.resources).toEqual(['../../base']);
      expect(aws.configMapGenerator).toEqual([
        {
          name: 'data-lineage-aws-config',
          literals: [
            'CLOUD_PROVIDER=aws',
            'AWS_REGION=us-east-1',
            'STORAGE_CLASS=gp3',
          ],
        },
      ]);
      expect(aws.labels).toEqual([
        { pairs: { 'cloud.provider': 'aws' }, includeTemplates: true },
      ]);
      expect(aws.patches).toHaveLength(1);
      expect(aws.patches[0].target).toEqual({
        kind: 'Deployment',
        name: 'data-lineage',
      });
      expect(yaml.parse(aws.patches[0].patch)).toEqual([
        {
          op: 'add',
          path: '/spec/template/spec/containers/0/env/-',
          value: { name: 'CLOUD_PROVIDER', value: 'aws' },
        },
        {
          op: 'add',
          path: '/spec/template/spec/nodeSelector',
          value: {
            'kubernetes.io/os': 'linux',
            'node.kubernetes.io/instance-type': 't3.medium',
          },
        },
      ]);
    });

    it('labels the Deployment and its pod template cloud.provider: aws, as kustomize builds the aws overlay', async () => {
      const aws = await workspace.readYaml(
        `${overlayRoot}/overlays/aws/kustomization.yaml`,
      );
      // What kustomize needs to label the pods, not only the objects.
      expect(aws.labels).toContainEqual(
        expect.objectContaining({
          pairs: { 'cloud.provider': 'aws' },
          includeTemplates: true,
        }),
      );
      if (!KUBECTL) {
        // No kustomize comes from the npm registry or Debian; the machines
        // that have kubectl build the overlay below.
        return;
      }
      const { stdout } = await execFileAsync(KUBECTL, [
        'kustomize',
        path.join(workspace.dir, overlayRoot, 'overlays/aws'),
      ]);
      const built = yaml.parseAllDocuments(stdout).map(d => d.toJS());
      const deployment = built.find(o => o.kind === 'Deployment');
      expect(deployment.metadata.labels['cloud.provider']).toBe('aws');
      expect(deployment.spec.template.metadata.labels['cloud.provider']).toBe(
        'aws',
      );
      // The selector is immutable: the overlay must not change it.
      expect(deployment.spec.selector.matchLabels).toEqual({
        'app.kubernetes.io/name': 'data-lineage',
      });
      expect(deployment.spec.template.spec.containers[0].env).toContainEqual({
        name: 'CLOUD_PROVIDER',
        value: 'aws',
      });
    });

    it.each([
      ['dev', { cpu: '100m', memory: '256Mi' }, ['../../base']],
      ['prod', { cpu: '500m', memory: '1Gi' }, ['../../base', 'hpa.yaml']],
    ])('sets the %s requests', async (env, requests, resources) => {
      const overlay = await workspace.readYaml(
        `${overlayRoot}/overlays/${env}/kustomization.yaml`,
      );
      expect(overlay.resources).toEqual(resources);
      expect(yaml.parse(overlay.patches[0].patch)).toEqual([
        {
          op: 'add',
          path: '/spec/template/spec/containers/0/resources/requests',
          value: requests,
        },
      ]);
    });

    it('adds a prod HPA of 2 to 20 replicas at 70% CPU', async () => {
      expect(
        await workspace.readYaml(`${overlayRoot}/overlays/prod/hpa.yaml`),
      ).toMatchObject({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'data-lineage', namespace: 'base-data-lineage' },
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'data-lineage',
          },
          minReplicas: 2,
          maxReplicas: 20,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: 70 },
              },
            },
          ],
        },
      });
    });
  });

  it('applies resource overrides and writes under targetPath', async () => {
    await run(exampleInput(examples[1].example));
    const prod = await workspace.readYaml(
      'gitops/platform-services/kustomize/base-layer/feature-store/overlays/prod/kustomization.yaml',
    );
    expect(yaml.parse(prod.patches[0].patch)[0].value).toEqual({
      cpu: '2',
      memory: '4Gi',
    });
    await expect(
      fs.access(
        path.join(
          workspace.dir,
          'gitops/platform-services/kustomize/base-layer/feature-store/overlays/aws',
        ),
      ),
    ).rejects.toThrow();
  });

  it('writes the same files in dry-run, since they stay in the workspace', async () => {
    await run(exampleInput(examples[0].example), { isDryRun: true });
    expect(
      (await workspace.listFiles()).filter(f => !f.endsWith('/')),
    ).toHaveLength(10);
  });

  it('overwrites nothing and writes nothing when one file already exists', async () => {
    const existing = path.join(
      workspace.dir,
      'platform-services/kustomize/base-layer/data-lineage/overlays/prod/hpa.yaml',
    );
    await fs.mkdir(path.dirname(existing), { recursive: true });
    await fs.writeFile(existing, 'mine');
    const before = await hashDirectory(workspace.dir);
    await expect(run(exampleInput(examples[0].example))).rejects.toThrow(
      /'name'.*overlays\/prod\/hpa.yaml' already exists/,
    );
    expect(await hashDirectory(workspace.dir)).toBe(before);
  });
});

import request from 'supertest';
import yaml from 'yaml';
import { Entity } from '@backstage/catalog-model';
import { LoopbackGithub } from './__testUtils__/loopbackGithub';
import {
  readTemplate,
  startScaffolder,
  templateValues,
} from './__testUtils__/scaffolderBackend';

jest.setTimeout(60_000);

const generatedFiles = [
  'data_lineage/README.md',
  'data_lineage/catalog-info.yaml',
  'data_lineage/configmap.yaml',
  'data_lineage/deployment.yaml',
  'data_lineage/kustomization.yaml',
  'data_lineage/service.yaml',
  'data_lineage/serviceaccount.yaml',
  'platform-services/argocd/applications/base-layer/data-lineage-app.yaml',
  'platform-services/kustomize/base-layer/data-lineage/base/kustomization.yaml',
  'platform-services/kustomize/base-layer/data-lineage/overlays/aws/kustomization.yaml',
  'platform-services/kustomize/base-layer/data-lineage/overlays/dev/kustomization.yaml',
  'platform-services/kustomize/base-layer/data-lineage/overlays/prod/hpa.yaml',
  'platform-services/kustomize/base-layer/data-lineage/overlays/prod/kustomization.yaml',
];

const existingModule: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'data-ingestion', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/platform-team',
    lifecycle: 'production',
  },
};

describe('the Create BASE module template in the scaffolder backend', () => {
  let github: LoopbackGithub;
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;

  beforeAll(async () => {
    github = new LoopbackGithub('vsem-svoim', 'base-app-layer', {
      'README.md': '# base-app-layer',
      'data_quality/deployment.yaml': 'kind: Deployment',
    });
    await github.start();
    scaffolder = await startScaffolder(github, { entities: [existingModule] });
  });

  afterAll(async () => {
    await scaffolder?.backend.stop();
    await github?.stop();
  });

  const runTask = async (values: object) => {
    const created = await request(scaffolder.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', scaffolder.authorization)
      .send({
        templateRef: 'template:default/create-base-module',
        values,
      });
    expect(created.status).toBe(201);
    for (let attempt = 0; attempt < 400; attempt++) {
      const task = await request(scaffolder.server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set('Authorization', scaffolder.authorization);
      if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
        const events = await request(scaffolder.server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
          .set('Authorization', scaffolder.authorization);
        return { task: task.body, events: events.body as any[] };
      }
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    throw new Error('task did not finish');
  };

  it('returns the full file set from the dry-run API', async () => {
    const { entity, directoryContents } = await readTemplate();
    const response = await request(scaffolder.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', scaffolder.authorization)
      .send({
        template: entity,
        values: templateValues(github),
        directoryContents,
      });
    expect(response.status).toBe(200);
    const files = (response.body.directoryContents as any[])
      .map(f => f.path)
      .sort();
    expect(files).toEqual(generatedFiles);

    const entityFile = response.body.directoryContents.find(
      (f: any) => f.path === 'data_lineage/catalog-info.yaml',
    );
    expect(
      yaml.parse(Buffer.from(entityFile.base64Content, 'base64').toString())
        .metadata.annotations['base-layer.io/wave'],
    ).toBe('3');
    // The dry-run neither looked the module up nor opened a pull request.
    expect(github.pullRequests).toEqual([]);
    expect(github.requests).toEqual([]);
  });

  it('opens a pull request with every generated file', async () => {
    const { task, events } = await runTask(templateValues(github));
    // The log is part of the expectation so a failure shows why.
    expect({
      status: task.status,
      log: task.status === 'completed' ? [] : events.map(e => e.body?.message),
    }).toEqual({ status: 'completed', log: [] });

    expect(github.pullRequests).toHaveLength(1);
    const [pr] = github.pullRequests;
    expect(pr).toMatchObject({
      owner: 'vsem-svoim',
      repo: 'base-app-layer',
      head: 'base-module/data-lineage',
      base: 'main',
      title: 'Add BASE module data-lineage',
      commitMessage: 'Add BASE module data-lineage',
    });
    expect(Object.keys(pr.files).sort()).toEqual(generatedFiles);
    // The description lists exactly the files of the pull request.
    for (const file of generatedFiles) {
      expect(pr.body).toContain(`- \`${file}\``);
    }
    expect(pr.body).toContain(`### Files (${generatedFiles.length})`);

    const parse = (file: string) => yaml.parse(pr.files[file]);
    expect(parse('data_lineage/deployment.yaml')).toMatchObject({
      kind: 'Deployment',
      metadata: { name: 'data-lineage', namespace: 'base-data-lineage' },
    });
    expect(
      parse('data_lineage/serviceaccount.yaml').metadata.annotations,
    ).toEqual({
      'eks.amazonaws.com/role-arn':
        'arn:aws:iam::123456789012:role/base-layer-data-lineage',
    });
    expect(parse('data_lineage/service.yaml').kind).toBe('Service');
    expect(parse('data_lineage/configmap.yaml').kind).toBe('ConfigMap');
    expect(parse('data_lineage/kustomization.yaml').resources).toHaveLength(4);
    expect(
      parse(
        'platform-services/kustomize/base-layer/data-lineage/base/kustomization.yaml',
      ).resources,
    ).toEqual(['../../../../../data_lineage']);
    expect(
      parse(
        'platform-services/kustomize/base-layer/data-lineage/overlays/aws/kustomization.yaml',
      ).configMapGenerator[0].name,
    ).toBe('data-lineage-aws-config');
    const requestsOf = (env: string) =>
      yaml.parse(
        parse(
          `platform-services/kustomize/base-layer/data-lineage/overlays/${env}/kustomization.yaml`,
        ).patches[0].patch,
      )[0].value;
    expect(requestsOf('dev')).toEqual({ cpu: '100m', memory: '256Mi' });
    expect(requestsOf('prod')).toEqual({ cpu: '1', memory: '2Gi' });
    expect(
      parse(
        'platform-services/kustomize/base-layer/data-lineage/overlays/prod/hpa.yaml',
      ).spec,
    ).toMatchObject({ minReplicas: 2, maxReplicas: 20 });
    const app = parse(
      'platform-services/argocd/applications/base-layer/data-lineage-app.yaml',
    );
    expect(app.spec.sources.map((s: any) => [s.repoURL, s.path])).toEqual([
      [`https://${github.host}/vsem-svoim/base-app-layer.git`, 'data_lineage'],
      [
        `https://${github.host}/vsem-svoim/base-app-layer.git`,
        'platform-services/kustomize/base-layer/data-lineage/overlays/aws',
      ],
    ]);
    expect(parse('data_lineage/catalog-info.yaml').spec.owner).toBe(
      'group:default/platform-team',
    );
    expect(pr.files['data_lineage/README.md']).toContain('# data-lineage');
    expect(pr.files['data_lineage/README.md']).toContain(
      'Wave:** 3 (BASE layer)',
    );

    const completion = events.find(e => e.type === 'completion');
    expect(completion.body.output.links[0].url).toBe(
      `http://${github.host}/vsem-svoim/base-app-layer/pull/1`,
    );
  });

  it.each([
    ['in the catalog', 'data-ingestion', 'component:default/data-ingestion'],
    ['in the GitOps repo', 'data-quality', 'repo path data_quality'],
  ])(
    'refuses a module that already exists %s, opening no pull request',
    async (_where, name, location) => {
      const before = github.pullRequests.length;
      const { task, events } = await runTask(templateValues(github, name));
      expect(task.status).toBe('failed');
      const messages = events
        .map(e => String(e.body?.message ?? ''))
        .join('\n');
      expect(messages).toContain(
        `Invalid input 'name': module '${name}' already exists`,
      );
      expect(messages).toContain(location);
      expect(github.pullRequests).toHaveLength(before);
    },
  );
});

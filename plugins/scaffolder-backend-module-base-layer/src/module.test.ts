import net from 'node:net';
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
  'argocd/applications/base-layer/data-lineage-aws.yaml',
  'data_lineage/README.md',
  'data_lineage/catalog-info.yaml',
  'data_lineage/configmap.yaml',
  'data_lineage/deployment.yaml',
  'data_lineage/kustomization.yaml',
  'data_lineage/service.yaml',
  'data_lineage/serviceaccount.yaml',
  'platform-services/crossplane/iam/base-layer-data-lineage.yaml',
  'platform-services/kustomize/base-layer/data-lineage/base/kustomization.yaml',
  'platform-services/kustomize/base-layer/data-lineage/overlays/aws/kustomization.yaml',
  'platform-services/kustomize/base-layer/data-lineage/overlays/dev/kustomization.yaml',
  'platform-services/kustomize/base-layer/data-lineage/overlays/prod/hpa.yaml',
  'platform-services/kustomize/base-layer/data-lineage/overlays/prod/kustomization.yaml',
  'platform-services/vault/kubernetes-roles/base-layer-data-lineage.json',
  'platform-services/vault/policies/base-layer-data-lineage.hcl',
];

/** A catalog entity, in a wave when given. */
const entity = (
  kind: string,
  name: string,
  wave?: number,
  spec: object = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    namespace: 'default',
    ...(wave !== undefined && {
      annotations: { 'base-layer.io/wave': String(wave) },
    }),
  },
  spec,
});

const catalogEntities: Entity[] = [
  entity('Component', 'data-ingestion', 3, {
    type: 'service',
    owner: 'group:default/platform-team',
    lifecycle: 'production',
  }),
  entity('Group', 'platform-team', undefined, { type: 'team', children: [] }),
  entity('User', 'jane', undefined, { memberOf: [] }),
  entity('Component', 'vault', 0),
  entity('Component', 'monitoring', 1),
  entity('Component', 'platform-ui', 4),
  entity('Resource', 'kafka', undefined, { type: 'kafka' }),
];

/** GitHub requests that change something. */
const writes = (github: LoopbackGithub) =>
  github.requests.filter(r => !/^(GET|HEAD) /.test(r));

describe('the Create BASE module template in the scaffolder backend', () => {
  let github: LoopbackGithub;
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;

  beforeAll(async () => {
    github = new LoopbackGithub('vsem-svoim', 'base-app-layer', {
      'README.md': '# base-app-layer',
      'data_quality/deployment.yaml': 'kind: Deployment',
    });
    await github.start();
    scaffolder = await startScaffolder(github, { entities: catalogEntities });
  });

  afterAll(async () => {
    await scaffolder?.backend.stop();
    await github?.stop();
  });

  const createTask = (values: object) =>
    request(scaffolder.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', scaffolder.authorization)
      .send({
        templateRef: 'template:default/create-base-module',
        values,
      });

  const runTask = async (values: object) => {
    const created = await createTask(values);
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

  const dryRun = async (values: object) => {
    const { entity: template, directoryContents } = await readTemplate();
    return request(scaffolder.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', scaffolder.authorization)
      .send({ template, values, directoryContents });
  };

  it('returns the full file set from the dry-run API, having checked the catalog and the repo', async () => {
    const before = github.requests.length;
    const response = await dryRun({
      ...templateValues(github),
      dependsOn: ['resource:default/kafka'],
    });
    expect(response.status).toBe(200);
    const files = (response.body.directoryContents as any[])
      .map(f => f.path)
      .sort();
    expect(files).toEqual(generatedFiles);

    const entityFile = response.body.directoryContents.find(
      (f: any) => f.path === 'data_lineage/catalog-info.yaml',
    );
    const generated = yaml.parse(
      Buffer.from(entityFile.base64Content, 'base64').toString(),
    );
    expect(generated.metadata.annotations['base-layer.io/wave']).toBe('3');
    expect(generated.spec.dependsOn).toEqual([
      'component:default/vault',
      'component:default/monitoring',
      'resource:default/kafka',
    ]);
    // The dry run read the repo (the branch, then each module path) and
    // wrote nothing.
    const reads = github.requests.slice(before).map(decodeURIComponent);
    expect(reads).toEqual([
      'GET /repos/vsem-svoim/base-app-layer/branches/main',
      ...[
        'data_lineage',
        'platform-services/kustomize/base-layer/data-lineage',
        'argocd/applications/base-layer/data-lineage-aws.yaml',
        'platform-services/crossplane/iam/base-layer-data-lineage.yaml',
        'platform-services/vault/policies/base-layer-data-lineage.hcl',
        'platform-services/vault/kubernetes-roles/base-layer-data-lineage.json',
      ].map(p => `GET /repos/vsem-svoim/base-app-layer/contents/${p}`),
    ]);
    expect(writes(github)).toEqual([]);
    expect(github.pullRequests).toEqual([]);
  });

  it('refuses an existing module in a dry run, by the catalog check, before calling GitHub', async () => {
    const before = github.requests.length;
    const response = await dryRun(templateValues(github, 'data-ingestion'));
    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain(
      "Invalid input 'name': module 'data-ingestion' already exists (catalog entity component:default/data-ingestion)",
    );
    expect(github.requests.slice(before)).toEqual([]);
  });

  it('warns in a dry run that the repo was not checked when GitHub cannot be reached', async () => {
    // A port nothing listens on: connections are refused.
    const closed = net.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise(resolve => closed.close(resolve));
    const unreachable = {
      host: `127.0.0.1:${port}`,
      apiBaseUrl: `http://127.0.0.1:${port}`,
      owner: 'vsem-svoim',
      repo: 'base-app-layer',
    } as LoopbackGithub;
    const offline = await startScaffolder(unreachable, {
      entities: catalogEntities,
    });
    try {
      const { entity: template, directoryContents } = await readTemplate();
      const started = Date.now();
      const response = await request(offline.server)
        .post('/api/scaffolder/v2/dry-run')
        .set('Authorization', offline.authorization)
        .send({
          template,
          values: templateValues(unreachable),
          directoryContents,
        });
      expect(response.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(10_000);
      const messages = (response.body.log as any[]).map(e => e.body.message);
      expect(messages).toContainEqual(
        expect.stringContaining(
          'Dry run: the GitOps repo vsem-svoim/base-app-layer was not checked for an existing module data-lineage',
        ),
      );
      expect(response.body.directoryContents).toHaveLength(
        generatedFiles.length,
      );
    } finally {
      await offline.backend.stop();
    }
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
    const app = parse('argocd/applications/base-layer/data-lineage-aws.yaml');
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

    // The IRSA role the ServiceAccount names, trusting only its service account.
    const role = parse(
      'platform-services/crossplane/iam/base-layer-data-lineage.yaml',
    );
    expect(role).toMatchObject({
      apiVersion: 'iam.aws.crossplane.io/v1beta1',
      kind: 'Role',
      metadata: { name: 'base-layer-data-lineage' },
    });
    const issuer = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE0123456789';
    expect(
      JSON.parse(role.spec.forProvider.assumeRolePolicyDocument).Statement,
    ).toEqual([
      {
        Effect: 'Allow',
        Principal: {
          Federated: `arn:aws:iam::123456789012:oidc-provider/${issuer}`,
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]:
              'system:serviceaccount:base-data-lineage:data-lineage',
            [`${issuer}:aud`]: 'sts.amazonaws.com',
          },
        },
      },
    ]);
    expect(
      pr.files['platform-services/vault/policies/base-layer-data-lineage.hcl'],
    ).toContain('path "secret/data/base-layer/data-lineage/*"');
    expect(
      JSON.parse(
        pr.files[
          'platform-services/vault/kubernetes-roles/base-layer-data-lineage.json'
        ],
      ),
    ).toMatchObject({
      bound_service_account_names: ['data-lineage'],
      bound_service_account_namespaces: ['base-data-lineage'],
      token_policies: ['base-layer-data-lineage'],
    });

    const completion = events.find(e => e.type === 'completion');
    expect(completion.body.output.links[0].url).toBe(
      `http://${github.host}/vsem-svoim/base-app-layer/pull/1`,
    );
  });

  it('leaves the IRSA role and the Vault files out when switched off', async () => {
    const response = await dryRun({
      ...templateValues(github, 'data-export'),
      irsa: false,
      vault: false,
    });
    expect(response.status).toBe(200);
    const files = (response.body.directoryContents as any[]).map(f => f.path);
    expect(files).not.toContainEqual(expect.stringMatching(/crossplane|vault/));
    expect(files).toContain(
      'argocd/applications/base-layer/data-export-aws.yaml',
    );
  });

  describe('refuses bad input naming the value, opening no pull request and writing nothing upstream', () => {
    it.each([
      [
        'an owner that does not exist',
        { owner: 'group:default/does-not-exist' },
        "Invalid input 'owner': 'group:default/does-not-exist' is not a Group in the catalog",
      ],
      [
        'an owner that is not a Group',
        { owner: 'user:default/jane' },
        "Invalid input 'owner': 'user:default/jane' is not a Group in the catalog",
      ],
      [
        'a dependency in a later wave',
        { dependsOn: ['component:default/platform-ui'] },
        "Invalid input 'dependsOn': 'component:default/platform-ui' is in wave 4, later than the module's wave 3",
      ],
      [
        'a default dependency in a later wave than the module',
        { wave: 0 },
        "Invalid input 'dependsOn': 'component:default/monitoring' is in wave 1, later than the module's wave 0",
      ],
      [
        'a dependency not in the catalog',
        { dependsOn: ['resource:default/no-such-bucket'] },
        "Invalid input 'dependsOn': 'resource:default/no-such-bucket' is not in the catalog",
      ],
      [
        'an existing module, in the catalog',
        { name: 'data-ingestion' },
        "Invalid input 'name': module 'data-ingestion' already exists (catalog entity component:default/data-ingestion)",
      ],
      [
        'an existing module, in the GitOps repo',
        { name: 'data-quality' },
        "Invalid input 'name': module 'data-quality' already exists (repo path data_quality)",
      ],
      ['an invalid name', { name: 'Data_Lineage' }, 'Data_Lineage'],
      ['a .. path in the name', { name: '../data-lineage' }, '../data-lineage'],
      [
        'an IAM role other than the one the IRSA role creates',
        { iamRoleArn: 'arn:aws:iam::123456789012:role/shared' },
        "Invalid input 'iamRoleArn': 'arn:aws:iam::123456789012:role/shared' is not the role the pull request creates",
      ],
    ])('%s', async (_title, values, message) => {
      const pullRequests = github.pullRequests.length;
      const writesBefore = writes(github).length;
      const requestsBefore = github.requests.length;
      const input = { ...templateValues(github), ...values };
      const created = await createTask(input);
      // The scaffolder checks the form's schema before it makes a task.
      const refusal =
        created.status === 201
          ? await runTask(input).then(({ task, events }) => ({
              status: task.status,
              errors: events.map(e => String(e.body?.message ?? '')).join('\n'),
            }))
          : { status: created.status, errors: JSON.stringify(created.body) };
      expect([400, 'failed']).toContain(refusal.status);
      expect(refusal.errors).toContain(message);
      expect(github.pullRequests).toHaveLength(pullRequests);
      expect(writes(github)).toHaveLength(writesBefore);
      // Only the repo lookup reads GitHub: the catalog and input refusals
      // come before any GitHub request.
      expect(github.requests.length > requestsBefore).toBe(
        message.includes('repo path'),
      );
    });
  });
});

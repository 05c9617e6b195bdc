import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import {
  coreServices,
  createBackendPlugin,
  HttpRouterService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  EntityStatusResponse,
  HealthStatus,
} from '@internal/plugin-base-layer-common';
import { moduleRepoLayout } from '../lib/moduleFiles';
import { readTemplate, ROLLBACK_TEMPLATE_DIR } from './scaffolderBackend';

/** The templates that change an existing module. */
export const LIFECYCLE_TEMPLATE_DIRS = {
  update: path.join(ROLLBACK_TEMPLATE_DIR, '../update-base-module'),
  promote: path.join(ROLLBACK_TEMPLATE_DIR, '../promote-base-module'),
  retire: path.join(ROLLBACK_TEMPLATE_DIR, '../retire-base-module'),
};

/** What a hand-written module fixture varies. */
export interface ModuleFixture {
  devTag: string;
  prodTag: string;
  /** Leave the prod overlay out. */
  withoutProd?: boolean;
  lifecycle?: string;
}

function overlay(
  module: string,
  env: 'dev' | 'prod',
  tag: string,
  requests: { cpu: string; memory: string },
) {
  return `# ${env} overlay of ${module}: edited through pull requests.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base${env === 'prod' ? '\n  - hpa.yaml' : ''}
images:
  - name: base/${module}
    newName: ghcr.io/vsem-svoim/${module}
    newTag: "${tag}" # set by CI
patches:
  - target:
      kind: Deployment
      name: ${module}
    patch: |-
      - op: add
        path: /spec/template/spec/containers/0/resources/requests
        value:
          cpu: ${requests.cpu}
          memory: ${requests.memory}
`;
}

/**
 * The files of one BASE module in the GitOps repo, in the agreed layout
 * (`moduleRepoLayout`), written by hand with comments and quoting of their
 * own, as a person would have left them.
 */
export function moduleFiles(
  module: string,
  fixture: ModuleFixture,
): Record<string, string> {
  const layout = moduleRepoLayout(module);
  const files: Record<string, string> = {
    [`${layout.moduleDir}/deployment.yaml`]: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${module}
  namespace: base-${module}
spec:
  replicas: 1
  selector:
    matchLabels: { app.kubernetes.io/name: ${module} }
  template:
    metadata:
      labels: { app.kubernetes.io/name: ${module} }
    spec:
      serviceAccountName: ${module}
      containers:
        - name: ${module}
          image: base/${module}:latest # the overlays pick the tag
`,
    [`${layout.moduleDir}/kustomization.yaml`]: `resources:\n  - deployment.yaml\n`,
    [layout.catalogEntity]: `# The catalog entity of ${module}.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${module}
  tags: [base-module]
spec:
  type: service
  lifecycle: ${
    fixture.lifecycle ?? 'production'
  } # experimental until it ran a month in prod
  owner: group:default/platform-team
  system: base-layer
`,
    [`${layout.baseDir}/kustomization.yaml`]: `resources:\n  - ../../../../../${layout.moduleDir}\nnamespace: base-${module}\n`,
    [`${layout.overlayDir(
      'aws',
    )}/kustomization.yaml`]: `resources:\n  - ../../base\nlabels:\n  - pairs: { cloud.provider: aws }\n    includeTemplates: true\n`,
    [`${layout.overlayDir('dev')}/kustomization.yaml`]: overlay(
      module,
      'dev',
      fixture.devTag,
      { cpu: '100m', memory: '256Mi' },
    ),
    [layout.application]: `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${module}-aws\n`,
    [layout.iamRole]: `apiVersion: iam.aws.crossplane.io/v1beta1\nkind: Role\nmetadata:\n  name: ${layout.accessName}\n`,
    [layout.vaultPolicy]: `path "secret/data/base-layer/${module}/*" {\n  capabilities = ["read"]\n}\n`,
    [layout.vaultKubernetesRole]: `{"bound_service_account_names": ["${module}"]}\n`,
  };
  if (!fixture.withoutProd) {
    files[`${layout.overlayDir('prod')}/kustomization.yaml`] = overlay(
      module,
      'prod',
      fixture.prodTag,
      { cpu: '500m', memory: '1Gi' },
    );
    files[`${layout.overlayDir('prod')}/hpa.yaml`] =
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n';
  }
  return files;
}

/** A module's status as the base-layer backend answers it, with one Application. */
export function moduleStatus(
  module: string,
  health: HealthStatus,
): EntityStatusResponse {
  const layout = moduleRepoLayout(module);
  return {
    entityRef: `component:default/${module}`,
    wave: 3,
    environments: ['dev', 'prod'],
    overlays: ['aws', 'dev', 'prod'],
    applications: [
      {
        source: 'argocd',
        name: `${module}-aws`,
        namespace: 'argocd',
        project: 'base-layer',
        wave: 3,
        sync: 'Synced',
        health,
        ...(health === 'Healthy'
          ? {}
          : { message: 'Deployment has 0 of 1 replicas available' }),
        sources: [
          {
            repoURL: 'https://github.com/vsem-svoim/base-app-layer.git',
            path: layout.moduleDir,
          },
          {
            repoURL: 'https://github.com/vsem-svoim/base-app-layer.git',
            path: `${layout.overlayDir('aws')}`,
          },
        ],
        destination: { name: 'base-layer', namespace: `base-${module}` },
        conditions: [],
      },
    ],
    links: [],
    tools: [],
    stale: false,
    ageSeconds: 12,
  };
}

/**
 * A stand-in `base-layer` backend plugin serving the status route's real
 * path and response shape from `statuses`, behind the real HTTP auth: a
 * request must carry a valid service token. Records every request with
 * the principal that made it.
 */
export function loopbackBaseLayerStatus(
  statuses: Record<string, EntityStatusResponse>,
) {
  const requests: Array<{ path: string; principal: string }> = [];
  const feature = createBackendPlugin({
    pluginId: 'base-layer',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const handler: Parameters<HttpRouterService['use']>[0] = (
            req,
            res,
            next,
          ) => {
            const match =
              /^\/entities\/component\/default\/([^/]+)\/status$/.exec(
                req.path,
              );
            if (req.method !== 'GET' || !match) {
              next();
              return;
            }
            httpAuth
              .credentials(req, { allow: ['service'] })
              .then(credentials => {
                requests.push({
                  path: req.path,
                  principal: credentials.principal.subject,
                });
                const status = statuses[decodeURIComponent(match[1])];
                if (!status) {
                  throw new NotFoundError(`No entity ${match[1]}`);
                }
                res.json(status);
              })
              .catch(next);
          };
          httpRouter.use(handler);
        },
      });
    },
  });
  return { feature, requests };
}

type Scaffolder = {
  server: Parameters<typeof request>[0];
  authorization: string;
};

/** Runs a template as a real task and waits for it; `log` joins its messages. */
export async function runTemplateTask(
  scaffolder: Scaffolder,
  templateRef: string,
  values: object,
) {
  const created = await request(scaffolder.server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', scaffolder.authorization)
    .send({ templateRef, values });
  if (created.status !== 201) {
    throw new Error(`task not created: ${JSON.stringify(created.body)}`);
  }
  for (let attempt = 0; attempt < 400; attempt++) {
    const task = await request(scaffolder.server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
      .set('Authorization', scaffolder.authorization);
    if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
      const events = await request(scaffolder.server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
        .set('Authorization', scaffolder.authorization);
      const log = (events.body as any[])
        .map(e => String(e.body?.message ?? ''))
        .join('\n');
      return { status: task.body.status as string, events: events.body, log };
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  throw new Error('task did not finish');
}

/** Dry-runs a template directory through `POST /api/scaffolder/v2/dry-run`. */
export async function dryRunTemplate(
  scaffolder: Scaffolder,
  templateDir: string,
  values: object,
) {
  const { entity, directoryContents } = await readTemplate(templateDir);
  const response = await request(scaffolder.server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', scaffolder.authorization)
    .send({ template: entity, values, directoryContents });
  const files = Object.fromEntries(
    (
      (response.body.directoryContents ?? []) as Array<{
        path: string;
        base64Content: string;
      }>
    ).map(f => [f.path, Buffer.from(f.base64Content, 'base64').toString()]),
  );
  const log = ((response.body.log ?? []) as any[])
    .map(e => String(e.body?.message ?? ''))
    .join('\n');
  return {
    status: response.status,
    error: response.body.error,
    files,
    text: (response.body.output?.text ?? []) as Array<{
      title: string;
      content: string;
    }>,
    log,
    steps: response.body.steps,
  };
}

/**
 * Dry-runs the steps of a documented example (a template with one step)
 * through the real scaffolder backend, as the Template Editor would.
 */
export async function dryRunExample(
  scaffolder: Scaffolder,
  example: TemplateExample,
) {
  const { steps } = yaml.parse(example.example);
  const response = await request(scaffolder.server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', scaffolder.authorization)
    .send({
      template: {
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'example', namespace: 'default' },
        spec: {
          owner: 'group:default/platform-team',
          type: 'service',
          steps,
          parameters: [],
          output: {},
        },
      },
      values: {},
      directoryContents: [],
    });
  const stepOutput = (response.body.log as any[] | undefined) ?? [];
  return {
    status: response.status,
    error: response.body.error,
    files: (
      (response.body.directoryContents ?? []) as Array<{ path: string }>
    ).map(f => f.path),
    log: stepOutput.map(e => String(e.body?.message ?? '')).join('\n'),
  };
}

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
import { EntityStatusResponse } from '@internal/plugin-base-layer-common';
import { Entity } from '@backstage/catalog-model';
import { LoopbackGithub } from './loopbackGithub';
import {
  readTemplate,
  ROLLBACK_TEMPLATE_DIR,
  startScaffolder,
} from './scaffolderBackend';

export { moduleFiles, moduleStatus } from './moduleFixtures';
export type { ModuleFixture } from './moduleFixtures';

/** The templates that change an existing module. */
export const LIFECYCLE_TEMPLATE_DIRS = {
  update: path.join(ROLLBACK_TEMPLATE_DIR, '../update-base-module'),
  promote: path.join(ROLLBACK_TEMPLATE_DIR, '../promote-base-module'),
  retire: path.join(ROLLBACK_TEMPLATE_DIR, '../retire-base-module'),
};

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

/**
 * For the calling `describe`: a loopback GitOps repo holding `files`, the
 * stand-in base-layer status API answering `statuses`, and the real
 * scaffolder backend on both, with the update, promote and retire
 * templates and `entities` in its catalog.
 */
export function useLifecycleScaffolder(
  files: Record<string, string>,
  options: {
    statuses?: Record<string, EntityStatusResponse>;
    entities?: Entity[];
  } = {},
) {
  const status = loopbackBaseLayerStatus(options.statuses ?? {});
  let github: LoopbackGithub;
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;
  beforeAll(async () => {
    github = new LoopbackGithub('vsem-svoim', 'base-app-layer', files);
    await github.start();
    const templates = await Promise.all(
      Object.values(LIFECYCLE_TEMPLATE_DIRS).map(dir =>
        readTemplate(dir).then(t => t.entity),
      ),
    );
    scaffolder = await startScaffolder(github, {
      entities: [...templates, ...(options.entities ?? [])],
      features: [status.feature],
    });
  });
  afterAll(async () => {
    await scaffolder?.backend.stop();
    await github?.stop();
  });
  return {
    status,
    get github() {
      return github;
    },
    get scaffolder() {
      return scaffolder;
    },
  };
}

import fs from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  applicationPath,
  changedLines,
  multiSourceApplication,
  singleSourceApplication,
} from '../__testUtils__/applicationFiles';
import { exampleCases } from '../__testUtils__/examples';
import { LoopbackGithub } from '../__testUtils__/loopbackGithub';
import { repoUrlOf, startScaffolder } from '../__testUtils__/scaffolderBackend';
import { useActionWorkspace } from '../__testUtils__/workspace';
import { createRollbackModuleAction } from './rollbackModule';
import { examples } from './rollbackModule.examples';

jest.setTimeout(60_000);

const SHA = '4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39';

describe('base:module:rollback', () => {
  let github: LoopbackGithub;
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;
  let cloneUrl: string;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    github = new LoopbackGithub('vsem-svoim', 'base-app-layer', {
      'README.md': '# base-app-layer',
    });
    await github.start();
    cloneUrl = `https://${github.host}/vsem-svoim/base-app-layer.git`;
    files[applicationPath('data-quality')] = singleSourceApplication(
      'data-quality',
      cloneUrl,
    );
    files[applicationPath('data-ingestion')] = multiSourceApplication(
      'data-ingestion',
      cloneUrl,
    );
    github.push(files);
    scaffolder = await startScaffolder(github);
  });

  afterAll(async () => {
    await scaffolder?.backend.stop();
    await github?.stop();
  });

  const runTask = async (values: object) => {
    const created = await request(scaffolder.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', scaffolder.authorization)
      .send({ templateRef: 'template:default/rollback-base-module', values });
    expect(created.status).toBe(201);
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
  };

  it('opens a pull request that changes one line: spec.source.targetRevision', async () => {
    const before = github.pullRequests.length;
    const { status, log, events } = await runTask({
      entity: 'component:default/data-quality',
      revision: SHA,
    });
    expect({ status, log: status === 'completed' ? '' : log }).toEqual({
      status: 'completed',
      log: '',
    });
    expect(github.pullRequests).toHaveLength(before + 1);
    const pr = github.pullRequests[before];
    expect(pr).toMatchObject({
      head: `base-rollback/data-quality-${SHA}`,
      base: 'main',
      title: `Roll back BASE module data-quality to ${SHA}`,
      commitMessage: `Roll back BASE module data-quality to ${SHA}`,
    });
    const file = applicationPath('data-quality');
    // Only the Application file, and only its targetRevision line.
    expect(Object.keys(pr.files)).toEqual([file]);
    expect(changedLines(files[file], pr.files[file])).toEqual([
      {
        line: 13,
        before: '    targetRevision: main # Argo CD follows main',
        after: `    targetRevision: ${SHA} # Argo CD follows main`,
      },
    ]);
    expect(pr.body).toContain('selfHeal');
    expect(pr.body).toContain(
      `\`\`\`diff\n--- a/${file}\n+++ b/${file}\n@@ -13 +13 @@ spec.source\n-    targetRevision: main # Argo CD follows main\n+    targetRevision: ${SHA} # Argo CD follows main\n\`\`\``,
    );
    const completion = events.find((e: any) => e.type === 'completion');
    expect(completion.body.output.links[0].url).toBe(
      `http://${github.host}/vsem-svoim/base-app-layer/pull/${pr.number}`,
    );
  });

  it('changes the targetRevision of each source reading the GitOps repo of a multi-source Application, and nothing else', async () => {
    const before = github.pullRequests.length;
    const { status, log } = await runTask({
      entity: 'component:default/data-ingestion',
      revision: 'v1.4.2',
    });
    expect({ status, log: status === 'completed' ? '' : log }).toEqual({
      status: 'completed',
      log: '',
    });
    const pr = github.pullRequests[before];
    const file = applicationPath('data-ingestion');
    expect(Object.keys(pr.files)).toEqual([file]);
    // One line per source of the repo; the quoting of each value is kept and
    // the Helm chart's version is not touched.
    expect(changedLines(files[file], pr.files[file])).toEqual([
      {
        line: 14,
        before: "      targetRevision: 'main'",
        after: "      targetRevision: 'v1.4.2'",
      },
      {
        line: 18,
        before: "      targetRevision: 'main'",
        after: "      targetRevision: 'v1.4.2'",
      },
    ]);
  });

  it('quotes a revision YAML would otherwise read as a number', async () => {
    const before = github.pullRequests.length;
    const { status } = await runTask({
      entity: 'component:default/data-quality',
      revision: '1234567',
    });
    expect(status).toBe('completed');
    const file = applicationPath('data-quality');
    expect(
      changedLines(files[file], github.pullRequests[before].files[file]),
    ).toEqual([
      {
        line: 13,
        before: '    targetRevision: main # Argo CD follows main',
        after: "    targetRevision: '1234567' # Argo CD follows main",
      },
    ]);
  });

  it.each([
    [
      'a module without an Application file in the repo',
      { entity: 'component:default/data-lineage', revision: SHA },
      "Invalid input 'entityRef': module 'data-lineage' has no Argo CD Application file argocd/applications/base-layer/data-lineage-aws.yaml on main of vsem-svoim/base-app-layer",
    ],
    [
      'the revision the Application already targets',
      { entity: 'component:default/data-quality', revision: 'main' },
      "Invalid input 'revision': 'main' is already the targetRevision of argocd/applications/base-layer/data-quality-aws.yaml",
    ],
    [
      "a revision with '..'",
      { entity: 'component:default/data-quality', revision: 'main..HEAD' },
      "Invalid input 'revision': 'main..HEAD' contains '..'",
    ],
    [
      'a revision with a space',
      { entity: 'component:default/data-quality', revision: 'v1 2' },
      "Invalid input 'revision': 'v1 2' contains white space",
    ],
    [
      "a revision starting with '-'",
      { entity: 'component:default/data-quality', revision: '--upload-pack=x' },
      "Invalid input 'revision': '--upload-pack=x' starts with '-'",
    ],
    [
      'a revision with characters git refuses',
      { entity: 'component:default/data-quality', revision: 'v1~1' },
      "Invalid input 'revision': 'v1~1' is not a commit SHA, tag or branch name",
    ],
    [
      'an entity that is not a component',
      { entity: 'group:default/platform-team', revision: SHA },
      "Invalid input 'entityRef': 'group:default/platform-team' is a group; a BASE module is a Component",
    ],
  ])('refuses %s, opening no pull request', async (_title, values, message) => {
    const before = github.pullRequests.length;
    const { status, log } = await runTask(values);
    expect(status).toBe('failed');
    expect(log).toContain(message);
    expect(github.pullRequests).toHaveLength(before);
  });

  describe('documented examples', () => {
    const workspace = useActionWorkspace();

    it.each(exampleCases(examples))(
      'runs the example: %s',
      async (_, input) => {
        const action = createRollbackModuleAction({
          integrations: ScmIntegrations.fromConfig(
            new ConfigReader({
              integrations: {
                github: [
                  {
                    host: github.host,
                    apiBaseUrl: github.apiBaseUrl,
                    token: 'test',
                  },
                ],
              },
            }),
          ),
          gitops: { repoUrl: repoUrlOf(github), branch: 'main' },
        });
        const ctx = await workspace.runAction(action, input);
        const file = applicationPath('data-ingestion');
        const written = await fs.readFile(
          path.join(workspace.dir, file),
          'utf8',
        );
        expect(changedLines(files[file], written)).toHaveLength(2);
        expect(ctx.output).toHaveBeenCalledWith('revision', input.revision);
        expect(ctx.output).toHaveBeenCalledWith('previousRevision', 'main');
      },
    );
  });
});

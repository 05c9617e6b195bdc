import request from 'supertest';
import {
  applicationPath,
  changedLines,
  singleSourceApplication,
} from './__testUtils__/applicationFiles';
import { LoopbackGithub } from './__testUtils__/loopbackGithub';
import {
  readTemplate,
  ROLLBACK_TEMPLATE_DIR,
  startScaffolder,
} from './__testUtils__/scaffolderBackend';

jest.setTimeout(60_000);

const SHA = 'ecc3d5b766b2f92d81415ad7ef21ebbf2634a1f3';

describe('the Roll back BASE module template in the scaffolder backend', () => {
  let github: LoopbackGithub;
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;
  const file = applicationPath('data-ingestion');
  let original: string;

  beforeAll(async () => {
    github = new LoopbackGithub('vsem-svoim', 'base-app-layer', {});
    await github.start();
    original = singleSourceApplication(
      'data-ingestion',
      `https://${github.host}/vsem-svoim/base-app-layer.git`,
    );
    github.push({ [file]: original });
    scaffolder = await startScaffolder(github);
  });

  afterAll(async () => {
    await scaffolder?.backend.stop();
    await github?.stop();
  });

  it('shows the one-line change to targetRevision in a dry run, opening nothing', async () => {
    const { entity, directoryContents } = await readTemplate(
      ROLLBACK_TEMPLATE_DIR,
    );
    github.requests.length = 0;
    const response = await request(scaffolder.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', scaffolder.authorization)
      .send({
        template: entity,
        values: { entity: 'component:default/data-ingestion', revision: SHA },
        directoryContents,
      });
    expect({ status: response.status, error: response.body.error }).toEqual({
      status: 200,
      error: undefined,
    });

    // The result is the one file the pull request would change...
    const files = response.body.directoryContents as Array<{
      path: string;
      base64Content: string;
    }>;
    expect(files.map(f => f.path)).toEqual([file]);
    const proposed = Buffer.from(files[0].base64Content, 'base64').toString();
    // ...changed in one line, its targetRevision.
    expect(changedLines(original, proposed)).toEqual([
      {
        line: 13,
        before: '    targetRevision: main # Argo CD follows main',
        after: `    targetRevision: ${SHA} # Argo CD follows main`,
      },
    ]);
    // The output shows the change as a diff.
    const [change] = response.body.output.text;
    expect(change.title).toBe('Change');
    expect(change.content).toContain(
      `-    targetRevision: main # Argo CD follows main\n+    targetRevision: ${SHA} # Argo CD follows main`,
    );
    // It read the Application and nothing more: no branch, no pull request.
    expect(github.requests).toEqual([
      `GET /repos/vsem-svoim/base-app-layer/contents/${encodeURIComponent(
        file,
      )}`,
    ]);
    expect(github.pullRequests).toEqual([]);
  });
});

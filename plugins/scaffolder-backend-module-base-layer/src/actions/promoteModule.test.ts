import {
  dryRunExample,
  loopbackBaseLayerStatus,
  moduleFiles,
  moduleStatus,
} from '../__testUtils__/gitopsModules';
import { LoopbackGithub } from '../__testUtils__/loopbackGithub';
import { startScaffolder } from '../__testUtils__/scaffolderBackend';
import { moduleRepoLayout } from '../lib/moduleFiles';
import { examples } from './promoteModule.examples';

jest.setTimeout(60_000);

describe('base:module:promote', () => {
  let github: LoopbackGithub;
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;
  const status = loopbackBaseLayerStatus({
    'data-ingestion': moduleStatus('data-ingestion', 'Healthy'),
  });

  beforeAll(async () => {
    github = new LoopbackGithub(
      'vsem-svoim',
      'base-app-layer',
      moduleFiles('data-ingestion', { devTag: '1.5.0', prodTag: '1.4.2' }),
    );
    await github.start();
    scaffolder = await startScaffolder(github, { features: [status.feature] });
  });

  afterAll(async () => {
    await scaffolder?.backend.stop();
    await github?.stop();
  });

  it.each(examples.map(e => [e.description, e] as const))(
    'runs the example in a dry run: %s',
    async (_, example) => {
      const before = status.requests.length;
      const result = await dryRunExample(scaffolder, example);
      expect({ status: result.status, error: result.error }).toEqual({
        status: 200,
        error: undefined,
      });
      expect(result.files).toEqual([
        `${moduleRepoLayout('data-ingestion').overlayDir(
          'prod',
        )}/kustomization.yaml`,
      ]);
      expect(status.requests).toHaveLength(before + 1);
      expect(github.pullRequests).toEqual([]);
    },
  );
});

import { dryRunExample, moduleFiles } from '../__testUtils__/gitopsModules';
import { LoopbackGithub } from '../__testUtils__/loopbackGithub';
import { startScaffolder } from '../__testUtils__/scaffolderBackend';
import { moduleRepoLayout } from '../lib/moduleFiles';
import { examples } from './retireModule.examples';

jest.setTimeout(60_000);

describe('base:module:retire', () => {
  let github: LoopbackGithub;
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;

  beforeAll(async () => {
    github = new LoopbackGithub(
      'vsem-svoim',
      'base-app-layer',
      moduleFiles('data-lineage', { devTag: '1.0.0', prodTag: '1.0.0' }),
    );
    await github.start();
    scaffolder = await startScaffolder(github);
  });

  afterAll(async () => {
    await scaffolder?.backend.stop();
    await github?.stop();
  });

  it.each(examples.map(e => [e.description, e] as const))(
    'runs the example in a dry run: %s',
    async (_, example) => {
      const result = await dryRunExample(scaffolder, example);
      expect({ status: result.status, error: result.error }).toEqual({
        status: 200,
        error: undefined,
      });
      // Deletions are outputs; only the deprecation writes a file.
      const twoStep = /twoStep: true/.test(example.example);
      expect(result.files).toEqual(
        twoStep ? [moduleRepoLayout('data-lineage').catalogEntity] : [],
      );
      expect(github.pullRequests).toEqual([]);
    },
  );
});

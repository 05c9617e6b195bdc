import {
  dryRunExample,
  moduleFiles,
  useLifecycleScaffolder,
} from '../__testUtils__/gitopsModules';
import { moduleRepoLayout } from '../lib/moduleFiles';
import { examples } from './retireModule.examples';

jest.setTimeout(60_000);

describe('base:module:retire', () => {
  const backend = useLifecycleScaffolder(
    moduleFiles('data-lineage', { devTag: '1.0.0', prodTag: '1.0.0' }),
  );

  it.each(examples.map(e => [e.description, e] as const))(
    'runs the example in a dry run: %s',
    async (_, example) => {
      const result = await dryRunExample(backend.scaffolder, example);
      expect({ status: result.status, error: result.error }).toEqual({
        status: 200,
        error: undefined,
      });
      // Deletions are outputs; only the deprecation writes a file.
      const twoStep = /twoStep: true/.test(example.example);
      expect(result.files).toEqual(
        twoStep ? [moduleRepoLayout('data-lineage').catalogEntity] : [],
      );
      expect(backend.github.pullRequests).toEqual([]);
    },
  );
});

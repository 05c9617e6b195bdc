import {
  dryRunExample,
  moduleFiles,
  useLifecycleScaffolder,
} from '../__testUtils__/gitopsModules';
import { moduleRepoLayout } from '../lib/moduleFiles';
import { examples } from './updateModule.examples';

jest.setTimeout(60_000);

describe('base:module:update', () => {
  const backend = useLifecycleScaffolder(
    moduleFiles('data-ingestion', { devTag: '1.4.0', prodTag: '1.4.0' }),
  );

  it.each(examples.map(e => [e.description, e] as const))(
    'runs the example in a dry run: %s',
    async (_, example) => {
      const result = await dryRunExample(backend.scaffolder, example);
      expect({ status: result.status, error: result.error }).toEqual({
        status: 200,
        error: undefined,
      });
      // Exactly one overlay changes in each example.
      const layout = moduleRepoLayout('data-ingestion');
      expect(result.files).toHaveLength(1);
      expect([
        `${layout.overlayDir('dev')}/kustomization.yaml`,
        `${layout.overlayDir('prod')}/kustomization.yaml`,
      ]).toContain(result.files[0]);
      expect(backend.github.pullRequests).toEqual([]);
    },
  );
});

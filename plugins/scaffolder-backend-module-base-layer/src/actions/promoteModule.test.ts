import {
  dryRunExample,
  moduleFiles,
  moduleStatus,
  useLifecycleScaffolder,
} from '../__testUtils__/gitopsModules';
import { moduleRepoLayout } from '../lib/moduleFiles';
import { examples } from './promoteModule.examples';

jest.setTimeout(60_000);

describe('base:module:promote', () => {
  const backend = useLifecycleScaffolder(
    moduleFiles('data-ingestion', { devTag: '1.5.0', prodTag: '1.4.2' }),
    {
      statuses: { 'data-ingestion': moduleStatus('data-ingestion', 'Healthy') },
    },
  );

  it.each(examples.map(e => [e.description, e] as const))(
    'runs the example in a dry run: %s',
    async (_, example) => {
      const before = backend.status.requests.length;
      const result = await dryRunExample(backend.scaffolder, example);
      expect({ status: result.status, error: result.error }).toEqual({
        status: 200,
        error: undefined,
      });
      expect(result.files).toEqual([
        `${moduleRepoLayout('data-ingestion').overlayDir(
          'prod',
        )}/kustomization.yaml`,
      ]);
      // Dev's health was read once, from the status API.
      expect(backend.status.requests).toHaveLength(before + 1);
      expect(backend.github.pullRequests).toEqual([]);
    },
  );
});

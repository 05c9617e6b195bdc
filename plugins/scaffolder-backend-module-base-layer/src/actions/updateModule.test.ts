import yaml from 'yaml';
import {
  dryRunExample,
  dryRunTemplate,
  LIFECYCLE_TEMPLATE_DIRS,
  moduleFiles,
  useLifecycleScaffolder,
} from '../__testUtils__/gitopsModules';
import { moduleRepoLayout } from '../lib/moduleFiles';
import { examples } from './updateModule.examples';

jest.setTimeout(60_000);

const lineage = moduleRepoLayout('data-lineage');

/**
 * data-lineage: no prod overlay, and an Argo CD Application that deploys
 * its dev overlay (not aws), whose image CI set to 2.3.0.
 */
const LINEAGE = {
  ...moduleFiles('data-lineage', {
    devTag: '2.3.0',
    prodTag: '',
    withoutProd: true,
  }),
  // A hand-made overlay of another name: not the template's to remove.
  [`${lineage.overlayDir('staging')}/kustomization.yaml`]:
    'resources:\n  - ../../base\n',
  [lineage.application]: `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: data-lineage-aws
spec:
  source:
    repoURL: https://github.com/vsem-svoim/base-app-layer.git
    path: ${lineage.overlayDir('dev')}/
`,
};

describe('base:module:update', () => {
  const backend = useLifecycleScaffolder({
    ...moduleFiles('data-ingestion', { devTag: '1.4.0', prodTag: '1.4.0' }),
    ...LINEAGE,
  });

  it.each(examples.map(e => [e.description, e] as const))(
    'runs the example in a dry run: %s',
    async (_, example) => {
      const result = await dryRunExample(backend.scaffolder, example);
      expect({ status: result.status, error: result.error }).toEqual({
        status: 200,
        error: undefined,
      });
      // Exactly one file changes in each example: an overlay, or the
      // entity when an overlay goes (its files are only deleted).
      const layout = moduleRepoLayout('data-ingestion');
      expect(result.files).toHaveLength(1);
      expect([
        `${layout.overlayDir('dev')}/kustomization.yaml`,
        `${layout.overlayDir('prod')}/kustomization.yaml`,
        layout.catalogEntity,
      ]).toContain(result.files[0]);
      expect(backend.github.pullRequests).toEqual([]);
    },
  );

  it("gives an added overlay the image of the overlay the module's Application deploys, and lets aws go when the Application does not deploy it", async () => {
    const result = await dryRunTemplate(
      backend.scaffolder,
      LIFECYCLE_TEMPLATE_DIRS.update,
      {
        entity: 'component:default/data-lineage',
        changeOverlays: true,
        overlays: ['dev', 'prod'],
      },
    );
    expect({ status: result.status, error: result.error }).toEqual({
      status: 200,
      error: undefined,
    });
    const prodPath = `${lineage.overlayDir('prod')}/kustomization.yaml`;
    expect(yaml.parse(result.files[prodPath]).images).toEqual([
      {
        name: 'base/data-lineage',
        newName: 'ghcr.io/vsem-svoim/data-lineage',
        newTag: '2.3.0',
      },
    ]);
    const [change] = result.text;
    expect(change.content).toContain(
      '`data-lineage`: add overlay prod, remove overlay aws',
    );
    expect(change.content).toContain(
      `removed: ${lineage.overlayDir('aws')}/kustomization.yaml`,
    );
    expect(change.content).not.toContain('overlays/staging');
    expect(
      backend.github.requests.filter(r => !/^(GET|HEAD) /.test(r)),
    ).toEqual([]);
  });

  it.each([
    [
      'an overlay that is not one of aws, dev, prod',
      ['aws', 'staging'],
      "Invalid input 'overlays': 'staging' is not one of aws, dev, prod",
    ],
    [
      'an overlay listed twice',
      ['aws', 'aws'],
      "Invalid input 'overlays': 'aws' is listed twice",
    ],
  ])(
    'refuses %s in a dry run of the action, writing nothing',
    async (_title, overlays, message) => {
      const before = backend.github.requests.length;
      const result = await dryRunExample(backend.scaffolder, {
        description: 'overlays',
        example: yaml.stringify({
          steps: [
            {
              id: 'update',
              action: 'base:module:update',
              input: { name: 'data-ingestion', overlays },
            },
          ],
        }),
      });
      expect({
        status: result.status,
        error: result.error,
        files: result.files,
      }).toEqual({
        status: 400,
        error: { name: 'InputError', message },
        files: [],
      });
      // Refused on the input, before any call to GitHub.
      expect(backend.github.requests.slice(before)).toEqual([]);
    },
  );
});

import { Entity } from '@backstage/catalog-model';
import yaml from 'yaml';
import { changedLines } from './__testUtils__/applicationFiles';
import {
  dryRunTemplate,
  LIFECYCLE_TEMPLATE_DIRS,
  moduleFiles,
  moduleStatus,
  runTemplateTask,
  useLifecycleScaffolder,
} from './__testUtils__/gitopsModules';
import { LoopbackGithub } from './__testUtils__/loopbackGithub';
import { moduleRepoLayout } from './lib/moduleFiles';

jest.setTimeout(120_000);

const component = (
  name: string,
  spec: Record<string, unknown> = {},
  relations: Entity['relations'] = [],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', tags: ['base-module'] },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'platform-team',
    ...spec,
  },
  relations,
});

/**
 * The GitOps repo: data-ingestion (dev 1.5.0, prod 1.4.2, Healthy),
 * data-streaming (dev ahead of prod, Degraded), schema-contracts (prod
 * runs dev's image), data-quality (depended on by data-control),
 * data-storage (depended on by feature-engineering), data-control (no prod
 * overlay, entity already deprecated) and a file of another kind.
 */
const REPO: Record<string, string> = {
  'README.md': '# base-app-layer\n',
  ...moduleFiles('data-ingestion', { devTag: '1.5.0', prodTag: '1.4.2' }),
  ...moduleFiles('data-streaming', { devTag: '2.1.0', prodTag: '2.0.0' }),
  ...moduleFiles('schema-contracts', { devTag: '0.9.0', prodTag: '0.9.0' }),
  ...moduleFiles('data-quality', { devTag: '3.0.0', prodTag: '2.9.0' }),
  ...moduleFiles('data-storage', { devTag: '1.0.0', prodTag: '1.0.0' }),
  ...moduleFiles('data-control', {
    devTag: '1.0.0',
    prodTag: '1.0.0',
    withoutProd: true,
    lifecycle: 'deprecated',
  }),
};

const ENTITIES: Entity[] = [
  component('data-ingestion'),
  component('data-quality', {}, [
    { type: 'dependencyOf', targetRef: 'component:default/data-control' },
  ]),
  component('data-control', { dependsOn: ['component:default/data-quality'] }, [
    { type: 'dependsOn', targetRef: 'component:default/data-quality' },
  ]),
  component('data-storage'),
  // Processed after data-storage was stitched: its dependsOn relation is
  // there, data-storage's dependencyOf not yet.
  component('feature-engineering', { dependsOn: ['component:data-storage'] }, [
    { type: 'dependsOn', targetRef: 'component:default/data-storage' },
  ]),
];

const layout = moduleRepoLayout('data-ingestion');
const devOverlay = `${layout.overlayDir('dev')}/kustomization.yaml`;
const prodOverlay = `${layout.overlayDir('prod')}/kustomization.yaml`;

/** Requests that write to GitHub, as opposed to reads. */
const writes = (github: LoopbackGithub) =>
  github.requests.filter(r => !/^(GET|HEAD) /.test(r));

describe('the Update, Promote and Retire BASE module templates in the scaffolder backend', () => {
  const backend = useLifecycleScaffolder(REPO, {
    statuses: {
      'data-ingestion': moduleStatus('data-ingestion', 'Healthy'),
      'data-streaming': moduleStatus('data-streaming', 'Degraded'),
      'schema-contracts': moduleStatus('schema-contracts', 'Healthy'),
      'data-lineage-ghost': moduleStatus('data-lineage-ghost', 'Healthy'),
      'data-control': moduleStatus('data-control', 'Healthy'),
    },
    entities: ENTITIES,
  });
  const { status } = backend;
  let github: LoopbackGithub;
  let scaffolder: typeof backend.scaffolder;
  beforeAll(() => {
    ({ github, scaffolder } = backend);
  });

  /** Runs the template as a task; its status, its log and the pull requests it opened. */
  const runTask = async (template: string, values: object) => {
    const before = github.pullRequests.length;
    const { status: taskStatus, log } = await runTemplateTask(
      scaffolder,
      `template:default/${template}`,
      values,
    );
    return { taskStatus, log, opened: github.pullRequests.slice(before) };
  };

  /** Runs the template as a task that must complete; the pull request it opened. */
  const openPullRequest = async (template: string, values: object) => {
    const { taskStatus, log, opened } = await runTask(template, values);
    expect({
      taskStatus,
      log: taskStatus === 'completed' ? '' : log,
    }).toEqual({ taskStatus: 'completed', log: '' });
    expect(opened).toHaveLength(1);
    return opened[0];
  };

  /** Runs the template as a task; what it did to GitHub. */
  const runRefused = async (template: string, values: object) => {
    const { taskStatus, log, opened } = await runTask(template, values);
    return {
      taskStatus,
      log,
      pullRequestsOpened: opened.length,
      writes: writes(github),
    };
  };
  /** A failed task naming `message` that opened and wrote nothing. */
  const refused = (message: string) => ({
    taskStatus: 'failed',
    log: expect.stringContaining(message),
    pullRequestsOpened: 0,
    writes: [],
  });

  beforeEach(() => {
    github.requests.length = 0;
    status.requests.length = 0;
  });

  const entity = (name: string) => `component:default/${name}`;

  describe('Update BASE module', () => {
    it("shows the diff of the prod overlay's requests in a dry run, opening nothing", async () => {
      const result = await dryRunTemplate(
        scaffolder,
        LIFECYCLE_TEMPLATE_DIRS.update,
        {
          entity: entity('data-ingestion'),
          prodCpu: '1',
          prodMemory: '2Gi',
        },
      );
      expect({ status: result.status, error: result.error }).toEqual({
        status: 200,
        error: undefined,
      });
      expect(Object.keys(result.files)).toEqual([prodOverlay]);
      // Edited in place: the two values change, comments and quoting stay.
      expect(
        changedLines(REPO[prodOverlay], result.files[prodOverlay]),
      ).toEqual([
        {
          line: 19,
          before: '          cpu: 500m',
          after: '          cpu: "1"',
        },
        {
          line: 20,
          before: '          memory: 1Gi',
          after: '          memory: 2Gi',
        },
      ]);
      const [change] = result.text;
      expect(change.content).toContain(
        '`data-ingestion`: prod cpu 1, prod memory 2Gi',
      );
      expect(change.content).toContain(
        `--- a/${prodOverlay}\n+++ b/${prodOverlay}\n@@ -16,5 +16,5 @@`,
      );
      expect(change.content).toContain(
        '-          cpu: 500m\n-          memory: 1Gi\n+          cpu: "1"\n+          memory: 2Gi',
      );
      expect(writes(github)).toEqual([]);
      expect(github.pullRequests).toHaveLength(0);
    });

    it("opens a pull request that sets dev's image and CPU request in place, its description holding the diff", async () => {
      const pr = await openPullRequest('update-base-module', {
        entity: entity('data-ingestion'),
        devCpu: '250m',
        devImage: 'ghcr.io/vsem-svoim/data-ingestion:1.6.0-rc.1',
      });
      expect(pr.head).toMatch(/^base-update\/data-ingestion-[0-9a-f]{8}$/);
      expect(pr).toMatchObject({
        base: 'main',
        title:
          'Update BASE module data-ingestion: dev cpu 250m, dev image ghcr.io/vsem-svoim/data-ingestion:1.6.0-rc.1',
        deleted: [],
      });
      expect(Object.keys(pr.files)).toEqual([devOverlay]);
      expect(changedLines(REPO[devOverlay], pr.files[devOverlay])).toEqual([
        {
          line: 9,
          before: '    newTag: "1.5.0" # set by CI',
          after: '    newTag: "1.6.0-rc.1" # set by CI',
        },
        {
          line: 18,
          before: '          cpu: 100m',
          after: '          cpu: 250m',
        },
      ]);
      expect(pr.body).toContain(
        '```diff\n' +
          `--- a/${devOverlay}\n+++ b/${devOverlay}\n` +
          '@@ -6,7 +6,7 @@',
      );
      expect(pr.body).toContain(
        '-    newTag: "1.5.0" # set by CI\n+    newTag: "1.6.0-rc.1" # set by CI',
      );
      expect(pr.body).toContain(
        '@@ -15,5 +15,5 @@\n       - op: add\n         path: /spec/template/spec/containers/0/resources/requests\n         value:\n-          cpu: 100m\n+          cpu: 250m\n           memory: 256Mi\n```',
      );
    });

    describe('the overlays', () => {
      const control = moduleRepoLayout('data-control');
      const controlProd = `${control.overlayDir('prod')}/kustomization.yaml`;
      const controlHpa = `${control.overlayDir('prod')}/hpa.yaml`;

      /** Runs the update template with these overlays; the pull request it opened. */
      const openWithOverlays = (module: string, overlays: string[]) =>
        openPullRequest('update-base-module', {
          entity: entity(module),
          changeOverlays: true,
          overlays,
        });

      it('adds prod to a module without it in a dry run: rendered as the create template renders it, with the requests asked, the entity edited in place', async () => {
        const pullRequests = github.pullRequests.length;
        const result = await dryRunTemplate(
          scaffolder,
          LIFECYCLE_TEMPLATE_DIRS.update,
          {
            entity: entity('data-control'),
            prodCpu: '1',
            changeOverlays: true,
            overlays: ['prod', 'dev', 'aws'],
          },
        );
        expect({ status: result.status, error: result.error }).toEqual({
          status: 200,
          error: undefined,
        });
        expect(Object.keys(result.files).sort()).toEqual(
          [control.catalogEntity, controlHpa, controlProd].sort(),
        );
        expect(
          changedLines(
            REPO[control.catalogEntity],
            result.files[control.catalogEntity],
          ),
        ).toEqual([
          {
            line: 9,
            before:
              '    base-layer.io/overlays: aws,dev # the kustomize overlays',
            after:
              '    base-layer.io/overlays: aws,dev,prod # the kustomize overlays',
          },
        ]);
        const prod = yaml.parse(result.files[controlProd]);
        expect(prod).toMatchObject({
          kind: 'Kustomization',
          resources: ['../../base', 'hpa.yaml'],
          patches: [{ target: { kind: 'Deployment', name: 'data-control' } }],
        });
        // The asked CPU over the create template's prod default memory: the
        // Deployment sets no requests.
        expect(yaml.parse(prod.patches[0].patch)).toEqual([
          {
            op: 'add',
            path: '/spec/template/spec/containers/0/resources/requests',
            value: { cpu: '1', memory: '1Gi' },
          },
        ]);
        expect(yaml.parse(result.files[controlHpa])).toMatchObject({
          kind: 'HorizontalPodAutoscaler',
          metadata: {
            name: 'data-control',
            namespace: 'base-data-control',
            labels: { 'base-layer.io/wave': '3' },
          },
          spec: { minReplicas: 2, maxReplicas: 20 },
        });
        const [change] = result.text;
        expect(change.content).toContain(
          '`data-control`: prod cpu 1, add overlay prod',
        );
        expect(change.content).toContain(
          `--- a/${control.catalogEntity}\n+++ b/${control.catalogEntity}`,
        );
        expect(change.content).toContain(`added: ${controlProd}`);
        expect(change.content).toContain(`added: ${controlHpa}`);
        expect(writes(github)).toEqual([]);
        expect(github.pullRequests).toHaveLength(pullRequests);
      });

      it('opens a pull request adding prod: its files, the entity annotation, the list in the description', async () => {
        const pr = await openWithOverlays('data-control', [
          'aws',
          'dev',
          'prod',
        ]);
        expect(pr).toMatchObject({
          base: 'main',
          title: 'Update BASE module data-control: add overlay prod',
          deleted: [],
        });
        expect(Object.keys(pr.files).sort()).toEqual(
          [control.catalogEntity, controlHpa, controlProd].sort(),
        );
        expect(
          yaml.parse(pr.files[control.catalogEntity]).metadata.annotations,
        ).toEqual({
          'base-layer.io/wave': '3',
          'base-layer.io/overlays': 'aws,dev,prod',
        });
        expect(yaml.parse(pr.files[controlProd]).patches[0].patch).toContain(
          'cpu: 500m',
        );
        expect(pr.body).toContain(`- \`${controlProd}\`\n- \`${controlHpa}\``);
        expect(pr.body).toContain(
          '-    base-layer.io/overlays: aws,dev # the kustomize overlays\n+    base-layer.io/overlays: aws,dev,prod # the kustomize overlays',
        );
      });

      it('opens a pull request removing dev: its files go to filesToDelete', async () => {
        const pr = await openWithOverlays('data-ingestion', ['aws', 'prod']);
        expect(pr).toMatchObject({
          title: 'Update BASE module data-ingestion: remove overlay dev',
          deleted: [devOverlay],
        });
        expect(Object.keys(pr.files)).toEqual([layout.catalogEntity]);
        expect(
          yaml.parse(pr.files[layout.catalogEntity]).metadata.annotations[
            'base-layer.io/overlays'
          ],
        ).toBe('aws,prod');
        expect(pr.body).toContain(
          `Removes the dev overlay(s), deleting:\n\n- \`${devOverlay}\``,
        );
      });

      it.each([
        [
          "removing aws, the overlay the module's Argo CD Application deploys",
          { overlays: ['dev', 'prod'] },
          "Invalid input 'overlays': cannot remove the aws overlay of module 'data-ingestion': its Argo CD Application (argocd/applications/base-layer/data-ingestion-aws.yaml) deploys it (platform-services/kustomize/base-layer/data-ingestion/overlays/aws)",
        ],
        [
          'an empty set',
          { overlays: [] },
          "Invalid input 'overlays': choose at least one of aws, dev, prod",
        ],
        [
          'the set the module has',
          { overlays: ['aws', 'dev', 'prod'] },
          "Invalid input 'overlays': the change changes nothing: module 'data-ingestion' already has overlays aws, dev, prod",
        ],
        [
          'requests for an overlay the set removes',
          { overlays: ['aws', 'prod'], devCpu: '1' },
          "Invalid input 'resources.dev': the dev overlay of module 'data-ingestion' is removed by 'overlays'",
        ],
      ])(
        'refuses %s, naming it, opening no pull request',
        async (_title, values, message) =>
          expect(
            await runRefused('update-base-module', {
              entity: entity('data-ingestion'),
              changeOverlays: true,
              ...values,
            }),
          ).toEqual(refused(message)),
      );
    });

    it.each([
      [
        'an unknown module',
        { entity: entity('data-lineage'), prodCpu: '1' },
        "Invalid input 'name': module 'data-lineage' is not in vsem-svoim/base-app-layer on main",
      ],
      [
        'a change that changes nothing',
        {
          entity: entity('data-ingestion'),
          prodCpu: '500m',
          devImage: 'ghcr.io/vsem-svoim/data-ingestion:1.5.0',
        },
        "the change changes nothing: module 'data-ingestion' already has dev image ghcr.io/vsem-svoim/data-ingestion:1.5.0, prod cpu 500m",
      ],
      [
        'no change at all',
        { entity: entity('data-ingestion') },
        "Invalid input 'resources': nothing to change for module 'data-ingestion'",
      ],
      [
        'an invalid CPU quantity',
        { entity: entity('data-ingestion'), prodCpu: '1.5 cores' },
        "Invalid input 'resources.prod.cpu': '1.5 cores' is not a CPU quantity like 250m or 1",
      ],
      [
        'an invalid memory quantity',
        { entity: entity('data-ingestion'), devMemory: '2GB!' },
        "Invalid input 'resources.dev.memory': '2GB!' is not a memory quantity like 512Mi or 2Gi",
      ],
      [
        'an invalid image',
        { entity: entity('data-ingestion'), devImage: 'Not An Image' },
        "Invalid input 'images.dev': 'Not An Image' is not a container image reference",
      ],
      [
        'a module without the overlay',
        { entity: entity('data-control'), prodMemory: '2Gi' },
        "Invalid input 'resources.prod': module 'data-control' has no prod overlay (platform-services/kustomize/base-layer/data-control/overlays/prod/kustomization.yaml)",
      ],
    ])(
      'refuses %s, naming it, opening no pull request',
      async (_title, values, message) =>
        expect(await runRefused('update-base-module', values)).toEqual(
          refused(message),
        ),
    );
  });

  describe('Promote BASE module', () => {
    it("shows the prod overlay taking dev's image in a dry run, after reading dev's health with a service token", async () => {
      const result = await dryRunTemplate(
        scaffolder,
        LIFECYCLE_TEMPLATE_DIRS.promote,
        {
          entity: entity('data-ingestion'),
        },
      );
      expect({ status: result.status, error: result.error }).toEqual({
        status: 200,
        error: undefined,
      });
      expect(Object.keys(result.files)).toEqual([prodOverlay]);
      expect(
        changedLines(REPO[prodOverlay], result.files[prodOverlay]),
      ).toEqual([
        {
          line: 10,
          before: '    newTag: "1.4.2" # set by CI',
          after: '    newTag: "1.5.0" # set by CI',
        },
      ]);
      expect(result.text[0].content).toContain(
        '`data-ingestion` prod: `ghcr.io/vsem-svoim/data-ingestion:1.4.2` → `ghcr.io/vsem-svoim/data-ingestion:1.5.0` (dev is Healthy)',
      );
      expect(result.text[0].content).toContain(
        '-    newTag: "1.4.2" # set by CI\n+    newTag: "1.5.0" # set by CI',
      );
      expect(status.requests).toEqual([
        {
          path: '/entities/component/default/data-ingestion/status',
          principal: 'plugin:scaffolder',
        },
      ]);
      expect(writes(github)).toEqual([]);
    });

    it("opens a pull request whose description quotes dev's health", async () => {
      const pr = await openPullRequest('promote-base-module', {
        entity: entity('data-ingestion'),
      });
      expect(pr.head).toMatch(/^base-promote\/data-ingestion-[0-9a-f]{8}$/);
      expect(pr.title).toBe(
        'Promote BASE module data-ingestion to prod: ghcr.io/vsem-svoim/data-ingestion:1.5.0',
      );
      expect(Object.keys(pr.files)).toEqual([prodOverlay]);
      expect(pr.files[prodOverlay]).toContain('newTag: "1.5.0" # set by CI');
      expect(pr.body).toContain(
        "Dev's Argo CD health, from the base-layer status API (12 s old): **Healthy**",
      );
      expect(pr.body).toContain(
        '| `data-ingestion-aws` | Synced | Healthy |  |',
      );
      expect(pr.body).not.toContain('Override');
    });

    it('promotes a Degraded dev only with the override, which the pull request records', async () => {
      expect(
        await runRefused('promote-base-module', {
          entity: entity('data-streaming'),
        }),
      ).toEqual(
        refused(
          "Invalid input 'override': dev of module 'data-streaming' is Degraded, not Healthy",
        ),
      );
      // Refused on dev's health, before any call to GitHub.
      expect(github.requests).toEqual([]);
      const before = github.pullRequests.length;

      const overridden = await runTemplateTask(
        scaffolder,
        'template:default/promote-base-module',
        { entity: entity('data-streaming'), override: true },
      );
      expect(overridden.status).toBe('completed');
      const pr = github.pullRequests[before];
      expect(pr.body).toContain('**Degraded**');
      expect(pr.body).toContain(
        '**Override:** dev was Degraded, not Healthy, when this pull request was opened; user:default/mock promoted anyway (override: true).',
      );
      expect(pr.body).toContain('Deployment has 0 of 1 replicas available');
    });

    it.each([
      [
        'an unknown module',
        { entity: entity('data-lineage') },
        "Invalid input 'name': module 'data-lineage' has no status in the base-layer backend",
      ],
      [
        'a module the status API knows but the repo does not',
        { entity: entity('data-lineage-ghost'), override: true },
        "Invalid input 'name': module 'data-lineage-ghost' is not in vsem-svoim/base-app-layer on main",
      ],
      [
        'prod already running the same image',
        { entity: entity('schema-contracts') },
        "Invalid input 'name': prod already runs the same image as dev, ghcr.io/vsem-svoim/schema-contracts:0.9.0",
      ],
      [
        'a dev that is not Healthy',
        { entity: entity('data-streaming') },
        "dev of module 'data-streaming' is Degraded, not Healthy; promote once it is Healthy, or set override",
      ],
      [
        'a module without a prod overlay',
        { entity: entity('data-control'), override: true },
        "Invalid input 'name': module 'data-control' has no prod overlay",
      ],
      [
        'a module the status API does not know',
        { entity: entity('data-quality') },
        "module 'data-quality' has no status in the base-layer backend",
      ],
    ])(
      'refuses %s, naming it, opening no pull request',
      async (_title, values, message) =>
        expect(await runRefused('promote-base-module', values)).toEqual(
          refused(message),
        ),
    );
  });

  describe('Retire BASE module', () => {
    const ingestionFiles = Object.keys(
      moduleFiles('data-ingestion', { devTag: '', prodTag: '' }),
    ).sort();

    it('lists every file of the module for deletion in a dry run, opening nothing', async () => {
      const result = await dryRunTemplate(
        scaffolder,
        LIFECYCLE_TEMPLATE_DIRS.retire,
        {
          entity: entity('data-ingestion'),
        },
      );
      expect({ status: result.status, error: result.error }).toEqual({
        status: 200,
        error: undefined,
      });
      expect(result.files).toEqual({});
      expect(result.text[0].content).toContain(
        ingestionFiles.map(file => `deleted: ${file}`).join('\n'),
      );
      // One listing of the tree; no content read, no write.
      expect(github.requests).toEqual([
        'GET /repos/vsem-svoim/base-app-layer/git/trees/main',
      ]);
    });

    it("opens a pull request deleting the module's manifests, overlays, Application, IRSA role, Vault files and entity, and nothing else", async () => {
      const pr = await openPullRequest('retire-base-module', {
        entity: entity('data-ingestion'),
      });
      expect(pr.head).toMatch(/^base-retire\/data-ingestion-[0-9a-f]{8}$/);
      expect(pr.title).toBe('Retire BASE module data-ingestion');
      expect(pr.files).toEqual({});
      expect(pr.deleted).toEqual(ingestionFiles);
      expect(pr.deleted).toEqual(
        expect.arrayContaining([
          layout.application,
          layout.iamRole,
          layout.vaultPolicy,
          layout.vaultKubernetesRole,
          layout.catalogEntity,
          prodOverlay,
        ]),
      );
      for (const file of ingestionFiles) {
        expect(pr.body).toContain(`- \`${file}\``);
      }
    });

    it('deprecates the entity only, in the first step of a two-step retirement', async () => {
      const pr = await openPullRequest('retire-base-module', {
        entity: entity('data-ingestion'),
        twoStep: true,
      });
      expect(pr.head).toMatch(/^base-deprecate\/data-ingestion-[0-9a-f]{8}$/);
      expect(pr.title).toBe('Deprecate BASE module data-ingestion');
      expect(pr.deleted).toEqual([]);
      expect(Object.keys(pr.files)).toEqual([layout.catalogEntity]);
      expect(
        changedLines(
          REPO[layout.catalogEntity],
          pr.files[layout.catalogEntity],
        ),
      ).toEqual([
        {
          line: 12,
          before:
            '  lifecycle: production # experimental until it ran a month in prod',
          after:
            '  lifecycle: deprecated # experimental until it ran a month in prod',
        },
      ]);
      expect(pr.body).toContain(
        '`spec.lifecycle` becomes `deprecated` (was `production`)',
      );
    });

    it.each([
      [
        'a module other entities depend on (relation)',
        { entity: entity('data-quality') },
        "Invalid input 'name': module 'data-quality' still has dependents in the catalog: component:default/data-control",
        { readsGithub: false },
      ],
      [
        "a module another entity's dependsOn relation names, before its own dependencyOf is stitched",
        { entity: entity('data-storage') },
        "Invalid input 'name': module 'data-storage' still has dependents in the catalog: component:default/feature-engineering",
        { readsGithub: false },
      ],
      [
        'an unknown module',
        { entity: entity('data-lineage') },
        "Invalid input 'name': module 'data-lineage' is not in vsem-svoim/base-app-layer on main",
        { readsGithub: true },
      ],
      [
        'deprecating an entity that is already deprecated',
        { entity: entity('data-control'), twoStep: true },
        "Invalid input 'twoStep': the entity of module 'data-control' (data_control/catalog-info.yaml) is already deprecated",
        { readsGithub: true },
      ],
    ])(
      'refuses %s, naming it, opening no pull request',
      async (_title, values, message, { readsGithub }) => {
        expect(await runRefused('retire-base-module', values)).toEqual(
          refused(message),
        );
        // Dependents are checked in the catalog before GitHub is called at all.
        expect(github.requests.length > 0).toBe(readsGithub);
      },
    );
  });
});

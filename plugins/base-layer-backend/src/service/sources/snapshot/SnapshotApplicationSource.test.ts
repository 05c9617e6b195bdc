import { rename, rm, writeFile } from 'node:fs/promises';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { SnapshotApplicationSource } from './SnapshotApplicationSource';
import { toApplicationStatus } from '../../model/toApplicationStatus';
import { nextChange } from '../../../__testUtils__/nextChange';
import {
  application,
  listJson,
  listYaml,
} from '../../../__testUtils__/kubectlExports';

describe('SnapshotApplicationSource', () => {
  const mockDir = createMockDirectory();
  const sources: SnapshotApplicationSource[] = [];

  beforeEach(() => mockDir.clear());
  afterEach(async () => {
    await Promise.all(sources.splice(0).map(s => s.stop()));
  });

  function createSource(paths: string[]) {
    const source = new SnapshotApplicationSource({
      name: 'demo',
      paths,
      baseDir: mockDir.path,
      logger: mockServices.logger.mock(),
      debounceMs: 50,
    });
    sources.push(source);
    return source;
  }

  const healthOf = async (source: SnapshotApplicationSource, name: string) =>
    (await source.read()).applications.find(a => a.metadata.name === name)
      ?.status?.health?.status;

  it('reads Applications from every configured file, yaml and json', async () => {
    mockDir.setContent({
      'core.yaml': listYaml([application('vault'), application('argocd')]),
      'shared.json': listJson([application('monitoring', { wave: 1 })]),
    });
    const source = createSource(['core.yaml', 'shared.json']);

    const result = await source.read();

    expect(result.problems).toEqual([]);
    expect(result.applications.map(a => a.metadata.name)).toEqual([
      'vault',
      'argocd',
      'monitoring',
    ]);
    expect(source.type).toBe('snapshot');
  });

  it('reads an Application being deleted as Deleting, with its history cut to the last entry', async () => {
    const kafka = application('kafka', { wave: 1 });
    mockDir.setContent({
      'apps.yaml': listYaml([
        application('vault'),
        {
          ...kafka,
          metadata: {
            ...kafka.metadata,
            deletionTimestamp: '2026-11-21T11:00:00Z',
            finalizers: ['resources-finalizer.argocd.argoproj.io'],
          },
          status: {
            ...kafka.status,
            history: [1, 2, 3].map(id => ({
              id,
              revision: `r${id}`,
              deployedAt: `2026-11-2${id}T10:00:00Z`,
            })),
          },
        },
      ]),
    });
    const source = createSource(['apps.yaml']);

    const { applications } = await source.read();

    const deleting = applications.find(a => a.metadata.name === 'kafka')!;
    expect(deleting.status?.history).toEqual([
      { id: 3, revision: 'r3', deployedAt: '2026-11-23T10:00:00Z' },
    ]);
    expect(
      applications.map(app => {
        const status = toApplicationStatus(app, 'demo');
        return [status.name, status.health, status.deleting ?? false];
      }),
    ).toEqual([
      ['vault', 'Healthy', false],
      ['kafka', 'Deleting', true],
    ]);
  });

  it('keeps the Applications of a good file when another file is broken', async () => {
    mockDir.setContent({
      'good.yaml': listYaml([application('vault')]),
      'broken.yaml': 'items:\n  - kind: [Application\n',
    });
    const source = createSource(['broken.yaml', 'good.yaml']);

    const result = await source.read();

    expect(result.applications.map(a => a.metadata.name)).toEqual(['vault']);
    expect(result.problems).toEqual([
      expect.objectContaining({
        location: expect.stringMatching(/^broken\.yaml:\d+:\d+$/),
      }),
    ]);
  });

  it('reports a missing file and still reads the others', async () => {
    mockDir.setContent({ 'good.yaml': listYaml([application('vault')]) });
    const source = createSource(['missing.yaml', 'good.yaml']);

    const result = await source.read();

    expect(result.applications.map(a => a.metadata.name)).toEqual(['vault']);
    expect(result.problems).toEqual([
      { location: 'missing.yaml', message: 'File not found' },
    ]);
  });

  it('fails as a whole when no file can be read', async () => {
    const source = createSource(['missing.yaml', 'gone/other.yaml']);

    await expect(source.read()).rejects.toThrow(ServiceUnavailableError);
    await expect(source.read()).rejects.toThrow(
      'No snapshot file of source "demo" could be read: missing.yaml: File not found; gone/other.yaml: File not found',
    );
  });

  it('does not fail as a whole when a readable file has only problems', async () => {
    mockDir.setContent({ 'broken.yaml': '{' });
    const source = createSource(['broken.yaml']);

    const result = await source.read();

    expect(result.applications).toEqual([]);
    expect(result.problems).toHaveLength(1);
  });

  it('reports an Application defined twice and keeps the first', async () => {
    mockDir.setContent({
      'a.yaml': listYaml([application('vault', { health: 'Degraded' })]),
      'b.yaml': listYaml([application('vault')]),
    });
    const source = createSource(['a.yaml', 'b.yaml']);

    const result = await source.read();

    expect(result.applications).toHaveLength(1);
    expect(result.applications[0].status?.health?.status).toBe('Degraded');
    expect(result.problems).toEqual([
      {
        location: 'b.yaml:4:5 (items[0])',
        message:
          'Application "vault" in namespace argocd is already defined at a.yaml:4:5 (items[0]); this copy is ignored',
      },
    ]);
  });

  it('notifies listeners and serves the new state when a file is edited', async () => {
    mockDir.setContent({
      'apps.yaml': listYaml([
        application('vault', { health: 'Degraded' }),
        application('monitoring', { wave: 1 }),
      ]),
    });
    const source = createSource(['apps.yaml']);
    await source.start();
    expect(await healthOf(source, 'vault')).toBe('Degraded');

    const changed = nextChange(source);
    await writeFile(
      mockDir.resolve('apps.yaml'),
      listYaml([application('vault'), application('monitoring', { wave: 1 })]),
    );
    await changed;

    expect(await healthOf(source, 'vault')).toBe('Healthy');
  });

  it('notices a file replaced by rename, as editors save', async () => {
    mockDir.setContent({
      'apps.yaml': listYaml([application('vault', { health: 'Degraded' })]),
    });
    const source = createSource(['apps.yaml']);
    await source.start();
    await source.read();

    const changed = nextChange(source);
    await writeFile(
      mockDir.resolve('.apps.yaml.swp'),
      listYaml([application('vault')]),
    );
    await rename(
      mockDir.resolve('.apps.yaml.swp'),
      mockDir.resolve('apps.yaml'),
    );
    await changed;

    expect(await healthOf(source, 'vault')).toBe('Healthy');
  });

  it('notices a file that appears after start', async () => {
    mockDir.setContent({ 'other.yaml': listYaml([application('argocd')]) });
    const source = createSource(['other.yaml', 'late.yaml']);
    await source.start();
    expect((await source.read()).problems).toHaveLength(1);

    const changed = nextChange(source);
    await writeFile(
      mockDir.resolve('late.yaml'),
      listYaml([application('vault')]),
    );
    await changed;

    const result = await source.read();
    expect(result.problems).toEqual([]);
    expect(result.applications).toHaveLength(2);
  });

  it('serves the new state on read even without a file event', async () => {
    mockDir.setContent({
      'apps.yaml': listYaml([application('vault', { health: 'Degraded' })]),
    });
    // Never started: no watcher, so only the stat on read can notice.
    const source = createSource(['apps.yaml']);
    expect(await healthOf(source, 'vault')).toBe('Degraded');

    await writeFile(
      mockDir.resolve('apps.yaml'),
      listYaml([application('vault')]),
    );

    expect(await healthOf(source, 'vault')).toBe('Healthy');
  });

  it('stops notifying after stop', async () => {
    mockDir.setContent({ 'apps.yaml': listYaml([application('vault')]) });
    const source = createSource(['apps.yaml']);
    const listener = jest.fn();
    source.onChange(listener);
    await source.start();
    await source.stop();

    await rm(mockDir.resolve('apps.yaml'));
    await new Promise(resolve => setTimeout(resolve, 300));

    expect(listener).not.toHaveBeenCalled();
  });

  it('resolves configured relative paths against the base directory', async () => {
    const source = SnapshotApplicationSource.fromConfig(
      new ConfigReader({ name: 'demo', paths: ['missing.yaml'] }),
      {
        logger: mockServices.logger.mock(),
        configKey: 'baseLayer.sources.snapshots[0]',
        baseDir: '/nonexistent-base-layer-dir',
      },
    );

    await expect(source.read()).rejects.toThrow('missing.yaml: File not found');
  });
});

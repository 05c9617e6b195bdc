import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonValue } from '@backstage/types';
import { readSnapshotSourcesFromConfig } from './config';

const logger = mockServices.logger.mock();

const configWith = (snapshots: JsonValue) =>
  new ConfigReader({ baseLayer: { sources: { snapshots } } });

describe('readSnapshotSourcesFromConfig', () => {
  it('creates one snapshot source per entry', () => {
    const sources = readSnapshotSourcesFromConfig(
      configWith([
        { name: 'demo', paths: ['../../examples/argocd-applications.yaml'] },
        { name: 'review', paths: ['a.yaml', 'b.json'] },
      ]),
      logger,
    );

    expect(sources.map(s => [s.name, s.type])).toEqual([
      ['demo', 'snapshot'],
      ['review', 'snapshot'],
    ]);
  });

  it('creates none when nothing is configured', () => {
    expect(readSnapshotSourcesFromConfig(new ConfigReader({}), logger)).toEqual(
      [],
    );
  });

  it('rejects a repeated name and an empty path list', () => {
    expect(() =>
      readSnapshotSourcesFromConfig(
        configWith([
          { name: 'demo', paths: ['a.yaml'] },
          { name: 'demo', paths: ['b.yaml'] },
        ]),
        logger,
      ),
    ).toThrow(
      'Invalid baseLayer.sources.snapshots[1].name: source "demo" is declared twice',
    );
    expect(() =>
      readSnapshotSourcesFromConfig(
        configWith([{ name: 'demo', paths: [] }]),
        logger,
      ),
    ).toThrow(
      'Invalid snapshot source "demo": paths must list at least one snapshot file',
    );
  });

  it('resolves relative paths against the base directory', async () => {
    const [source] = readSnapshotSourcesFromConfig(
      configWith([{ name: 'demo', paths: ['missing.yaml'] }]),
      logger,
      { baseDir: '/nonexistent-base-layer-dir' },
    );

    await expect(source.read()).rejects.toThrow('missing.yaml: File not found');
  });
});

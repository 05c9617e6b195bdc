import { rm } from 'node:fs/promises';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { application, listYaml } from '../../../__testUtils__/kubectlExports';
import { nextChange } from '../../../__testUtils__/nextChange';
import { SnapshotApplicationSource } from './SnapshotApplicationSource';

describe('SnapshotApplicationSource, file deleted while running', () => {
  const mockDir = createMockDirectory();
  let source: SnapshotApplicationSource;
  const logger = mockServices.logger.mock();

  beforeEach(async () => {
    mockDir.setContent({
      'apps.yaml': listYaml([application('vault'), application('consul')]),
    });
    source = new SnapshotApplicationSource({
      name: 'demo',
      paths: ['apps.yaml'],
      baseDir: mockDir.path,
      logger,
      debounceMs: 50,
      rewatchDelayMs: 50,
    });
    await source.start();
  });
  afterEach(() => source.stop());

  const names = async () =>
    (await source.read()).applications.map(a => a.metadata.name);

  it('reports the source down when its only file is deleted, and serves the file again once it is recreated', async () => {
    expect(await names()).toEqual(['vault', 'consul']);

    const deleted = nextChange(source);
    await rm(mockDir.resolve('apps.yaml'));
    await deleted;
    const failure = source.read();
    await expect(failure).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(failure).rejects.toThrow(
      'No snapshot file of source "demo" could be read: apps.yaml: File not found',
    );

    const recreated = nextChange(source);
    mockDir.addContent({
      'apps.yaml': listYaml([application('vault', { health: 'Degraded' })]),
    });
    await recreated;
    const { applications, problems } = await source.read();
    expect(problems).toEqual([]);
    expect(
      applications.map(a => [a.metadata.name, a.status?.health?.status]),
    ).toEqual([['vault', 'Degraded']]);
  });

  it('serves the file on the next read after its directory was deleted and recreated', async () => {
    const deleted = nextChange(source);
    mockDir.clear();
    await rm(mockDir.path, { recursive: true, force: true });
    await deleted.catch(() => {});
    await expect(source.read()).rejects.toThrow(/File not found/);

    mockDir.setContent({ 'apps.yaml': listYaml([application('redis')]) });
    // The watch still points at the deleted directory, so no change event is
    // promised here; every read stats the file, so the next refresh serves it.
    expect(await names()).toEqual(['redis']);
  });
});

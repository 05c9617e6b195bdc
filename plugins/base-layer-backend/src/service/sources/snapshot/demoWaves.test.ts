import { readFile, writeFile } from 'node:fs/promises';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readWaveDefinitions } from '@internal/plugin-base-layer-common';
import { toApplicationStatus } from '../../model/toApplicationStatus';
import { computeWaves } from '../../waves/computeWaves';
import { createApplicationSources } from '../createApplicationSources';
import type { ApplicationSourceReader } from '../types';
import {
  demoSnapshotConfig,
  demoSnapshotCopy,
} from '../../../__testUtils__/demoSnapshot';

/**
 * The demo as the local portal runs it: the snapshot source registered with
 * the engine's source table, reading a copy of the demo file, and the wave
 * states the engine computes from it.
 */
describe('the demo snapshot through the wave engine', () => {
  const mockDir = demoSnapshotCopy();
  let source: ApplicationSourceReader;

  const config = new ConfigReader({
    baseLayer: demoSnapshotConfig(mockDir.resolve('demo.yaml')),
  });

  beforeEach(async () => {
    [source] = createApplicationSources(config, {
      logger: mockServices.logger.mock(),
      timeoutMs: 5000,
    });
    await source.start?.();
  });
  afterEach(() => source.stop?.());

  async function waveStates() {
    const { applications, problems } = await source.read();
    expect(problems).toEqual([]);
    const { waves } = computeWaves(
      readWaveDefinitions(config),
      applications.map(app => toApplicationStatus(app, source.name)),
      [{ name: source.name, type: source.type, ok: true, stale: false }],
    );
    return waves.map(w => [w.id, w.state, w.total]);
  }

  it('shows wave 0 Degraded and every later wave Blocked', async () => {
    expect(source.type).toBe('snapshot');
    expect(await waveStates()).toEqual([
      [0, 'Degraded', 5],
      [1, 'Blocked', 4],
      [2, 'Blocked', 6],
      [3, 'Blocked', 14],
      [4, 'Blocked', 4],
    ]);
  });

  it('unblocks the next waves when vault is marked Healthy in the file', async () => {
    const changed = new Promise<void>(done => source.onChange?.(done));
    const text = await readFile(mockDir.resolve('demo.yaml'), 'utf8');
    await writeFile(
      mockDir.resolve('demo.yaml'),
      text.replace(/status: Degraded/g, 'status: Healthy'),
    );
    await changed;

    expect(await waveStates()).toEqual([
      [0, 'Healthy', 5],
      [1, 'Healthy', 4],
      [2, 'Healthy', 6],
      [3, 'Progressing', 14],
      [4, 'Blocked', 4],
    ]);
  });
});

import { readFile, rm } from 'node:fs/promises';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { WavesResponse } from '@internal/plugin-base-layer-common';
import request from 'supertest';
import {
  DEMO_SNAPSHOT_FILE,
  demoSnapshotConfig,
  demoSnapshotCopy,
} from './__testUtils__/demoSnapshot';
import { eventually } from './__testUtils__/eventually';
import { baseLayerPlugin } from './plugin';

/** The demo export the local portal runs on (`yarn dev`). */
const DEMO_FILE = DEMO_SNAPSHOT_FILE;

/** The local mode: the real plugin reading a snapshot file, no cluster. */
describe('baseLayerPlugin on a snapshot source', () => {
  const mockDir = demoSnapshotCopy();

  async function start() {
    const { server } = await startTestBackend({
      features: [
        baseLayerPlugin,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            baseLayer: demoSnapshotConfig(mockDir.resolve('demo.yaml')),
          },
        }),
      ],
    });
    return async () => {
      const res = await request(server)
        .get('/api/base-layer/waves')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      return res.body as WavesResponse;
    };
  }

  it('serves GET /waves from the file, then follows it being deleted and recreated', async () => {
    const getWaves = await start();

    const body = await getWaves();
    expect(body.sources.map(s => [s.name, s.type, s.ok])).toEqual([
      ['demo', 'snapshot', true],
    ]);
    expect(body.stale).toBe(false);
    expect(body.waves.map(w => [w.id, w.state, w.total])).toEqual([
      [0, 'Degraded', 5],
      [1, 'Blocked', 4],
      [2, 'Blocked', 6],
      [3, 'Blocked', 14],
      [4, 'Blocked', 4],
    ]);

    await rm(mockDir.resolve('demo.yaml'));
    await eventually(async () => {
      const down = await getWaves();
      expect(down.stale).toBe(true);
      expect(down.sources[0]).toMatchObject({
        ok: false,
        error: expect.stringContaining('demo.yaml: File not found'),
      });
      expect(down.waves.map(w => w.state)).toEqual(Array(5).fill('Unknown'));
      // The last known applications stay listed.
      expect(down.waves.map(w => w.total)).toEqual([5, 4, 6, 14, 4]);
    }, 10_000);

    mockDir.addContent({ 'demo.yaml': await readFile(DEMO_FILE, 'utf8') });
    await eventually(async () => {
      const back = await getWaves();
      expect(back.sources[0].ok).toBe(true);
      expect(back.waves.map(w => w.state)).toEqual([
        'Degraded',
        'Blocked',
        'Blocked',
        'Blocked',
        'Blocked',
      ]);
    }, 10_000);
  });
});

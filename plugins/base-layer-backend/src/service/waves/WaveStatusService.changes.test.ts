import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { gunzipSync } from 'node:zlib';
import {
  buildApplication,
  platformApplications,
  platformWaves,
} from '../../testUtils/applications';
import { LoopbackKubernetes, startLoopbackKubernetes } from '../../testUtils';
import { jsonCache } from '../../__testUtils__/jsonCache';
import { CatalogEntityIndex } from '../catalog/CatalogEntityIndex';
import { WaveHistoryStore } from '../history/WaveHistoryStore';
import { KubernetesApplicationSource } from '../sources/kubernetes/KubernetesApplicationSource';
import { WaveStatusChange, WaveStatusService } from './WaveStatusService';

describe('WaveStatusService changes', () => {
  const logger = mockServices.logger.mock();
  let cache = jsonCache();
  let cluster: LoopbackKubernetes;
  let now: number;
  const changes: WaveStatusChange[] = [];
  const services: WaveStatusService[] = [];
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  const createService = (
    extra: {
      history?: WaveHistoryStore;
      onChange?: (change: WaveStatusChange) => Promise<void>;
    } = {},
  ) => {
    const service = new WaveStatusService({
      history: extra.history,
      sources: [
        new KubernetesApplicationSource({
          name: 'base-layer',
          url: cluster.url,
          token: cluster.token,
          skipTLSVerify: true,
          namespace: 'argocd',
          timeoutMs: 3000,
          restartBaseDelayMs: 20,
          logger,
        }),
      ],
      waves: platformWaves,
      entities: new CatalogEntityIndex({
        catalog: catalogServiceMock({ entities: [] }),
        auth: mockServices.auth(),
        logger,
      }),
      cache,
      logger,
      readTimeoutMs: 10_000,
      staleAfterMs: 90_000,
      onChange: async change => {
        changes.push(change);
        await extra.onChange?.(change);
      },
      now: () => now,
    });
    services.push(service);
    return service;
  };

  beforeEach(async () => {
    now = Date.parse('2026-11-22T10:00:00Z');
    changes.length = 0;
    cache = jsonCache();
    cluster = await startLoopbackKubernetes({
      applications: platformApplications,
    });
  });

  afterEach(async () => {
    await Promise.all(services.splice(0).map(s => s.stop()));
    await cluster.stop();
  });

  async function until(check: () => boolean) {
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline && !check()) {
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  }

  it('announces every change once, with its version and waves, and never a refresh that changes nothing', async () => {
    const service = createService();
    await service.getWaves();
    expect(changes).toHaveLength(1);
    const first = await service.getWavesBody();
    expect(first.etag).toContain(changes[0].version);

    now += 30_000;
    await service.refresh();
    await service.recompute();
    expect(changes).toHaveLength(1);
    expect((await service.getWavesBody()).etag).toBe(first.etag);

    cluster.upsert(
      buildApplication({ name: 'vault', wave: 0, health: 'Degraded' }),
    );
    await until(() => changes.length > 1);
    // Vault's wave and the waves its degraded health now blocks.
    expect(changes).toEqual([
      changes[0],
      { version: expect.any(String), waves: [0, 1, 3, 4] },
    ]);
    expect(changes[1].version).not.toBe(changes[0].version);
    expect((await service.getWavesBody()).etag).toContain(changes[1].version);
  });

  it('announces nothing on a replica that finds the change already published', async () => {
    const service = createService();
    await service.refresh();
    const replica = createService();
    await replica.refresh();
    expect(changes).toHaveLength(1);
    expect((await replica.getWavesBody()).etag).toBe(
      (await service.getWavesBody()).etag,
    );
  });

  it('serves the same JSON plain and gzipped, with ages counted per request', async () => {
    const service = createService();
    await service.refresh();
    now += 200_000;
    const body = await service.getWavesBody();
    const json = body.json();
    expect(gunzipSync(body.gzip()).toString()).toBe(json);
    expect(JSON.parse(json)).toEqual(await service.getWaves());
    expect(JSON.parse(json)).toMatchObject({ stale: true, ageSeconds: 200 });
    now += 5_000;
    const later = await service.getWavesBody();
    expect(later.etag).toBe(body.etag);
    expect(JSON.parse(gunzipSync(later.gzip()).toString()).ageSeconds).toBe(
      205,
    );
  });

  it('records the transitions before it announces them, so a page reloading on the signal reads them', async () => {
    const history = await WaveHistoryStore.fromKnex(
      await databases.init('SQLITE_3'),
    );
    const seenAtAnnounce: string[][] = [];
    const service = createService({
      history,
      onChange: async () => {
        const { length } = seenAtAnnounce;
        const items = await history.list({ wave: 0, limit: 10 });
        seenAtAnnounce[length] = items.map(t => `${t.from}->${t.to}`);
      },
    });
    await service.refresh();
    cluster.upsert(
      buildApplication({ name: 'vault', wave: 0, health: 'Degraded' }),
    );
    await until(() => seenAtAnnounce.length > 1);
    expect(seenAtAnnounce).toEqual([
      ['null->Healthy'],
      ['Healthy->Degraded', 'null->Healthy'],
    ]);
  });
});

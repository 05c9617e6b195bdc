import { CacheService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { WavesResponse } from '@internal/plugin-base-layer-common';
import {
  buildApplication,
  platformApplications,
  platformWaves,
} from '../../testUtils/applications';
import {
  LoopbackArgoCd,
  LoopbackKubernetes,
  startLoopbackArgoCd,
  startLoopbackKubernetes,
} from '../../testUtils';
import { CatalogEntityIndex } from '../catalog/CatalogEntityIndex';
import { ArgoCdApiSource } from '../sources/argocd/ArgoCdApiSource';
import { KubernetesApplicationSource } from '../sources/kubernetes/KubernetesApplicationSource';
import { jsonCache } from '../../__testUtils__/jsonCache';
import { WaveStatusService } from './WaveStatusService';

/** The wave states of the platform while Argo CD, which holds waves 2 to 4, is down. */
const ARGOCD_DOWN_STATES = [
  'Healthy',
  'Healthy',
  'Unknown',
  'Unknown',
  'Unknown',
];

/** An application of the platform's wave 2 (airflow, mlflow). */
const appOf = (response: WavesResponse, name: string) =>
  response.waves[2].applications.find(a => a.name === name);

describe('WaveStatusService', () => {
  let cluster: LoopbackKubernetes;
  let argocd: LoopbackArgoCd;
  let service: WaveStatusService;
  let cache: CacheService;
  let now: number;
  const logger = mockServices.logger.mock();

  const createService = (
    options: { argocdTimeoutMs?: number; cache?: CacheService } = {},
  ) =>
    new WaveStatusService({
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
        new ArgoCdApiSource({
          name: 'argocd',
          baseUrl: argocd.url,
          credentials: { token: argocd.token },
          timeoutMs: options.argocdTimeoutMs ?? 3000,
          logger,
          attempts: 2,
          retryBaseDelayMs: 5,
        }),
      ],
      waves: platformWaves,
      entities: new CatalogEntityIndex({
        catalog: catalogServiceMock({ entities: [] }),
        auth: mockServices.auth(),
        logger,
      }),
      cache: options.cache ?? cache,
      logger,
      readTimeoutMs: 10_000,
      staleAfterMs: 90_000,
      now: () => now,
    });

  beforeEach(async () => {
    now = Date.parse('2026-11-22T10:00:00Z');
    // Waves 0 and 1 come from the cluster, the rest from Argo CD.
    const early = (a: (typeof platformApplications)[number]) =>
      ['vault', 'cert-manager', 'monitoring', 'logging'].includes(
        a.metadata.name,
      );
    cluster = await startLoopbackKubernetes({
      applications: platformApplications.filter(early),
    });
    argocd = await startLoopbackArgoCd({
      applications: platformApplications.filter(a => !early(a)),
    });
    cache = jsonCache();
    service = createService();
  });

  /** Other replicas of the engine, stopped after each test. */
  let replicas: WaveStatusService[] = [];
  const createReplica = (options: { cache?: CacheService } = {}) => {
    const replica = createService(options);
    replicas.push(replica);
    return replica;
  };
  const at = (ms: number) => new Date(ms).toISOString();

  afterEach(async () => {
    await Promise.all(replicas.map(r => r.stop()));
    replicas = [];
    await service.stop();
    await Promise.all([cluster.stop(), argocd.stop()]);
  });

  it('computes every wave from both sources', async () => {
    const response = await service.getWaves();
    expect(response.stale).toBe(false);
    expect(response.waves.map(w => w.state)).toEqual([
      'Healthy',
      'Healthy',
      'Degraded',
      'Blocked',
      'Blocked',
    ]);
    expect(response.waves[2].counts).toEqual({
      sync: { Synced: 1, OutOfSync: 1 },
      health: { Degraded: 1, Progressing: 1 },
    });
    expect(appOf(response, 'airflow')).toMatchObject({
      source: 'argocd',
      sync: 'OutOfSync',
      operationPhase: 'Running',
      project: 'orchestration-apps',
    });
    expect(argocd.requests.list).toBe(1);
    expect(cluster.requests.list).toBe(1);
    expect(JSON.parse(await service.getWavesJson())).toEqual(response);
  });

  it('marks only the failing source’s apps Unknown and serves them stale with the error', async () => {
    await service.getWaves();
    argocd.setFailure({ kind: 'status', status: 500 });
    now += 30_000;
    await service.refresh();
    const response = await service.getWaves();
    expect(response.stale).toBe(true);
    const argocdStatus = response.sources.find(s => s.name === 'argocd')!;
    expect(argocdStatus).toMatchObject({
      ok: false,
      stale: true,
      ageSeconds: 30,
      error: "Argo CD 'argocd' answered 500 Internal Server Error",
    });
    expect(response.waves.map(w => w.state)).toEqual(ARGOCD_DOWN_STATES);
    expect(response.waves[2].reason).toBe(
      "Source 'argocd' is unreachable: Argo CD 'argocd' answered 500 Internal Server Error",
    );
    expect(appOf(response, 'mlflow')).toMatchObject({
      sync: 'Unknown',
      health: 'Unknown',
      lastKnown: { sync: 'Synced', health: 'Degraded' },
      error: "Argo CD 'argocd' answered 500 Internal Server Error",
    });
    // The cluster's apps are untouched.
    expect(response.waves[0].applications.every(a => !a.error)).toBe(true);
  });

  it('reports a source that times out', async () => {
    await service.stop();
    service = createService({ argocdTimeoutMs: 100 });
    argocd.setFailure({ kind: 'slow', delayMs: 1000 });
    const response = await service.getWaves();
    expect(response.sources.find(s => s.name === 'argocd')?.error).toBe(
      "Argo CD 'argocd' did not answer within 100 ms",
    );
    expect(response.waves[0].state).toBe('Healthy');
    expect(response.waves[2].state).toBe('Unknown');
  });

  it('serves the snapshot another replica computed, marked stale when old', async () => {
    await service.getWaves();
    const listsBefore = argocd.requests.list;
    const replica = createService();
    now += 120_000;
    const response = await replica.getWaves();
    expect(response.waves).toHaveLength(5);
    expect(response.stale).toBe(true);
    expect(response.ageSeconds).toBe(120);
    expect(argocd.requests.list).toBe(listsBefore);
    await replica.stop();
  });

  it('recomputes when the watch reports a change, reading only that source', async () => {
    await service.getWaves();
    cluster.upsert(
      buildApplication({ name: 'vault', wave: 0, health: 'Degraded' }),
    );
    const deadline = Date.now() + 3000;
    let state = '';
    while (Date.now() < deadline && state !== 'Degraded') {
      await new Promise(resolve => setTimeout(resolve, 50));
      state = (await service.getWaves()).waves[0].state;
    }
    expect(state).toBe('Degraded');
    expect(argocd.requests.list).toBe(1);
    expect(cluster.requests.list).toBe(1);
  });

  describe('on several replicas', () => {
    /** Two replicas read once; then Argo CD fails and only `service` reads it again. */
    async function argoCdFailsAfterBothRead() {
      const replica = createReplica();
      await service.refresh();
      await replica.refresh();
      argocd.setFailure({ kind: 'status', status: 503 });
      now += 30_000;
      const failedAt = now;
      await service.refresh();
      return { replica, failedAt };
    }

    it('recomputes without reading any source and keeps the age of the data', async () => {
      const first = await service.getWaves();
      const readAt = now;
      now += 120_000;
      await service.recompute();
      const response = await service.getWaves();
      expect(response.generatedAt).toBe(at(now));
      expect(response.dataAt).toBe(at(readAt));
      expect(first.dataAt).toBe(at(readAt));
      expect(response.ageSeconds).toBe(120);
      expect(response.stale).toBe(true);
      expect(response.sources.map(s => [s.name, s.ok, s.stale])).toEqual([
        ['base-layer', true, true],
        ['argocd', true, true],
      ]);
      expect(argocd.requests.list).toBe(1);
      expect(cluster.requests.list).toBe(1);
    });

    it('recomputes nothing on a replica that never read a source', async () => {
      const published = await service.getWaves();
      const replica = createReplica();
      now += 10_000;
      await replica.recompute();
      expect(argocd.requests.list).toBe(1);
      expect(cluster.requests.list).toBe(1);
      const response = await replica.getWaves();
      expect(response.generatedAt).toBe(published.generatedAt);
      expect(response.ageSeconds).toBe(10);
    });

    it('never publishes older data over newer shared data', async () => {
      // Argo CD goes down; the replica running the refresh publishes it.
      const { replica, failedAt } = await argoCdFailsAfterBothRead();
      // The other replica's catalog task recomputes from its older reads.
      now += 30_000;
      await replica.recompute();

      const response = await replica.getWaves();
      expect(response).toEqual(await service.getWaves());
      expect(response.stale).toBe(true);
      expect(response.dataAt).toBe(at(failedAt));
      expect(response.sources.find(s => s.name === 'argocd')).toMatchObject({
        ok: false,
        checkedAt: at(failedAt),
        error: "Argo CD 'argocd' answered 503 Service Unavailable",
      });
      expect(response.waves.map(w => w.state)).toEqual(ARGOCD_DOWN_STATES);
    });

    it('merges a one-source refresh with the newer shared data of the other sources', async () => {
      const { replica, failedAt } = await argoCdFailsAfterBothRead();
      // A watch event makes the other replica re-read only the cluster.
      now += 5_000;
      await replica.refresh(['base-layer']);

      const response = await service.getWaves();
      expect(response.generatedAt).toBe(at(now));
      expect(response.dataAt).toBe(at(failedAt));
      expect(response.sources.map(s => [s.name, s.ok, s.checkedAt])).toEqual([
        ['base-layer', true, at(now)],
        ['argocd', false, at(failedAt)],
      ]);
      expect(response.waves[2].state).toBe('Unknown');
    });

    it('without a shared cache, serves a replica’s last data marked stale once it is older than the threshold', async () => {
      const leader = createReplica({ cache: jsonCache() });
      const follower = createReplica({ cache: jsonCache() });
      // Each reads once on its first request...
      await leader.getWaves();
      await follower.getWaves();
      const followerReadAt = now;
      // ...then only the leader runs the global refresh task; every replica
      // runs its catalog task.
      const tick = async () => {
        now += 30_000;
        await leader.refresh();
        await follower.recompute();
      };
      await tick();
      await tick();
      const early = await follower.getWaves();
      expect(early.stale).toBe(false);
      expect(early.ageSeconds).toBe(60);
      await tick();
      await tick();

      const response = await follower.getWaves();
      expect(response.stale).toBe(true);
      expect(response.ageSeconds).toBe(120);
      expect(response.dataAt).toBe(at(followerReadAt));
      expect(response.sources.every(s => s.ok && s.stale)).toBe(true);
      const fresh = await leader.getWaves();
      expect(fresh.stale).toBe(false);
      expect(fresh.ageSeconds).toBe(0);
      // Two first reads, then one per refresh of the leader: the follower
      // never read again.
      expect(argocd.requests.list).toBe(2 + 4);
    });
  });

  it('serves every declared wave, empty and fresh, when no source is configured', async () => {
    const empty = new WaveStatusService({
      sources: [],
      waves: platformWaves,
      entities: new CatalogEntityIndex({
        catalog: catalogServiceMock({ entities: [] }),
        auth: mockServices.auth(),
        logger,
      }),
      cache: jsonCache(),
      logger,
      readTimeoutMs: 10_000,
      staleAfterMs: 90_000,
      now: () => now,
    });
    await empty.getWaves();
    now += 120_000;
    await empty.refresh();
    const response = await empty.getWaves();
    expect(response.stale).toBe(false);
    expect(response.waves.map(w => w.state)).toEqual(
      platformWaves.map(() => 'Healthy'),
    );
  });
});

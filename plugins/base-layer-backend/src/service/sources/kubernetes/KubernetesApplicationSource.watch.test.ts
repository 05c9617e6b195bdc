import { mockServices } from '@backstage/backend-test-utils';
import { eventually as eventuallyWithin } from '../../../__testUtils__/eventually';
import {
  buildApplication,
  platformApplications,
} from '../../../testUtils/applications';
import {
  LoopbackKubernetes,
  startLoopbackKubernetes,
} from '../../../testUtils/loopbackKubernetes';
import {
  KubernetesApplicationSource,
  KubernetesApplicationSourceOptions,
} from './KubernetesApplicationSource';

/** Patient: the suite may share two cores with other work. */
const eventually = (check: () => void | Promise<void>) =>
  eventuallyWithin(check, 10_000);

/**
 * The watch's edge cases, against a loopback API server: an expired
 * resourceVersion (410 Gone), BOOKMARK events, the periodic resync and the
 * cap on the restart backoff.
 */
describe('KubernetesApplicationSource watch', () => {
  let cluster: LoopbackKubernetes;
  let source: KubernetesApplicationSource | undefined;
  const logger = mockServices.logger.mock();
  const inArgocd = platformApplications.filter(
    a => a.metadata.namespace === 'argocd',
  );

  beforeEach(async () => {
    jest.clearAllMocks();
    cluster = await startLoopbackKubernetes({
      applications: platformApplications,
    });
  });
  afterEach(async () => {
    await source?.stop();
    source = undefined;
    await cluster.stop();
  });

  const create = (
    overrides: Partial<KubernetesApplicationSourceOptions> = {},
  ) => {
    source = new KubernetesApplicationSource({
      name: 'base-layer',
      url: cluster.url,
      token: cluster.token,
      namespace: 'argocd',
      skipTLSVerify: true,
      // Generous: these tests are about the watch, not about slow servers.
      timeoutMs: 10_000,
      restartBaseDelayMs: 20,
      logger,
      ...overrides,
    });
    return source;
  };

  const healthOf = async (name: string) =>
    (await source!.read()).applications.find(a => a.metadata.name === name)
      ?.status?.health?.status;

  /** Starts the source and waits for its watch to be open. */
  async function started(
    overrides: Partial<KubernetesApplicationSourceOptions> = {},
  ) {
    const reader = create(overrides);
    await reader.read();
    await eventually(() => expect(cluster.openWatches).toBe(1));
    return reader;
  }

  it('lists again when its resourceVersion expired (410 Gone), and catches up', async () => {
    const reader = await started();
    const changed = jest.fn();
    reader.onChange(changed);
    // A change the watch never delivers, then etcd compacts.
    cluster.upsert(
      buildApplication({ name: 'vault', wave: 0, health: 'Degraded' }),
      { silent: true },
    );
    expect(await healthOf('vault')).toBe('Healthy');

    cluster.expireResourceVersions();

    await eventually(async () => {
      expect(cluster.requests.list).toBe(2);
      expect(await healthOf('vault')).toBe('Degraded');
    });
    expect(changed).toHaveBeenCalled();
    // A relist is routine, not an outage: the source never failed.
    await expect(reader.read()).resolves.toBeDefined();
    expect(logger.warn).not.toHaveBeenCalled();
    await eventually(() => expect(cluster.openWatches).toBe(1));
  });

  it('takes BOOKMARK events as progress: no object, and the next watch resumes from there', async () => {
    const reader = await started();
    const before = (await reader.read()).applications.length;

    const version = cluster.bookmark();
    // The bookmark adds nothing; the watch stays open.
    await new Promise(resolve => setTimeout(resolve, 100));
    expect((await reader.read()).applications).toHaveLength(before);
    expect((await reader.read()).problems).toEqual([]);

    cluster.closeWatches();
    await eventually(() => expect(cluster.requests.watch).toBe(2));
    expect(cluster.watchResourceVersions.at(-1)).toBe(version);
    expect(cluster.requests.list).toBe(1);
  });

  it('re-lists every resyncInterval, repairing a lost event, without leaking watches', async () => {
    const reader = await started({ resyncIntervalMs: 300 });
    cluster.upsert(buildApplication({ name: 'kubeflow', wave: 2 }), {
      silent: true,
    });
    expect(
      (await reader.read()).applications.map(a => a.metadata.name),
    ).not.toContain('kubeflow');

    await eventually(async () => {
      expect(cluster.requests.list).toBeGreaterThanOrEqual(2);
      expect(
        (await reader.read()).applications.map(a => a.metadata.name),
      ).toContain('kubeflow');
    });
    await eventually(() => expect(cluster.requests.list).toBeGreaterThan(3));
    // Each resync replaces the informer: one watch stays open, not one per resync.
    await eventually(() => expect(cluster.openWatches).toBe(1));
    expect((await reader.read()).applications).toHaveLength(
      inArgocd.length + 1,
    );
  });

  it('doubles the restart delay of a failing watch up to its cap, and starts over after a recovery', async () => {
    const reader = await started({
      restartBaseDelayMs: 20,
      restartMaxDelayMs: 100,
    });
    const delays = () =>
      logger.warn.mock.calls
        .filter(
          ([message]) => message === 'Kubernetes watch of Applications failed',
        )
        .map(([, meta]) => (meta as { retryInMs: number }).retryInMs);

    cluster.setFailure({ kind: 'status', status: 503 });
    cluster.closeWatches();
    await eventually(() => expect(delays().length).toBeGreaterThanOrEqual(7));
    expect(delays().slice(0, 7)).toEqual([20, 40, 80, 100, 100, 100, 100]);
    await expect(reader.read()).rejects.toThrow(/503/);

    cluster.setFailure(undefined);
    await eventually(async () => {
      await expect(reader.read()).resolves.toBeDefined();
      expect(cluster.openWatches).toBe(1);
    });
    // Recovered once the watch stayed up as long as the last delay (the cap).
    await new Promise(resolve => setTimeout(resolve, 250));

    logger.warn.mockClear();
    cluster.setFailure({ kind: 'status', status: 503 });
    cluster.closeWatches();
    await eventually(() => expect(delays().length).toBeGreaterThanOrEqual(2));
    expect(delays().slice(0, 2)).toEqual([20, 40]);
  });
});

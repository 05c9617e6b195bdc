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
import { toApplicationStatus } from '../../model/toApplicationStatus';
import { ArgoCdApplication } from '../types';
import {
  KubernetesApplicationSource,
  KubernetesApplicationSourceOptions,
} from './KubernetesApplicationSource';

/** Patient: the suite may share two cores with other work. */
const eventually = (check: () => void | Promise<void>) =>
  eventuallyWithin(check, 10_000);

/** What Kubernetes sends and the engine does not read, production-sized. */
function withUnreadFields(app: ArgoCdApplication): ArgoCdApplication {
  return {
    ...app,
    metadata: {
      ...app.metadata,
      managedFields: Array.from({ length: 5 }, (_, i) => ({
        manager: `argocd-application-controller-${i}`,
        operation: 'Update',
        fieldsV1: { 'f:status': { 'f:resources': {}, 'f:history': {} } },
      })),
    },
    status: {
      ...app.status,
      resources: Array.from({ length: 20 }, (_, i) => ({
        kind: 'ConfigMap',
        name: `config-${i}`,
        status: 'Synced',
      })),
      history: Array.from({ length: 10 }, (_, i) => ({
        id: i,
        revision: `rev-${i}`,
        deployedAt: `2026-11-${10 + i}T10:00:00Z`,
      })),
    },
  } as ArgoCdApplication;
}

/**
 * What the source's watch does beyond client-node's: reduces each event's
 * object before the informer caches it, follows an Application through its
 * deletion, and reports idle timeouts.
 */
describe('KubernetesApplicationSource, its watch', () => {
  let cluster: LoopbackKubernetes;
  let source: KubernetesApplicationSource | undefined;
  const logger = mockServices.logger.mock();

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

  async function started(
    overrides: Partial<KubernetesApplicationSourceOptions> = {},
  ) {
    source = new KubernetesApplicationSource({
      name: 'base-layer',
      url: cluster.url,
      token: cluster.token,
      namespace: 'argocd',
      skipTLSVerify: true,
      timeoutMs: 10_000,
      restartBaseDelayMs: 20,
      logger,
      ...overrides,
    });
    await source.read();
    await eventually(() => expect(cluster.openWatches).toBe(1));
    return source;
  }

  const statusOf = async (name: string) => {
    const app = (await source!.read()).applications.find(
      a => a.metadata.name === name,
    );
    return app && toApplicationStatus(app, 'base-layer');
  };

  it('follows an Application through its deletion: deleting, then gone', async () => {
    await started();
    expect(await statusOf('vault')).toMatchObject({ health: 'Healthy' });
    expect(await statusOf('vault')).not.toHaveProperty('deleting');

    // Argo CD's resources finalizer at work: MODIFIED with a deletionTimestamp.
    cluster.upsert(
      buildApplication({
        name: 'vault',
        wave: 0,
        project: 'aws-infrastructure',
        deletionTimestamp: '2026-11-21T11:00:00Z',
      }),
    );
    await eventually(async () =>
      expect(await statusOf('vault')).toMatchObject({
        health: 'Deleting',
        deleting: true,
        sync: 'Synced',
        wave: 0,
      }),
    );

    // The finalizer is done: DELETED.
    cluster.remove('vault');
    await eventually(async () =>
      expect(await statusOf('vault')).toBeUndefined(),
    );
    expect(await statusOf('cert-manager')).toMatchObject({ health: 'Healthy' });
  });

  it('keeps no managedFields, status.resources or old history of what a watch event brought', async () => {
    const reader = await started();
    cluster.upsert(
      withUnreadFields(
        buildApplication({ name: 'vault', wave: 0, health: 'Progressing' }),
      ),
    );
    cluster.upsert(
      withUnreadFields(buildApplication({ name: 'spark', wave: 3 })),
    );
    await eventually(async () =>
      expect(await statusOf('spark')).toMatchObject({ wave: 3 }),
    );
    expect(await statusOf('vault')).toMatchObject({ health: 'Progressing' });

    const held = reader.heldObjects() as Array<Record<string, any>>;
    expect(held.length).toBeGreaterThan(0);
    for (const object of held) {
      expect(object.metadata).not.toHaveProperty('managedFields');
      expect(object.metadata).not.toHaveProperty('uid');
      expect(object.status ?? {}).not.toHaveProperty('resources');
      expect(object.spec ?? {}).not.toHaveProperty('syncPolicy');
      expect((object.status?.history ?? []).length).toBeLessThanOrEqual(1);
    }
    const spark = held.find(o => o.metadata.name === 'spark')!;
    expect(spark.status.history).toEqual([
      { id: 9, revision: 'rev-9', deployedAt: '2026-11-19T10:00:00Z' },
    ]);
    expect(JSON.stringify(held)).not.toContain('config-0');
  });

  it('still reports an invalid object a watch brought at namespace/name, keeping only its identity', async () => {
    const reader = await started();
    const broken = withUnreadFields(buildApplication({ name: 'vault' }));
    cluster.upsert({
      ...broken,
      spec: { ...broken.spec, source: { path: 'no-repo' } },
    } as unknown as ArgoCdApplication);
    await eventually(async () =>
      expect((await reader.read()).problems).toEqual([
        {
          location: 'argocd/vault',
          message: expect.stringContaining('spec.source.repoURL is required'),
        },
      ]),
    );
    const held = reader
      .heldObjects()
      .find(o => (o as ArgoCdApplication).metadata.name === 'vault');
    expect(held).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'vault',
        namespace: 'argocd',
        resourceVersion: expect.any(String),
      },
    });
  });

  it('keeps watching past a line that is not a watch event', async () => {
    await started();
    cluster.sendRawLine('{"type":"MODIFIED","object":{"metadata":');
    cluster.sendRawLine('not json');
    cluster.upsert(buildApplication({ name: 'spark', wave: 3 }));
    await eventually(async () =>
      expect(await statusOf('spark')).toMatchObject({ wave: 3 }),
    );
    expect(cluster.requests.watch).toBe(1);
  });

  it('logs a watch that ends by its timeout without any event, and reopens it', async () => {
    const reader = await started({
      watchTimeoutMs: 200,
      watchWarnIntervalMs: 60_000,
    });
    await eventually(() =>
      expect(cluster.requests.watch).toBeGreaterThanOrEqual(3),
    );
    expect(reader.watchStats().idleTimeouts).toBeGreaterThanOrEqual(2);
    const warnings = logger.warn.mock.calls.filter(([message]) =>
      /timeout without any event/.test(message),
    );
    expect(warnings).toEqual([
      [
        expect.any(String),
        expect.objectContaining({ source: 'base-layer', timeoutMs: 200 }),
      ],
    ]);
    // A timeout is no failure: the source stays readable, from where it was.
    await expect(reader.read()).resolves.toBeDefined();
    const versions = cluster.watchResourceVersions;
    expect(versions[versions.length - 1]).toBe(versions[0]);
  });
});

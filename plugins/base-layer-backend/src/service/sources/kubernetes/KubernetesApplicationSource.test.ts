import { mockServices } from '@backstage/backend-test-utils';
import {
  buildApplication,
  platformApplications,
} from '../../../testUtils/applications';
import {
  LoopbackKubernetes,
  startLoopbackKubernetes,
} from '../../../testUtils/loopbackKubernetes';
import { eventually } from '../../../__testUtils__/eventually';
import { applicationsWithOneInvalid } from '../../../__testUtils__/invalidApplication';
import { KubernetesApplicationSource } from './KubernetesApplicationSource';

describe('KubernetesApplicationSource', () => {
  let cluster: LoopbackKubernetes;
  let source: KubernetesApplicationSource | undefined;
  const logger = mockServices.logger.mock();

  beforeEach(async () => {
    cluster = await startLoopbackKubernetes({
      applications: platformApplications,
    });
  });
  afterEach(async () => {
    await source?.stop();
    source = undefined;
    await cluster.stop();
  });

  const create = (overrides: { token?: string; timeoutMs?: number } = {}) => {
    source = new KubernetesApplicationSource({
      name: 'base-layer',
      url: cluster.url,
      token: overrides.token ?? cluster.token,
      namespace: 'argocd',
      // The client only talks plain http to a server when TLS checks are off.
      skipTLSVerify: true,
      timeoutMs: overrides.timeoutMs ?? 2000,
      restartBaseDelayMs: 20,
      logger,
    });
    return source;
  };

  it('lists once, then serves reads from the watch without more requests', async () => {
    const reader = create();
    const first = await reader.read();
    // platform-ui lives in another namespace and is not listed here.
    expect(first.applications.map(a => a.metadata.name).sort()).toEqual(
      platformApplications
        .filter(a => a.metadata.namespace === 'argocd')
        .map(a => a.metadata.name)
        .sort(),
    );
    await reader.read();
    await reader.read();
    expect(cluster.requests.list).toBe(1);
    await eventually(() => expect(cluster.requests.watch).toBe(1));
  });

  it('applies watch events and tells listeners', async () => {
    const reader = create();
    const changed = jest.fn();
    reader.onChange(changed);
    await reader.read();
    await eventually(() => expect(cluster.requests.watch).toBe(1));
    changed.mockClear();

    cluster.upsert(
      buildApplication({ name: 'vault', wave: 0, health: 'Degraded' }),
    );
    cluster.remove('logging');
    await eventually(async () => {
      const { applications } = await reader.read();
      expect(
        applications.find(a => a.metadata.name === 'vault')?.status?.health
          ?.status,
      ).toBe('Degraded');
      expect(
        applications.find(a => a.metadata.name === 'logging'),
      ).toBeUndefined();
    });
    expect(changed).toHaveBeenCalled();
    expect(cluster.requests.list).toBe(1);
  });

  it('reports invalid applications per object and keeps the others', async () => {
    const invalid = applicationsWithOneInvalid();
    await cluster.stop();
    cluster = await startLoopbackKubernetes({
      applications: invalid.applications,
    });
    const reader = create();
    const listed = await reader.read();
    expect(listed.applications.map(a => a.metadata.name)).toEqual(
      invalid.validNames,
    );
    expect(listed.problems).toEqual([invalid.problem]);
    await eventually(() => expect(cluster.requests.watch).toBe(1));

    // A watch event fixes one object and breaks another.
    cluster.upsert(buildApplication({ name: 'broken' }));
    const bad = buildApplication({ name: 'vault' });
    (bad.metadata.labels as Record<string, unknown>)['base-layer.io/wave'] = 2;
    cluster.upsert(bad);
    await eventually(async () => {
      const { applications, problems } = await reader.read();
      expect(applications.map(a => a.metadata.name).sort()).toEqual([
        'broken',
        'logging',
      ]);
      expect(problems).toEqual([
        {
          location: 'argocd/vault',
          message:
            'Invalid Application "vault": metadata.labels.base-layer.io/wave must be a string; skipped',
        },
      ]);
    });
  });

  it('resumes the watch after the server ends it', async () => {
    const reader = create();
    await reader.read();
    await eventually(() => expect(cluster.requests.watch).toBe(1));
    cluster.closeWatches();
    await eventually(() => expect(cluster.requests.watch).toBe(2));
    cluster.upsert(buildApplication({ name: 'kubeflow', wave: 2 }));
    await eventually(async () => {
      const { applications } = await reader.read();
      expect(applications.map(a => a.metadata.name)).toContain('kubeflow');
    });
  });

  it('reports a rejected token', async () => {
    await expect(create({ token: 'wrong' }).read()).rejects.toThrow(
      "Kubernetes cluster 'base-layer' answered 401",
    );
  });

  it('reports a 500', async () => {
    cluster.setFailure({ kind: 'status', status: 500 });
    await expect(create().read()).rejects.toThrow(
      "Kubernetes cluster 'base-layer' answered 500",
    );
  });

  it('times out a server that is too slow', async () => {
    cluster.setFailure({ kind: 'slow', delayMs: 1000 });
    await expect(create({ timeoutMs: 100 }).read()).rejects.toThrow(
      "Kubernetes cluster 'base-layer' did not answer within 100 ms",
    );
  });

  it('rejects malformed JSON', async () => {
    cluster.setFailure({ kind: 'malformed' });
    await expect(create().read()).rejects.toThrow(/malformed JSON/);
  });

  it('reports a cluster that is down, then recovers with backoff', async () => {
    const url = cluster.url;
    await cluster.stop();
    const reader = create();
    await expect(reader.read()).rejects.toThrow(
      "Kubernetes cluster 'base-layer' is unreachable",
    );
    cluster = await startLoopbackKubernetes({
      applications: platformApplications,
      port: Number(new URL(url).port),
    });
    await eventually(async () => {
      const { applications } = await reader.read();
      expect(applications.length).toBeGreaterThan(0);
    });
  });

  it('stops at once when its cluster went away, as on a shutdown', async () => {
    const reader = create();
    await reader.read();
    await cluster.stop();
    // The watch breaks and the source starts retrying with backoff.
    await new Promise(resolve => setTimeout(resolve, 300));
    const started = Date.now();
    await reader.stop();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

import { buildModuleWorkloads, modulePodNames } from './workloads';
import {
  LoopbackKubernetesWorkloads,
  matchesLabelSelector,
  startLoopbackKubernetesWorkloads,
} from './loopbackKubernetesWorkloads';

describe('startLoopbackKubernetesWorkloads', () => {
  let cluster: LoopbackKubernetesWorkloads;
  beforeAll(async () => {
    cluster = await startLoopbackKubernetesWorkloads({
      objects: [
        ...buildModuleWorkloads('data-ingestion'),
        ...buildModuleWorkloads('data-control', { replicas: 3 }),
      ],
    });
  });
  afterAll(() => cluster.stop());

  const list = async (path: string, token = cluster.token) => {
    const res = await fetch(`${cluster.url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, body: await res.json() };
  };
  const names = (body: any) => body.items.map((i: any) => i.metadata.name);

  it("lists a module's pods by namespace and label selector", async () => {
    const selector = encodeURIComponent(
      'app.kubernetes.io/name=data-ingestion',
    );
    const { status, body } = await list(
      `/api/v1/namespaces/base-data-ingestion/pods?labelSelector=${selector}`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ apiVersion: 'v1', kind: 'PodList' });
    expect(names(body)).toEqual(modulePodNames('data-ingestion'));
    expect(cluster.requests.queries).toContainEqual({
      path: '/api/v1/namespaces/base-data-ingestion/pods',
      labelSelector: 'app.kubernetes.io/name=data-ingestion',
    });
  });

  it('lists across namespaces and filters on any label', async () => {
    const all = await list('/apis/apps/v1/deployments');
    expect(names(all.body)).toEqual(['data-ingestion', 'data-control']);

    const control = await list(
      `/apis/apps/v1/replicasets?labelSelector=${encodeURIComponent(
        'backstage.io/kubernetes-id=data-control',
      )}`,
    );
    expect(control.body.kind).toBe('ReplicaSetList');
    expect(control.body.items).toHaveLength(1);
    expect(control.body.items[0].status.replicas).toBe(3);

    const none = await list(
      '/apis/apps/v1/namespaces/base-data-ingestion/deployments?labelSelector=app.kubernetes.io/name%3Ddata-control',
    );
    expect(none.body.items).toEqual([]);
  });

  it('serves pod metrics and empty lists for kinds it holds none of', async () => {
    const metrics = await list(
      '/apis/metrics.k8s.io/v1beta1/namespaces/base-data-control/pods',
    );
    expect(metrics.body.kind).toBe('PodMetricsList');
    expect(names(metrics.body)).toEqual(modulePodNames('data-control', 3));

    const cronJobs = await list('/apis/batch/v1/cronjobs');
    expect(cronJobs).toEqual({
      status: 200,
      body: expect.objectContaining({ kind: 'CronJobList', items: [] }),
    });
  });

  it('answers like an API server to a bad token, an unknown resource and a set-based selector', async () => {
    expect((await list('/api/v1/pods', 'wrong')).body).toMatchObject({
      kind: 'Status',
      code: 401,
    });
    expect(await list('/api/v1/secrets')).toMatchObject({
      status: 404,
      body: { kind: 'Status', reason: 'NotFound' },
    });
    expect(
      await list(
        `/api/v1/pods?labelSelector=${encodeURIComponent(
          'app.kubernetes.io/name in (a,b)',
        )}`,
      ),
    ).toMatchObject({ status: 400, body: { reason: 'BadRequest' } });
  });
});

describe('matchesLabelSelector', () => {
  const labels = { app: 'data-ingestion', tier: 'backend' };

  it.each([
    ['', true],
    ['app=data-ingestion', true],
    ['app==data-ingestion,tier=backend', true],
    ['app=data-control', false],
    ['app!=data-control', true],
    ['tier', true],
    ['!tier', false],
    ['!canary', true],
    ['app=data-ingestion,canary', false],
  ])('%j matches: %s', (selector, expected) => {
    expect(matchesLabelSelector(labels, selector)).toBe(expected);
  });
});

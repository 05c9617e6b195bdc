import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  buildModuleWorkloads,
  LoopbackKubernetesWorkloads,
  modulePodNames,
  startLoopbackKubernetesWorkloads,
} from '@internal/plugin-base-layer-backend/testUtils';
import { parseAllDocuments, stringify } from 'yaml';

/**
 * The Kubernetes tab's backend as production configures it: the `kubernetes`
 * section of app-config.production.yaml, its clusters pointed (through their
 * environment variables) at loopback API servers, and the catalog's real
 * data-ingestion entity.
 */

const REPO = path.resolve(__dirname, '../../..');
const CLUSTER_ENV = [
  'K8S_BASE_LAYER_URL',
  'K8S_BASE_LAYER_TOKEN',
  'K8S_PLATFORM_SERVICES_URL',
  'K8S_PLATFORM_SERVICES_TOKEN',
];

const dataIngestion = parseAllDocuments(
  readFileSync(path.join(REPO, 'catalog/base-modules.yaml'), 'utf8'),
)
  .map(d => d.toJS())
  .find(e => e.metadata.name === 'data-ingestion');

describe('the Kubernetes tab on app-config.production.yaml', () => {
  jest.setTimeout(60_000);
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const mockDir = createMockDirectory();
  let baseLayer: LoopbackKubernetesWorkloads;
  let platformServices: LoopbackKubernetesWorkloads;
  let url: string;

  beforeAll(async () => {
    baseLayer = await startLoopbackKubernetesWorkloads({
      token: 'base-layer-token',
      objects: [
        ...buildModuleWorkloads('data-ingestion'),
        ...buildModuleWorkloads('data-control'),
      ],
    });
    platformServices = await startLoopbackKubernetesWorkloads({
      token: 'platform-services-token',
      objects: [],
    });
    Object.assign(process.env, {
      K8S_BASE_LAYER_URL: baseLayer.url,
      K8S_BASE_LAYER_TOKEN: baseLayer.token,
      K8S_PLATFORM_SERVICES_URL: platformServices.url,
      K8S_PLATFORM_SERVICES_TOKEN: platformServices.token,
    });
    // Only the catalog differs from production: one entity from a file.
    mockDir.setContent({
      'catalog.yaml': stringify(dataIngestion),
      'app-config.test.yaml': stringify({
        catalog: {
          processingInterval: { seconds: 1 },
          rules: [{ allow: ['Component'] }],
          locations: [
            { type: 'file', target: mockDir.resolve('catalog.yaml') },
          ],
        },
      }),
    });

    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        kubernetesPlugin,
        rootConfigServiceFactory({
          argv: [
            'node',
            'packages/backend',
            '--config',
            path.join(REPO, 'app-config.production.yaml'),
            '--config',
            mockDir.resolve('app-config.test.yaml'),
          ],
          watch: false,
        }),
        mockServices.database.factory({
          knex: await databases.init('SQLITE_3'),
        }),
      ],
    });
    const { port } = backend.server.address() as { port: number };
    url = `http://localhost:${port}`;
  });

  afterAll(async () => {
    for (const name of CLUSTER_ENV) delete process.env[name];
    await Promise.all([baseLayer?.stop(), platformServices?.stop()]);
  });

  /** What the frontend's Kubernetes tab asks for, once the catalog has the entity. */
  async function objectsByEntity() {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await fetch(`${url}/api/kubernetes/services/data-ingestion`, {
        method: 'POST',
        headers: {
          authorization: mockCredentials.user.header(),
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          entity: {
            apiVersion: dataIngestion.apiVersion,
            kind: dataIngestion.kind,
            metadata: { name: 'data-ingestion', namespace: 'default' },
          },
          auth: {},
        }),
      });
      // 403 "Entity not found" until the catalog has processed the file.
      if (res.status !== 403 || Date.now() > deadline) {
        const body = await res.json();
        expect({ status: res.status, body }).toEqual({
          status: 200,
          body: expect.anything(),
        });
        return body;
      }
      await new Promise(resolve => setTimeout(resolve, 500));
    }
  }

  it("shows the module's Deployment, ReplicaSet and pods from the base-layer cluster only", async () => {
    const { items } = await objectsByEntity();

    // platform-services has nothing of the module, so it is left out.
    expect(items.map((i: any) => i.cluster.name)).toEqual(['base-layer']);
    const [cluster] = items;
    expect(cluster.errors).toEqual([]);
    const named = (type: string) =>
      cluster.resources
        .find((r: any) => r.type === type)
        .resources.map((o: any) => o.metadata.name);
    expect(named('deployments')).toEqual(['data-ingestion']);
    expect(named('replicasets')).toEqual([
      expect.stringMatching(/^data-ingestion-/),
    ]);
    expect(named('pods')).toEqual(modulePodNames('data-ingestion'));
    expect(named('horizontalpodautoscalers')).toEqual(['data-ingestion']);
    expect(named('cronjobs')).toEqual([]);
    expect(cluster.podMetrics).toHaveLength(2);
  });

  it("asks each cluster with the entity's label selector, in its namespace", async () => {
    baseLayer.requests.queries.length = 0;
    platformServices.requests.queries.length = 0;
    await objectsByEntity();

    const { annotations } = dataIngestion.metadata;
    for (const cluster of [baseLayer, platformServices]) {
      expect(cluster.requests.queries.length).toBeGreaterThan(0);
      for (const query of cluster.requests.queries) {
        expect(query).toEqual({
          path: expect.stringContaining(
            `/namespaces/${annotations['backstage.io/kubernetes-namespace']}/`,
          ),
          labelSelector: annotations['backstage.io/kubernetes-label-selector'],
        });
      }
    }
  });
});

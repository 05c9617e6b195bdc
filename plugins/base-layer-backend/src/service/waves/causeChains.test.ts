import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import {
  Entity,
  parseEntityRef,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ApplicationStatus,
  CauseChain,
  SourceStatus,
} from '@internal/plugin-base-layer-common';
import { parseAllDocuments } from 'yaml';
import { DEMO_SNAPSHOT_FILE } from '../../__testUtils__/demoSnapshot';
import { CatalogEntityIndex } from '../catalog/CatalogEntityIndex';
import { parseSnapshot } from '../sources/snapshot/parseSnapshot';
import { platformWaves } from '../../testUtils/applications';
import { CauseChains, DependencyNode } from './causeChains';
import { composeStatus } from './composeStatus';
import { computeWaves } from './computeWaves';

/** `name@wave`, Synced and Healthy from source `cluster`, of entity `component:default/<name>`. */
function app(
  spec: string,
  overrides: Partial<ApplicationStatus> = {},
): ApplicationStatus {
  const [name, wave] = spec.split('@');
  return {
    source: 'cluster',
    name,
    namespace: 'argocd',
    project: 'base-layer',
    wave: wave === undefined ? null : Number(wave),
    sync: 'Synced',
    health: 'Healthy',
    sources: [],
    destination: {},
    conditions: [],
    entityRef: `component:default/${name}`,
    ...overrides,
  };
}

const degraded: Partial<ApplicationStatus> = {
  health: 'Degraded',
  conditions: [{ type: 'SyncError', message: 'vault is sealed' }],
  operationPhase: 'Failed',
  operationStartedAt: '2026-12-06T12:03:00Z',
};

/** A catalog of Components deployed by Argo CD: `name -> dependencies`. */
function catalog(
  graph: Record<string, string[]>,
  resources: Record<string, string[]> = {},
) {
  const node = (name: string, deps: string[], deployed: boolean) => ({
    ref: name.includes(':') ? name : `component:default/${name}`,
    dependsOn: deps.map(d => (d.includes(':') ? d : `component:default/${d}`)),
    deployed,
  });
  const nodes = new Map<string, DependencyNode>(
    [
      ...Object.entries(graph).map(([n, d]) => node(n, d, true)),
      ...Object.entries(resources).map(([n, d]) => node(n, d, false)),
    ].map(n => [n.ref, n]),
  );
  return (ref: string) => nodes.get(ref) ?? null;
}

/** A chain as text: `vault Degraded` or `kind:ref`, joined by ` → `. */
const show = (chains: CauseChain[] | undefined) =>
  (chains ?? []).map(c =>
    c.links
      .map(l =>
        l.kind === 'application'
          ? `${l.name}@${l.source} ${l.evidence.sync}/${l.evidence.health}`
          : `${l.kind} ${
              l.kind === 'cycle' ? l.cycle.join(' > ') : l.entityRef
            }`,
      )
      .join(' → '),
  );

describe('CauseChains', () => {
  it('follows dependsOn to the root cause, with its evidence', () => {
    const apps = [
      app('vault@0', degraded),
      app('airflow@2', { health: 'Progressing', sync: 'OutOfSync' }),
      app('mlflow@2', { sync: 'OutOfSync' }),
    ];
    const chains = new CauseChains(
      apps,
      catalog({ vault: [], airflow: ['vault'], mlflow: ['airflow'] }),
    );

    expect(show(chains.forApplication(apps[2]))).toEqual([
      'airflow@cluster OutOfSync/Progressing → vault@cluster Synced/Degraded',
    ]);
    expect(chains.forApplication(apps[2])[0].links[1]).toEqual({
      kind: 'application',
      entityRef: 'component:default/vault',
      source: 'cluster',
      name: 'vault',
      evidence: {
        sync: 'Synced',
        health: 'Degraded',
        conditionType: 'SyncError',
        message: 'vault is sealed',
        operationPhase: 'Failed',
        operationStartedAt: '2026-12-06T12:03:00Z',
      },
    });
    // Vault waits on nothing: it is the root cause itself.
    expect(chains.forApplication(apps[0])).toEqual([]);
  });

  it('leaves Healthy applications and Healthy dependencies out', () => {
    const apps = [
      app('vault@0'),
      app('monitoring@1', { health: 'Degraded' }),
      app('mlflow@2', { sync: 'OutOfSync' }),
      app('airflow@2', degraded),
    ];
    const chains = new CauseChains(
      apps,
      catalog({ vault: [], monitoring: [], mlflow: ['vault'], airflow: [] }),
    );

    expect(chains.forApplication(apps[2])).toEqual([]);
    expect(chains.forApplication(apps[3])).toEqual([]);
  });

  it('reports a cycle in dependsOn and never loops', () => {
    const apps = [
      app('a@3', { sync: 'OutOfSync' }),
      app('b@3', { health: 'Progressing' }),
      app('c@3', { health: 'Progressing' }),
    ];
    const chains = new CauseChains(
      apps,
      catalog({ a: ['b'], b: ['c'], c: ['a'] }),
    );

    expect(show(chains.forApplication(apps[0]))).toEqual([
      'b@cluster Synced/Progressing → c@cluster Synced/Progressing → cycle component:default/a > component:default/b > component:default/c > component:default/a',
    ]);
    expect(show(chains.forApplication(apps[1]))[0]).toMatch(/cycle/);
  });

  it('reports a dependency with no catalog entity, and one with no application', () => {
    const apps = [app('mlflow@2', { sync: 'OutOfSync' })];
    const chains = new CauseChains(
      apps,
      catalog({ mlflow: ['ghost', 'vault'], vault: [] }),
    );

    expect(show(chains.forApplication(apps[0]))).toEqual([
      'missing-entity component:default/ghost',
      'not-deployed component:default/vault',
    ]);
  });

  it('follows a Resource without applications to what it depends on', () => {
    const apps = [
      app('crossplane@0', degraded),
      app('data-ingestion@3', { sync: 'OutOfSync' }),
    ];
    const chains = new CauseChains(
      apps,
      catalog(
        {
          crossplane: [],
          'data-ingestion': [
            'resource:default/postgresql',
            'resource:default/kafka',
          ],
        },
        {
          'resource:default/postgresql': ['crossplane'],
          'resource:default/kafka': [],
        },
      ),
    );

    expect(show(chains.forApplication(apps[1]))).toEqual([
      'entity resource:default/postgresql → crossplane@cluster Synced/Degraded',
    ]);
  });

  it('ends the chain at an application whose source is down', () => {
    const apps = [
      app('vault@0', degraded),
      app('monitoring@1', {
        source: 'mgmt',
        sync: 'Unknown',
        health: 'Unknown',
        error: 'answered 503',
      }),
      app('mlflow@2', { sync: 'OutOfSync' }),
    ];
    const chains = new CauseChains(
      apps,
      catalog({ vault: [], monitoring: ['vault'], mlflow: ['monitoring'] }),
    );

    const waitsOn = chains.forApplication(apps[2]);
    expect(show(waitsOn)).toEqual(['monitoring@mgmt Unknown/Unknown']);
    expect(waitsOn[0].links[0]).toMatchObject({
      evidence: { sourceError: 'answered 503' },
    });
  });

  it('names each source of an application deployed in two', () => {
    const apps = [
      app('vault@0'),
      app('vault@0', { source: 'dr', ...degraded }),
      app('mlflow@2', { sync: 'OutOfSync' }),
      app('mlflow@2', { source: 'dr', sync: 'OutOfSync' }),
    ];
    const chains = new CauseChains(
      apps,
      catalog({ vault: [], mlflow: ['vault'] }),
    );

    expect(show(chains.forApplication(apps[2]))).toEqual([
      'vault@dr Synced/Degraded',
    ]);
    expect(show(chains.forApplication(apps[3]))).toEqual([
      'vault@dr Synced/Degraded',
    ]);
  });

  it('keeps the wave-order reason of a Blocked wave and refines it', () => {
    const apps = [
      app('vault@0', degraded),
      app('monitoring@1', { health: 'Degraded' }),
      app('mlflow@2'),
      app('airflow@2'),
    ];
    const { waves } = computeWaves(
      platformWaves.slice(0, 3),
      apps,
      [] as SourceStatus[],
      catalog({
        vault: [],
        monitoring: [],
        mlflow: ['vault', 'monitoring'],
        airflow: ['vault'],
      }),
    );

    expect(waves[2]).toMatchObject({
      state: 'Blocked',
      blockedBy: 0,
      reason: 'Wave 0 (Core services) is Degraded',
    });
    expect(show(waves[2].waitsOn)).toEqual([
      'vault@cluster Synced/Degraded',
      'monitoring@cluster Synced/Degraded',
    ]);
    expect(waves[0].waitsOn).toBeUndefined();
  });
});

/** The demo platform's catalog, with the `dependsOn` relations the catalog derives. */
async function demoCatalog(): Promise<Entity[]> {
  const dir = resolve(DEMO_SNAPSHOT_FILE, '../../catalog');
  const files = (await readdir(dir)).filter(f => f.endsWith('.yaml'));
  const entities: Entity[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(
      await readFile(resolve(dir, file), 'utf8'),
    )) {
      const entity = doc.toJS() as Entity | null;
      if (!entity?.metadata || entity.kind === 'Location') {
        continue;
      }
      const dependsOn = (entity.spec?.dependsOn as string[] | undefined) ?? [];
      entities.push({
        ...entity,
        metadata: { namespace: 'default', ...entity.metadata },
        relations: dependsOn.map(ref => ({
          type: RELATION_DEPENDS_ON,
          targetRef: stringifyEntityRef(
            parseEntityRef(ref, { defaultNamespace: 'default' }),
          ),
        })),
      });
    }
  }
  return entities;
}

describe('cause chains on the demo platform', () => {
  it('explains what the wave-3 module waits on: vault', async () => {
    const entities = new CatalogEntityIndex({
      catalog: catalogServiceMock({ entities: await demoCatalog() }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    await entities.refresh();
    const snapshot = parseSnapshot(
      await readFile(DEMO_SNAPSHOT_FILE, 'utf8'),
      'demo.yaml',
    );
    const now = Date.parse('2026-12-06T12:00:00Z');

    const { document } = composeStatus({
      sources: [{ name: 'demo', type: 'snapshot' }],
      results: new Map([
        [
          'demo',
          {
            ok: true,
            at: now,
            result: {
              applications: snapshot.entries.map(e => e.application),
              problems: [],
            },
          },
        ],
      ]),
      entities,
      waves: platformWaves,
      now,
    });

    const wave3 = document.waves.find(w => w.id === 3)!;
    expect(wave3.reason).toBe('Wave 0 (Core services) is Degraded');
    const featureEngineering = wave3.applications.find(
      a => a.name === 'feature-engineering',
    )!;
    expect(show(featureEngineering.waitsOn)).toEqual([
      'vault@demo Synced/Degraded',
    ]);
    expect(featureEngineering.waitsOn![0].links[0]).toMatchObject({
      entityRef: 'component:default/vault',
      evidence: {
        health: 'Degraded',
        message: expect.stringContaining('Vault is sealed'),
        operationPhase: 'Succeeded',
        operationStartedAt: '2025-06-12T08:40:16Z',
      },
    });
    // Its Healthy neighbours carry no chain; the Blocked wave does.
    expect(wave3.applications.filter(a => a.waitsOn).map(a => a.name)).toEqual([
      'feature-engineering',
    ]);
    expect(show(wave3.waitsOn)).toEqual(['vault@demo Synced/Degraded']);
    // Kafka and PostgreSQL are catalog Resources, not missing entities.
    expect(JSON.stringify(document)).not.toMatch(/missing-entity|not-deployed/);
  });
});

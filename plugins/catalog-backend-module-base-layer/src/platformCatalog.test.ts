import { TestBackend } from '@backstage/backend-test-utils';
import {
  Entity,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { AlphaEntity } from '@backstage/catalog-model/alpha';
import path from 'node:path';
import {
  APP_CONFIG_WAVES,
  createTestDatabases,
  startCatalogBackend,
  waitFor,
} from './__testUtils__/startCatalogBackend';
import {
  BASE_MODULES,
  PLATFORM_ARGOCD_PROJECTS,
  PLATFORM_WAVE_MEMBERS,
} from '@internal/plugin-base-layer-common/testUtils';

/**
 * Acceptance test of catalog/: the platform of ../shared/DOMAIN.md, loaded
 * through the real catalog backend with this module.
 */

const CATALOG_FILE = path.resolve(__dirname, '../../../catalog/all.yaml');

/** The members of each wave, from DOMAIN.md's wave table. */
const WAVE_MEMBERS = PLATFORM_WAVE_MEMBERS;

/** DOMAIN.md's declared dependencies, as Component names. */
const DECLARED_DEPENDENCIES: Record<string, string[]> = {
  logging: ['vault'],
  'service-mesh': ['cert-manager'],
  mlflow: ['monitoring', 'vault'],
  kubeflow: ['monitoring', 'vault', 'service-mesh'],
  'argo-workflows': ['monitoring', 'vault'],
  'platform-ui': ['monitoring', 'airflow', 'vault'],
  'api-gateway': ['monitoring', 'airflow', 'vault'],
  'data-services': ['monitoring', 'airflow', 'vault'],
  // The portal reads Argo CD, signs in through Vault, is reached through an ALB.
  'data-platform-portal': ['argocd', 'vault', 'aws-load-balancer-controller'],
  ...Object.fromEntries(BASE_MODULES.map(m => [m, ['vault', 'monitoring']])),
};

const ARGOCD_PROJECTS = PLATFORM_ARGOCD_PROJECTS;

const componentRef = (name: string) => `component:default/${name}`;

function danglingRelations(entities: Entity[]): string[] {
  const refs = new Set(entities.map(e => stringifyEntityRef(e)));
  return entities.flatMap(entity =>
    (entity.relations ?? [])
      .filter(relation => !refs.has(relation.targetRef))
      .map(
        relation =>
          `${stringifyEntityRef(entity)} ${relation.type} ${
            relation.targetRef
          }`,
      ),
  );
}

describe('catalog/ loaded through the catalog backend', () => {
  jest.setTimeout(60_000);
  const databases = createTestDatabases();

  let backend: TestBackend;
  let entities: Entity[];
  let processingErrors: Awaited<
    ReturnType<typeof startCatalogBackend>
  >['processingErrors'];
  const byRef = (ref: string) =>
    entities.find(e => stringifyEntityRef(e) === ref);

  beforeAll(async () => {
    const started = await startCatalogBackend(CATALOG_FILE, databases);
    backend = started.backend;
    processingErrors = started.processingErrors;

    // Processing and stitching are eventually consistent: wait until every
    // module is there and every relation points at an entity that exists.
    entities = await waitFor(async () => {
      const current = await started.getEntities();
      const names = new Set(current.map(e => e.metadata.name));
      const complete =
        Object.values(WAVE_MEMBERS)
          .flat()
          .every(name => names.has(name)) &&
        current.every(e => e.relations !== undefined) &&
        danglingRelations(current).length === 0;
      return complete ? current : undefined;
    });
    // Let the catalog reprocess everything at least twice more, so the
    // dependency check has seen the wave of every entity.
    await new Promise(resolve => setTimeout(resolve, 3_000));
    entities = await started.getEntities();
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('processes every entity without errors', () => {
    expect(processingErrors).toEqual([]);
    expect(
      entities.filter(e => (e as AlphaEntity).status?.items?.length),
    ).toEqual([]);
  });

  it('has all 14 BASE modules under their exact names', () => {
    for (const name of BASE_MODULES) {
      const module = byRef(componentRef(name));
      expect(module).toMatchObject({
        kind: 'Component',
        spec: {
          type: 'service',
          system: 'system:default/base-layer',
          owner: expect.stringMatching(/^group:default\//),
        },
      });
    }
    expect(
      entities.filter(e => e.metadata.tags?.includes('base-module')),
    ).toHaveLength(BASE_MODULES.length);
  });

  it('resolves every relation', () => {
    expect(danglingRelations(entities)).toEqual([]);
  });

  it('models the domain, systems, groups and resources', () => {
    const refs = entities.map(e => stringifyEntityRef(e));
    expect(refs).toEqual(
      expect.arrayContaining([
        'domain:default/data-platform',
        ...[
          'platform-core',
          'shared-services',
          'orchestration',
          'base-layer',
          'applications',
          'aws-infrastructure',
        ].map(s => `system:default/${s}`),
        ...['admin', 'developer', 'data-scientist'].map(
          g => `group:default/${g}`,
        ),
        ...[
          'eks-platform-services',
          'eks-base-layer',
          'postgresql',
          'kafka',
          's3-raw-data',
          's3-processed-data',
          's3-ml-artifacts',
        ].map(r => `resource:default/${r}`),
      ]),
    );
    for (const system of entities.filter(e => e.kind === 'System')) {
      expect(system.spec?.domain).toBe('domain:default/data-platform');
    }
  });

  it('gives every module the annotations the plugins read', () => {
    for (const name of BASE_MODULES) {
      const underscored = name.replace(/-/g, '_');
      const module = byRef(componentRef(name))!;
      expect(module.metadata.labels).toEqual({ 'base-layer.io/wave': '3' });
      expect(module.metadata.annotations).toMatchObject({
        'base-layer.io/wave': '3',
        'argocd/app-name': name,
        'base-layer.io/argocd-project': 'base-layer',
        'backstage.io/kubernetes-id': name,
        'backstage.io/kubernetes-label-selector': `app.kubernetes.io/name=${name}`,
        'backstage.io/kubernetes-namespace': `base-${name}`,
        'base-layer.io/cluster': 'base-layer',
        'base-layer.io/overlays': 'aws,dev,prod',
        'base-layer.io/environments': 'dev,staging,prod',
        'base-layer.io/module-path': underscored,
        'base-layer.io/overlay-path': `platform-services/kustomize/base-layer/${name}/overlays`,
        'grafana/dashboard-selector': `tags @> '${name}'`,
        'base-layer.io/airflow-dag-ids': `${underscored}_orchestrator`,
        'base-layer.io/mlflow-experiment': name,
      });
    }
  });

  it('gives every platform service its wave, Argo CD app and Kubernetes data', () => {
    for (const [wave, members] of Object.entries(WAVE_MEMBERS)) {
      for (const name of members) {
        const annotations = byRef(componentRef(name))!.metadata.annotations!;
        expect(annotations['base-layer.io/wave']).toBe(wave);
        expect(annotations['argocd/app-name']).toBe(name);
        expect(ARGOCD_PROJECTS).toContain(
          annotations['base-layer.io/argocd-project'],
        );
        expect(annotations['backstage.io/kubernetes-namespace']).toBeTruthy();
        expect(['base-layer', 'platform-services']).toContain(
          annotations['base-layer.io/cluster'],
        );
      }
    }
  });

  it('encodes the dependencies DOMAIN.md declares', () => {
    for (const [name, dependencies] of Object.entries(DECLARED_DEPENDENCIES)) {
      const targets = byRef(componentRef(name))!
        .relations!.filter(r => r.type === RELATION_DEPENDS_ON)
        .map(r => r.targetRef);
      expect(targets).toEqual(
        expect.arrayContaining(dependencies.map(componentRef)),
      );
    }
  });

  it('links the modules that use Kafka, PostgreSQL and S3 to those resources', () => {
    const dependents = (resource: string) =>
      byRef(`resource:default/${resource}`)!
        .relations!.filter(r => r.type === 'dependencyOf')
        .map(r => r.targetRef);
    expect(dependents('kafka')).toEqual(
      expect.arrayContaining([componentRef('data-streaming')]),
    );
    expect(dependents('postgresql')).toEqual(
      expect.arrayContaining([componentRef('schema-contracts')]),
    );
    for (const name of BASE_MODULES) {
      const resources = byRef(componentRef(name))!.relations!.filter(
        r =>
          r.type === RELATION_DEPENDS_ON && r.targetRef.startsWith('resource:'),
      );
      expect(resources.length).toBeGreaterThan(0);
    }
  });

  it('has as many entities in each wave as the wave plan', () => {
    const waveOf = (e: Entity) =>
      e.metadata.annotations?.['base-layer.io/wave'];
    const counts: Record<string, number> = {};
    const labelMismatches: string[] = [];
    for (const entity of entities) {
      const wave = waveOf(entity);
      if (wave !== undefined) {
        counts[wave] = (counts[wave] ?? 0) + 1;
      }
      if (entity.metadata.labels?.['base-layer.io/wave'] !== wave) {
        labelMismatches.push(stringifyEntityRef(entity));
      }
    }
    expect(labelMismatches).toEqual([]);
    expect(counts).toEqual(
      Object.fromEntries(
        Object.entries(WAVE_MEMBERS).map(([w, members]) => [w, members.length]),
      ),
    );
    expect(Object.keys(counts).map(Number).sort()).toEqual(
      APP_CONFIG_WAVES.map(w => w.id),
    );
  });
});

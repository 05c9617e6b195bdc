import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { component } from '../../__testUtils__/entities';
import { CatalogEntityIndex, CatalogLoadRetry } from './CatalogEntityIndex';

const vault = component('vault', {
  'base-layer.io/wave': '0',
  'argocd/app-name': 'vault',
});
const airflow = component('airflow', {
  'base-layer.io/wave': '2',
  'argocd/app-name': 'airflow',
});

describe('CatalogEntityIndex', () => {
  let catalogItems: Entity[] | Error;
  /** Fake-clock times of the catalog reads, from the start. */
  let readsAt: number[];
  let startedAt: number;
  let catalog: ReturnType<typeof catalogServiceMock.mock>;
  const logger = mockServices.logger.mock();

  beforeEach(() => {
    jest.useFakeTimers();
    startedAt = Date.now();
    catalogItems = [];
    readsAt = [];
    catalog = catalogServiceMock.mock({
      getEntities: jest.fn(async () => {
        readsAt.push(Date.now() - startedAt);
        if (catalogItems instanceof Error) {
          throw catalogItems;
        }
        return { items: catalogItems };
      }),
    });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  const createIndex = (loadRetry?: CatalogLoadRetry) =>
    new CatalogEntityIndex({
      catalog,
      auth: mockServices.auth(),
      logger,
      missRefreshIntervalMs: 10_000,
      loadRetry,
    });

  it('re-reads an empty catalog on a doubling, capped backoff until it returns entities', async () => {
    const index = createIndex({
      initialDelayMs: 1_000,
      maxDelayMs: 4_000,
      settleMs: 0,
    });
    index.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(index.hasEntities).toBe(false);
    expect(index.loaded).toBe(false);

    await jest.advanceTimersByTimeAsync(15_000);
    expect(readsAt).toEqual([0, 1_000, 3_000, 7_000, 11_000, 15_000]);

    catalogItems = [vault];
    await jest.advanceTimersByTimeAsync(4_000);
    expect(readsAt).toHaveLength(7);
    expect(index.hasEntities).toBe(true);
    expect(index.loaded).toBe(true);
    expect(index.get('component:default/vault')?.wave).toBe(0);

    // Loaded: the scheduled refresh takes over, no more re-reading.
    await jest.advanceTimersByTimeAsync(120_000);
    expect(readsAt).toHaveLength(7);
  });

  it('keeps re-reading while the catalog cannot be read, and keeps the loaded entities after', async () => {
    catalogItems = new Error('503 Service has not started up yet');
    const index = createIndex({
      initialDelayMs: 1_000,
      maxDelayMs: 15_000,
      settleMs: 0,
    });
    index.start();
    await jest.advanceTimersByTimeAsync(3_000);
    expect(readsAt).toEqual([0, 1_000, 3_000]);
    expect(index.loaded).toBe(false);

    catalogItems = [vault];
    await jest.advanceTimersByTimeAsync(4_000);
    expect(index.hasEntities).toBe(true);

    // Once loaded, a failed or empty read never makes it unloaded again.
    catalogItems = new Error('catalog down');
    await index.refresh();
    expect(index.get('component:default/vault')).toBeDefined();
    catalogItems = [];
    await index.refresh();
    expect(index.loaded).toBe(true);
  });

  it('keeps re-reading while the catalog is still ingesting, until its entities stop changing', async () => {
    const index = createIndex({
      initialDelayMs: 1_000,
      maxDelayMs: 15_000,
      settleMs: 5_000,
    });
    index.start();
    await jest.advanceTimersByTimeAsync(500);
    catalogItems = [vault];
    await jest.advanceTimersByTimeAsync(1_000);
    // Some entities, but the catalog may still be ingesting others.
    expect(index.hasEntities).toBe(true);
    expect(index.loaded).toBe(false);
    catalogItems = [vault, airflow];
    await jest.advanceTimersByTimeAsync(60_000);
    // Each change restarts the backoff; loaded 5 s after the last change.
    expect(readsAt).toEqual([0, 1_000, 2_000, 3_000, 5_000, 9_000]);
    expect(index.loaded).toBe(true);
    expect(index.get('component:default/airflow')).toBeDefined();
  });

  it('reads again at once when started after an empty first read', async () => {
    const index = createIndex();
    await index.ensureLoaded();
    expect(readsAt).toEqual([0]);
    await jest.advanceTimersByTimeAsync(5_000);
    // Not started: no re-reading.
    expect(readsAt).toEqual([0]);

    catalogItems = [vault];
    index.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(readsAt).toEqual([0, 5_000]);
    expect(index.hasEntities).toBe(true);
  });

  it('takes the catalog as loaded but empty after the give-up time', async () => {
    const index = createIndex({
      initialDelayMs: 1_000,
      maxDelayMs: 10_000,
      giveUpAfterMs: 30_000,
    });
    index.start();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(readsAt).toEqual([0, 1_000, 3_000, 7_000, 15_000, 25_000, 35_000]);
    expect(index.hasEntities).toBe(false);
    expect(index.loaded).toBe(true);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('still has no BASE layer entities'),
      expect.anything(),
    );
  });

  it('stops re-reading when stopped', async () => {
    const index = createIndex();
    index.start();
    await jest.advanceTimersByTimeAsync(1_000);
    index.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(readsAt).toEqual([0, 1_000]);
  });

  it('tells its listeners of every read that changed the entities', async () => {
    const index = createIndex();
    const changed = jest.fn();
    index.onChange(changed);

    await index.refresh();
    expect(changed).not.toHaveBeenCalled();

    catalogItems = [vault];
    await index.refresh();
    expect(changed).toHaveBeenCalledTimes(1);
    await index.refresh();
    expect(changed).toHaveBeenCalledTimes(1);

    catalogItems = [vault, airflow];
    await index.refresh();
    expect(changed).toHaveBeenCalledTimes(2);

    catalogItems = [
      airflow,
      component('vault', {
        'base-layer.io/wave': '1',
        'argocd/app-name': 'vault',
      }),
    ];
    await index.refresh();
    expect(changed).toHaveBeenCalledTimes(3);

    catalogItems = new Error('catalog down');
    await index.refresh();
    expect(changed).toHaveBeenCalledTimes(3);
  });

  it('lets unknown refs re-read every initial backoff delay until loaded, then every miss interval', async () => {
    const index = createIndex({ initialDelayMs: 1_000, settleMs: 0 });
    expect(await index.refreshOnMiss()).toBe(true);
    expect(await index.refreshOnMiss()).toBe(false);
    expect(index.nextReadInMs()).toBe(1_000);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(await index.refreshOnMiss()).toBe(true);

    catalogItems = [vault];
    await jest.advanceTimersByTimeAsync(1_000);
    expect(await index.refreshOnMiss()).toBe(true);
    expect(index.loaded).toBe(true);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(await index.refreshOnMiss()).toBe(false);
    expect(index.nextReadInMs()).toBe(9_000);
    await jest.advanceTimersByTimeAsync(9_000);
    expect(await index.refreshOnMiss()).toBe(true);
  });
});

describe('CatalogEntityIndex.dependencyNode', () => {
  const dependsOn = (...refs: string[]) =>
    refs.map(targetRef => ({ type: 'dependsOn', targetRef }));

  it('reads the dependencies outside the index, and tells a missing entity', async () => {
    const postgresql: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'postgresql', namespace: 'default' },
      spec: { type: 'database', owner: 'platform' },
      relations: dependsOn('component:default/vault'),
    };
    const index = new CatalogEntityIndex({
      catalog: catalogServiceMock({
        entities: [
          vault,
          component(
            'mlflow',
            { 'base-layer.io/wave': '2', 'argocd/app-name': 'mlflow' },
            {
              relations: dependsOn(
                'component:default/vault',
                'resource:default/postgresql',
                'component:default/ghost',
              ),
            },
          ),
          postgresql,
        ],
      }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    await index.refresh();

    expect(index.dependencyNode('component:default/mlflow')).toEqual({
      ref: 'component:default/mlflow',
      dependsOn: [
        'component:default/vault',
        'resource:default/postgresql',
        'component:default/ghost',
      ],
      deployed: true,
    });
    expect(index.dependencyNode('resource:default/postgresql')).toEqual({
      ref: 'resource:default/postgresql',
      dependsOn: ['component:default/vault'],
      deployed: false,
    });
    expect(index.dependencyNode('component:default/ghost')).toBeNull();
    // Never depended on, never looked up.
    expect(index.dependencyNode('component:default/other')).toBeUndefined();
  });
});

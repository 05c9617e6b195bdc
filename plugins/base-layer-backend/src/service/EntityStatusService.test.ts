import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { platformApplications, platformWaves } from '../testUtils/applications';
import { component } from '../__testUtils__/entities';
import { CatalogEntityIndex } from './catalog/CatalogEntityIndex';
import {
  CatalogNotLoadedError,
  EntityStatusService,
} from './EntityStatusService';
import { ModuleLinkBuilder } from './tools/ModuleLinkBuilder';
import { ToolHealthService } from './tools/ToolHealthService';
import { WaveStatusService } from './waves/WaveStatusService';

const dataIngestion: Entity = component('data-ingestion', {
  'base-layer.io/wave': '3',
  'argocd/app-name': 'data-ingestion',
});

const otherModule: Entity = component('data-quality', {
  'base-layer.io/wave': '3',
  'argocd/app-name': 'data-quality',
});

/** A cache that holds nothing, so every read goes to the services under test. */
const emptyCache = () =>
  mockServices.cache.mock({
    get: jest.fn(async () => undefined),
    set: jest.fn(async () => {}),
  });

describe('EntityStatusService', () => {
  const logger = mockServices.logger.mock();
  let catalogItems: Entity[];
  let now: number;
  let catalog: ReturnType<typeof catalogServiceMock.mock>;
  let service: EntityStatusService;
  let deps: ConstructorParameters<typeof EntityStatusService>[0];

  beforeEach(() => {
    catalogItems = [];
    now = 1_000_000;
    catalog = catalogServiceMock.mock({
      getEntities: jest.fn(async () => ({ items: catalogItems })),
    });
    const entities = new CatalogEntityIndex({
      catalog,
      auth: mockServices.auth(),
      logger,
      missRefreshIntervalMs: 10_000,
      // Loaded at the first read with entities.
      loadRetry: { settleMs: 0 },
      now: () => now,
    });
    const waves = new WaveStatusService({
      sources: [
        {
          name: 'demo',
          type: 'snapshot',
          read: async () => ({
            applications: platformApplications,
            problems: [],
          }),
        },
      ],
      waves: platformWaves,
      entities,
      cache: emptyCache(),
      logger,
      readTimeoutMs: 5_000,
      staleAfterMs: 90_000,
    });
    deps = {
      waves,
      entities,
      links: new ModuleLinkBuilder({}),
      tools: new ToolHealthService({
        tools: {},
        cache: emptyCache(),
        logger,
        timeoutMs: 1_000,
        cacheTtlMs: 60_000,
      }),
      configuredEnvironments: [],
    };
    service = new EntityStatusService(deps);
  });

  it('answers 503 with a retry delay, not 404, while the catalog has none of its entities yet', async () => {
    // The engine starts before the catalog has ingested anything.
    const error = await service
      .getStatus('component:default/data-ingestion')
      .catch(e => e);
    expect(error).toBeInstanceOf(CatalogNotLoadedError);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toMatch(/^catalog not loaded yet/);
    expect(error.retryAfterSeconds).toBe(1);

    // Until loaded, an unknown ref re-reads the catalog every second.
    catalogItems = [dataIngestion];
    now += 1_000;
    const status = await service.getStatus('component:default/data-ingestion');
    expect(status.wave).toBe(3);
    expect(status.applications.map(a => a.name)).toEqual(['data-ingestion']);
  });

  it('finds a module registered after the last catalog read, with its applications', async () => {
    catalogItems = [otherModule];
    await expect(
      service.getStatus('component:default/data-ingestion'),
    ).rejects.toThrow(NotFoundError);

    catalogItems = [otherModule, dataIngestion];
    now += 10_000;
    const status = await service.getStatus('component:default/data-ingestion');
    expect(status.wave).toBe(3);
    expect(status.applications.map(a => a.name)).toEqual(['data-ingestion']);
  });

  it('reads the catalog for unknown entities at most once per interval', async () => {
    catalogItems = [otherModule];
    await service.getStatus('component:default/nope').catch(() => {});
    const reads = catalog.getEntities.mock.calls.length;
    for (let i = 0; i < 20; i++) {
      now += 100;
      await expect(service.getStatus('component:default/nope')).rejects.toThrow(
        /is not a BASE layer entity/,
      );
    }
    expect(catalog.getEntities.mock.calls.length).toBe(reads);
    now += 10_000;
    await service.getStatus('component:default/nope').catch(() => {});
    expect(catalog.getEntities.mock.calls.length).toBe(reads + 1);
  });

  describe('environments and overlays', () => {
    // Refused at once: no probe waits for a timeout.
    const tools = { dev: { mlflow: 'http://127.0.0.1:1' } };
    const warn = jest.fn();
    const withTools = () =>
      new EntityStatusService({
        ...deps,
        links: new ModuleLinkBuilder(tools),
        tools: new ToolHealthService({
          tools,
          cache: emptyCache(),
          logger,
          timeoutMs: 1_000,
          cacheTtlMs: 60_000,
        }),
        configuredEnvironments: ['dev'],
        logger: { ...logger, warn },
      });

    beforeEach(() => warn.mockReset());

    it('reads environments and overlays from their own annotations', async () => {
      catalogItems = [
        component('data-ingestion', {
          'base-layer.io/wave': '3',
          'argocd/app-name': 'data-ingestion',
          'base-layer.io/overlays': 'aws,dev,prod',
          'base-layer.io/environments': 'dev,staging,prod',
        }),
      ];
      const status = await withTools().getStatus(
        'component:default/data-ingestion',
      );
      expect(status.environments).toEqual(['dev', 'staging', 'prod']);
      expect(status.overlays).toEqual(['aws', 'dev', 'prod']);
      expect([...new Set(status.tools.map(t => t.environment))]).toEqual([
        'dev',
        'staging',
        'prod',
      ]);
      expect(
        status.tools.find(t => t.environment === 'dev' && t.tool === 'mlflow')
          ?.status,
      ).toBe('down');
      expect(warn).not.toHaveBeenCalled();
    });

    it('still reads the old annotation as overlays, warning once per entity', async () => {
      catalogItems = [
        component('data-ingestion', {
          'base-layer.io/wave': '3',
          'argocd/app-name': 'data-ingestion',
          'base-layer.io/environments': 'aws,dev,prod',
        }),
      ];
      const withWarnings = withTools();
      const status = await withWarnings.getStatus(
        'component:default/data-ingestion',
      );
      await withWarnings.getStatus('component:default/data-ingestion');
      expect(status.overlays).toEqual(['aws', 'dev', 'prod']);
      expect(status.environments).toEqual(['dev']);
      expect(status.tools.some(t => t.environment === 'aws')).toBe(false);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toMatch(/base-layer\.io\/overlays/);
    });
  });
});

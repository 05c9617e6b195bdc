import {
  AuthService,
  CacheService,
  DatabaseService,
  LifecycleService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  readWaveDefinitions,
  WAVE_STATUS_SIGNAL_CHANNEL,
  WaveStatusSignal,
} from '@internal/plugin-base-layer-common';
import { CatalogEntityIndex } from './catalog/CatalogEntityIndex';
import { EntityStatusService } from './EntityStatusService';
import { WaveHistoryStore } from './history/WaveHistoryStore';
import {
  BaseLayerOptions,
  EngineTimings,
  engineTimings,
  readBaseLayerOptions,
} from './options';
import { createApplicationSources } from './sources/createApplicationSources';
import { ModuleLinkBuilder } from './tools/ModuleLinkBuilder';
import { ToolHealthService } from './tools/ToolHealthService';
import { WaveStatusService } from './waves/WaveStatusService';

/** The engine's services, built once per plugin instance. */
export interface BaseLayerEngine {
  options: BaseLayerOptions;
  timings: EngineTimings;
  waves: WaveStatusService;
  entities: CatalogEntityIndex;
  entityStatus: EntityStatusService;
  history: WaveHistoryStore;
}

/**
 * Builds the engine from `baseLayer.*` config: its sources, the catalog
 * index, the wave status, tool health and the history store (which runs its
 * migrations).
 *
 * @throws BaseLayerConfigError naming the key of an invalid config value.
 */
export async function createBaseLayerEngine(deps: {
  config: RootConfigService;
  logger: LoggerService;
  auth: AuthService;
  cache: CacheService;
  database: DatabaseService;
  catalog: CatalogService;
  /** Announces status changes to the browsers; without it pages only poll. */
  signals?: SignalsService;
  /**
   * Starts loading the catalog index once the backend has started, and stops
   * it at shutdown. Without it, loading starts at once.
   */
  lifecycle?: LifecycleService;
}): Promise<BaseLayerEngine> {
  const { config, logger, cache } = deps;
  const options = readBaseLayerOptions(config);
  const waveDefinitions = readWaveDefinitions(config);
  const sources = createApplicationSources(config, {
    logger,
    timeoutMs: options.requestTimeoutMs,
  });
  logger.info('BASE layer engine configured', {
    waves: waveDefinitions.length,
    sources: sources.map(s => `${s.type}:${s.name}`).join(', '),
  });

  const history = await WaveHistoryStore.create(deps.database);
  const entities = new CatalogEntityIndex({
    catalog: deps.catalog,
    auth: deps.auth,
    logger,
  });
  const timings = engineTimings(options);
  const waves = new WaveStatusService({
    sources,
    waves: waveDefinitions,
    entities,
    cache,
    history,
    logger,
    readTimeoutMs: timings.readTimeoutMs,
    staleAfterMs: timings.staleAfterMs,
    onChange: deps.signals
      ? change =>
          deps.signals?.publish<WaveStatusSignal>({
            recipients: { type: 'broadcast' },
            channel: WAVE_STATUS_SIGNAL_CHANNEL,
            message: change,
          })
      : undefined,
  });
  const tools = new ToolHealthService({
    tools: options.tools,
    cache,
    logger,
    timeoutMs: options.requestTimeoutMs,
    cacheTtlMs: options.toolHealthCacheTtlMs,
    skipTlsVerify: options.toolsSkippingTlsVerify,
  });
  // The replica usually starts before the catalog has ingested its
  // locations: the index re-reads it on a short backoff until it holds
  // entities, and every read that changes them matches the applications at
  // once, from data already read.
  entities.onChange(() => {
    waves.recompute();
  });
  if (deps.lifecycle) {
    deps.lifecycle.addStartupHook(() => entities.start());
    deps.lifecycle.addShutdownHook(() => entities.stop());
  } else {
    entities.start();
  }
  const entityStatus = new EntityStatusService({
    waves,
    entities,
    links: new ModuleLinkBuilder(options.tools),
    tools,
    configuredEnvironments: Object.keys(options.tools),
    logger,
  });
  return { options, timings, waves, entities, entityStatus, history };
}

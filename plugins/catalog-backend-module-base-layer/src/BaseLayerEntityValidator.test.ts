import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessorResult,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { BaseLayerEntityValidator } from './BaseLayerEntityValidator';
import { EntityWaveIndex } from './EntityWaveIndex';
import { SCRIPT_URL } from './__testUtils__/hostileValues';

const location: LocationSpec = {
  type: 'file',
  target: '/catalog/platform.yaml',
};

const waves = [
  { id: 0, name: 'Core services' },
  { id: 1, name: 'Shared services' },
  { id: 2, name: 'Orchestration' },
  { id: 3, name: 'BASE layer' },
];

function component(
  name: string,
  options: {
    wave?: string;
    label?: string;
    dependsOn?: unknown;
    annotations?: Record<string, string>;
    links?: Array<{ url: string }>;
  } = {},
): Entity {
  const annotations: Record<string, string> = { ...options.annotations };
  if (options.wave !== undefined) {
    annotations['base-layer.io/wave'] = options.wave;
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations,
      ...(options.label !== undefined && {
        labels: { 'base-layer.io/wave': options.label },
      }),
      ...(options.links && { links: options.links }),
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/platform-team',
      ...(options.dependsOn !== undefined && { dependsOn: options.dependsOn }),
    },
  };
}

async function setup() {
  // The catalog's real cache service, in memory, as the module gets it.
  const cache = await ServiceFactoryTester.from(
    mockServices.cache.factory(),
  ).getSubject();
  jest.spyOn(cache, 'set');
  const logger = mockServices.logger.mock();
  const validator = new BaseLayerEntityValidator({
    waves,
    waveIndex: new EntityWaveIndex(cache),
    logger,
  });
  const process = async (entity: Entity) => {
    const results: CatalogProcessorResult[] = [];
    const output = await validator.postProcessEntity(entity, location, r =>
      results.push(r),
    );
    expect(output).toBe(entity);
    return results.map(r => {
      expect(r.type).toBe('error');
      return r.type === 'error' ? r.error.message : '';
    });
  };
  return { cache, logger, process };
}

describe('BaseLayerEntityValidator', () => {
  it('accepts a module in a declared wave with earlier dependencies', async () => {
    const { process } = await setup();
    expect(
      await process(component('vault', { wave: '0', label: '0' })),
    ).toEqual([]);
    expect(
      await process(
        component('data-ingestion', {
          wave: '3',
          label: '3',
          dependsOn: ['component:vault', 'resource:default/kafka'],
        }),
      ),
    ).toEqual([]);
  });

  it('ignores entities without BASE layer annotations', async () => {
    const { process, cache } = await setup();
    expect(
      await process(component('portal', { links: [{ url: SCRIPT_URL }] })),
    ).toEqual([]);
    expect(cache.set).not.toHaveBeenCalled();
  });

  it('reports a wave that baseLayer.waves does not declare', async () => {
    const { process } = await setup();
    expect(await process(component('late', { wave: '9' }))).toEqual([
      'component:default/late is in wave 9 (metadata.annotations["base-layer.io/wave"]), which baseLayer.waves does not declare (declared: 0, 1, 2, 3)',
    ]);
  });

  it('reports a wave that is not a number', async () => {
    const { process } = await setup();
    const [message] = await process(component('odd', { wave: 'three' }));
    expect(message).toContain('component:default/odd');
    expect(message).toContain('metadata.annotations["base-layer.io/wave"]');
  });

  it('reports a wave label that disagrees with the annotation', async () => {
    const { process } = await setup();
    expect(await process(component('a', { wave: '1', label: '2' }))).toEqual([
      'component:default/a has metadata.labels["base-layer.io/wave"] "2" but metadata.annotations["base-layer.io/wave"] "1"; they must name the same wave',
    ]);
    expect(await process(component('b', { label: '2' }))).toEqual([
      'component:default/b has the label metadata.labels["base-layer.io/wave"] "2" but no metadata.annotations["base-layer.io/wave"]; set both to the same wave',
    ]);
  });

  it('reports an inverted dependency naming both entities and the field', async () => {
    const { process } = await setup();
    await process(component('data-ingestion', { wave: '3' }));
    expect(
      await process(
        component('vault', {
          wave: '0',
          dependsOn: [
            'component:default/cert-manager',
            'component:data-ingestion',
          ],
        }),
      ),
    ).toEqual([
      'Inverted dependency: component:default/vault is in wave 0 but its spec.dependsOn[1] names component:default/data-ingestion, which is in the later wave 3; an entity may only depend on entities in its own or an earlier wave',
    ]);
  });

  it('resolves dependsOn refs in the entity namespace, case-insensitively', async () => {
    const { process } = await setup();
    const late = component('Late', { wave: '2' });
    late.metadata.namespace = 'team-a';
    await process(late);
    const early = component('early', {
      wave: '1',
      dependsOn: ['component:late'],
    });
    early.metadata.namespace = 'team-a';
    const [message] = await process(early);
    expect(message).toContain('component:team-a/late');
  });

  it('skips dependencies whose wave is not known yet', async () => {
    const { process } = await setup();
    expect(
      await process(
        component('vault', { wave: '0', dependsOn: ['component:unseen'] }),
      ),
    ).toEqual([]);
  });

  it('forgets the wave of an entity that drops it', async () => {
    const { process } = await setup();
    await process(component('monitoring', { wave: '2' }));
    await process(
      component('monitoring', {
        annotations: { 'base-layer.io/cluster': 'platform-services' },
      }),
    );
    expect(
      await process(
        component('vault', { wave: '0', dependsOn: ['component:monitoring'] }),
      ),
    ).toEqual([]);
  });

  it('ignores malformed dependsOn entries instead of throwing', async () => {
    const { process } = await setup();
    expect(
      await process(component('a', { wave: '1', dependsOn: [42, 'no-kind'] })),
    ).toEqual([]);
    expect(
      await process(component('b', { wave: '1', dependsOn: 'not-a-list' })),
    ).toEqual([]);
  });

  it('reports unsafe link data', async () => {
    const { process } = await setup();
    expect(
      await process(
        component('data-ingestion', {
          wave: '3',
          links: [{ url: SCRIPT_URL }],
          annotations: {
            'base-layer.io/mlflow-experiment': 'data:text/html,x',
          },
        }),
      ),
    ).toEqual([
      `component:default/data-ingestion has unsafe link data in metadata.links[0].url: "${SCRIPT_URL}" is not an http(s) URL`,
      'component:default/data-ingestion has unsafe link data in metadata.annotations["base-layer.io/mlflow-experiment"]: "data:text/html,x" is not an http(s) URL or a plain identifier',
    ]);
  });

  it('logs and carries on when the wave index fails', async () => {
    const cache = mockServices.cache.mock({
      set: jest.fn().mockRejectedValue(new Error('cache down')),
    });
    const logger = mockServices.logger.mock();
    const validator = new BaseLayerEntityValidator({
      waves,
      waveIndex: new EntityWaveIndex(cache),
      logger,
    });
    const entity = component('vault', { wave: '0' });
    const emit = jest.fn();
    await expect(
      validator.postProcessEntity(entity, location, emit),
    ).resolves.toBe(entity);
    expect(emit).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('cache down'),
      { entity: 'component:default/vault' },
    );
  });
});

import { Entity } from '@backstage/catalog-model';
import { ExtensionDefinition } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import { BaseLayerApi, baseLayerApiRef } from './api';
import plugin, {
  baseLayerPage,
  entityHealthCard,
  entityHistoryCard,
  entityLinksCard,
  entityModuleCard,
  entityWavesContent,
} from './plugin';
import {
  makeEntityStatus,
  makeSystem,
  makeWavesResponse,
  moduleEntity,
} from './__testUtils__/fixtures';

const api: Partial<BaseLayerApi> = {
  getWaves: async () => makeWavesResponse(),
  getEntityStatus: async () => makeEntityStatus(),
  getEntityHistory: async () => ({ items: [] }),
  getHistory: async () => ({ items: [] }),
};
const apis = [[baseLayerApiRef, api]] as const;

const system = makeSystem(['data-ingestion']);

describe('base-layer plugin', () => {
  it('declares its extensions', () => {
    expect(plugin.id).toBe('base-layer');
    expect(plugin.getExtension('page:base-layer')).toBeDefined();
    expect(
      plugin.getExtension('entity-content:base-layer/waves'),
    ).toBeDefined();
    expect(plugin.getExtension('entity-card:base-layer/module')).toBeDefined();
    expect(plugin.getExtension('entity-card:base-layer/links')).toBeDefined();
    expect(plugin.getExtension('entity-card:base-layer/history')).toBeDefined();
    expect(plugin.getExtension('entity-card:base-layer/health')).toBeDefined();
    expect(plugin.getExtension('api:base-layer')).toBeDefined();
  });

  it('renders the Waves page', async () => {
    await renderInTestApp(
      createExtensionTester(baseLayerPage, {
        config: { refreshIntervalSeconds: 0 },
      }).reactElement(),
      { apis },
    );
    expect(
      await screen.findByText('Wave 0 · Core services', {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(screen.getByText(/auto-refresh is off/)).toBeInTheDocument();
  });

  it('renders the Waves tab of a System', async () => {
    const element = createExtensionTester(entityWavesContent).reactElement();
    await renderInTestApp(
      <EntityProvider entity={system}>{element}</EntityProvider>,
      { apis },
    );
    expect(
      await screen.findByText('Wave 3 · BASE layer', {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(screen.getByText(/refreshes every 15 s/)).toBeInTheDocument();
    expect(
      screen.queryByText('Wave 0 · Core services'),
    ).not.toBeInTheDocument();
  });

  const cards: Array<[ExtensionDefinition<any>, string]> = [
    [entityModuleCard, 'Module'],
    [entityLinksCard, 'Links'],
    [entityHealthCard, 'Argo CD sync, health and last operation'],
    [entityHistoryCard, "Sync and health changes of the module's applications"],
  ];
  it.each(cards)(
    'renders the %s card on a BASE module only',
    async (card, title) => {
      const tester = createExtensionTester(card);
      const filter = tester.get(
        EntityCardBlueprint.dataRefs.filterFunction,
      ) as (entity: Entity) => boolean;
      expect(filter(moduleEntity)).toBe(true);
      expect(filter(system)).toBe(false);

      await renderInTestApp(
        <EntityProvider entity={moduleEntity}>
          {tester.reactElement()}
        </EntityProvider>,
        { apis },
      );
      expect(
        await screen.findByText(title, {}, { timeout: 5000 }),
      ).toBeInTheDocument();
    },
  );
});

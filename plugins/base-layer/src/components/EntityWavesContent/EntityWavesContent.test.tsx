import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { BaseLayerApi, baseLayerApiRef } from '../../api';
import {
  makeApplication,
  makeSystem,
  makeWave,
  makeWavesResponse,
} from '../../__testUtils__/fixtures';
import { EntityWavesContent } from './EntityWavesContent';

const system = makeSystem(['data-ingestion', 'data-quality']);

/** Wave 0, holding none of the system's components. */
const coreServices = () =>
  makeWave({
    id: 0,
    name: 'Core services',
    applications: [makeApplication({ name: 'vault' })],
  });

function renderWith(api: Partial<BaseLayerApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[baseLayerApiRef, api]]}>
      <EntityProvider entity={system}>
        <EntityWavesContent />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityWavesContent', () => {
  it("shows only the waves holding the system's components", async () => {
    await renderWith({
      getWaves: async () =>
        makeWavesResponse({
          waves: [
            coreServices(),
            makeWave({
              id: 3,
              name: 'BASE layer',
              state: 'Blocked',
              reason: 'Wave 2 (Orchestration) is Degraded',
              applications: [
                makeApplication({
                  name: 'data-ingestion',
                  entityRef: 'component:default/data-ingestion',
                }),
                makeApplication({
                  name: 'data-quality',
                  entityRef: 'component:default/data-quality',
                  health: 'Degraded',
                }),
                makeApplication({
                  name: 'other-team-app',
                  entityRef: 'component:default/other-team-app',
                }),
              ],
            }),
          ],
        }),
    });
    expect(await screen.findByText('Wave 3 · BASE layer')).toBeInTheDocument();
    expect(screen.getByText('1/2 healthy')).toBeInTheDocument();
    expect(screen.getByText('Blocked')).toBeInTheDocument();
    expect(
      screen.queryByText('Wave 0 · Core services'),
    ).not.toBeInTheDocument();
  });

  it('explains when no component is in a wave', async () => {
    await renderWith({
      getWaves: async () =>
        makeWavesResponse({
          waves: [coreServices()],
        }),
    });
    expect(
      await screen.findByText('No component of this system is in a wave'),
    ).toBeInTheDocument();
  });
});

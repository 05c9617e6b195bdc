import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { BaseLayerApi, baseLayerApiRef } from '../../api';
import { WavesPage } from './WavesPage';

function renderWith(api: Partial<BaseLayerApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[baseLayerApiRef, api]]}>
      <WavesPage />
    </TestApiProvider>,
  );
}

describe('WavesPage', () => {
  it('lists the waves the backend reports', async () => {
    await renderWith({
      getWaves: async () =>
        ({
          waves: [
            { id: 0, name: 'Core services' },
            { id: 3, name: 'BASE layer' },
          ],
        } as any),
    });
    expect(await screen.findByText('Core services')).toBeInTheDocument();
    expect(
      screen.getByText('BASE layer', { selector: 'td *, td' }),
    ).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    await renderWith({
      getWaves: async () => {
        throw new Error('base-layer backend unreachable');
      },
    });
    expect(
      (await screen.findAllByText(/base-layer backend unreachable/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});

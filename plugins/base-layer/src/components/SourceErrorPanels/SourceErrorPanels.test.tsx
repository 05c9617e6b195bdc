import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { SourceErrorPanels } from './SourceErrorPanels';

describe('SourceErrorPanels', () => {
  it('names each failing source and its error', async () => {
    await renderInTestApp(
      <SourceErrorPanels
        sources={[
          { name: 'base-layer', type: 'kubernetes', ok: true, stale: false },
          {
            name: 'argocd-prod',
            type: 'argocd',
            ok: false,
            stale: true,
            error: 'connect ECONNREFUSED',
          },
          {
            name: 'snapshot',
            type: 'snapshot',
            ok: true,
            stale: false,
            problems: [
              { location: 'apps/broken.yaml', message: 'not an Application' },
            ],
          },
        ]}
      />,
    );
    expect(
      screen.getByText(/Source argocd-prod \(argocd\) could not be read/),
    ).toBeInTheDocument();
    expect(screen.getByText(/connect ECONNREFUSED/)).toBeInTheDocument();
    expect(
      screen.getByText(/Source snapshot \(snapshot\) reported 1 problem/),
    ).toBeInTheDocument();
    expect(screen.getByText('apps/broken.yaml')).toBeInTheDocument();
    expect(screen.queryByText(/base-layer/)).not.toBeInTheDocument();
  });
});

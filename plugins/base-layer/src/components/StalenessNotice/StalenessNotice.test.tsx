import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { StalenessNotice } from './StalenessNotice';

describe('StalenessNotice', () => {
  it('says how old stale data is', async () => {
    await renderInTestApp(
      <StalenessNotice
        stale
        ageSeconds={600}
        sources={[
          {
            name: 'argocd-prod',
            type: 'argocd',
            ok: false,
            stale: true,
            ageSeconds: 600,
          },
        ]}
      />,
    );
    expect(screen.getByText(/Stale data from argocd-prod/)).toBeInTheDocument();
    expect(screen.getByText(/argocd-prod \(10m old\)/)).toBeInTheDocument();
  });

  it('says how old the snapshot is when no source is to blame', async () => {
    await renderInTestApp(<StalenessNotice stale ageSeconds={600} />);
    expect(
      screen.getByText(/Stale data: last refreshed 10m ago/),
    ).toBeInTheDocument();
  });

  it('renders nothing for fresh data', async () => {
    await renderInTestApp(<StalenessNotice stale={false} ageSeconds={3} />);
    expect(screen.queryByText(/Stale data/)).not.toBeInTheDocument();
  });
});

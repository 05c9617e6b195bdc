import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { makeApplication } from '../../__testUtils__/fixtures';
import { UnassignedApplications } from './UnassignedApplications';

describe('UnassignedApplications', () => {
  it('lists each application in no wave with why', async () => {
    await renderInTestApp(
      <UnassignedApplications
        applications={[
          makeApplication({
            name: 'stray',
            wave: null,
            unassignedReason: {
              kind: 'no-wave',
              message: 'No base-layer.io/wave label',
            },
          }),
          makeApplication({
            name: 'typo',
            wave: null,
            health: 'Degraded',
            unassignedReason: {
              kind: 'invalid-wave',
              value: 'three',
              message: "Label base-layer.io/wave is 'three', not a wave number",
            },
          }),
          makeApplication({
            name: 'pre-sync',
            wave: null,
            unassignedReason: {
              kind: 'unconfigured-wave',
              wave: -1,
              message: 'Sync-wave -1 is before the first wave',
            },
          }),
        ]}
      />,
    );
    expect(screen.getByText('Not in any wave (3)')).toBeInTheDocument();
    const row = (name: string) => within(screen.getByText(name).closest('tr')!);
    expect(row('stray').getByText('No wave label')).toBeInTheDocument();
    expect(
      row('typo').getByText("Invalid wave label 'three'"),
    ).toBeInTheDocument();
    expect(row('typo').getByText('Degraded')).toBeInTheDocument();
    expect(
      row('pre-sync').getByText('Wave -1 is not in the plan'),
    ).toBeInTheDocument();
    expect(
      row('pre-sync').getByText('Sync-wave -1 is before the first wave'),
    ).toBeInTheDocument();
  });

  it('shows nothing when every application is in a wave', async () => {
    await renderInTestApp(<UnassignedApplications applications={[]} />);
    expect(screen.queryByText(/Not in any wave/)).not.toBeInTheDocument();
  });
});

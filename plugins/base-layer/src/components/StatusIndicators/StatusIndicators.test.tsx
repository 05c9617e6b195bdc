import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import {
  HealthStatusIndicator,
  OperationPhaseIndicator,
  ToolHealthChip,
  WaveStateChip,
} from './StatusIndicators';

describe('StatusIndicators', () => {
  it.each([
    'Healthy',
    'Progressing',
    'Degraded',
    'Blocked',
    'Unknown',
  ] as const)('names the %s wave state', async state => {
    await renderInTestApp(<WaveStateChip state={state} />);
    expect(screen.getByText(state)).toBeInTheDocument();
  });

  it('shows an application being deleted as a Deleting chip, not as a health', async () => {
    await renderInTestApp(
      <>
        <HealthStatusIndicator status="Deleting" />
        <HealthStatusIndicator status="Healthy" />
      </>,
    );
    expect(screen.getByTestId('health-Deleting')).toHaveTextContent('Deleting');
    expect(screen.getByText('Healthy')).toBeInTheDocument();
    expect(screen.queryByTestId('health-Healthy')).not.toBeInTheDocument();
  });

  it('shows a dash when there was no operation', async () => {
    await renderInTestApp(<OperationPhaseIndicator />);
    expect(screen.getByText('—')).toBeInTheDocument();
  });

  it('labels each tool health', async () => {
    await renderInTestApp(
      <>
        <ToolHealthChip
          health={{ tool: 'mlflow', environment: 'dev', status: 'up' }}
        />
        <ToolHealthChip
          health={{ tool: 'airflow', environment: 'dev', status: 'down' }}
        />
        <ToolHealthChip
          health={{
            tool: 'grafana',
            environment: 'dev',
            status: 'not-configured',
          }}
        />
        <ToolHealthChip />
      </>,
    );
    expect(screen.getByText('up')).toBeInTheDocument();
    expect(screen.getByText('down')).toBeInTheDocument();
    expect(screen.getByText('not configured')).toBeInTheDocument();
    expect(screen.getByText('unknown')).toBeInTheDocument();
  });
});

import { screen, within } from '@testing-library/react';
import { makeEntityStatus } from '../../__testUtils__/fixtures';
import { renderEntityCard } from '../../__testUtils__/renderEntityCard';
import { LinksCard } from './LinksCard';

describe('LinksCard', () => {
  it('links each tool per environment with its health', async () => {
    await renderEntityCard(<LinksCard />, {
      getEntityStatus: async () =>
        makeEntityStatus({
          links: [
            {
              tool: 'mlflow',
              environment: 'dev',
              title: 'MLflow',
              url: 'https://mlflow.dev.example.com/',
            },
            {
              tool: 'argocd',
              environment: 'prod',
              title: 'Argo CD',
              url: 'https://argocd.prod.example.com/applications/data-ingestion',
            },
          ],
          tools: [
            { tool: 'mlflow', environment: 'dev', status: 'up' },
            { tool: 'argocd', environment: 'prod', status: 'down' },
          ],
        }),
    });
    const mlflow = await screen.findByRole('link', { name: /MLflow/ });
    expect(mlflow).toHaveAttribute('href', 'https://mlflow.dev.example.com/');
    expect(screen.getByRole('link', { name: /Argo CD/ })).toHaveAttribute(
      'href',
      'https://argocd.prod.example.com/applications/data-ingestion',
    );
    expect(screen.getByText('dev')).toBeInTheDocument();
    expect(screen.getByText('prod')).toBeInTheDocument();
    expect(within(mlflow.closest('li')!).getByText('up')).toBeInTheDocument();
    expect(screen.getByText('down')).toBeInTheDocument();
  });

  it('never renders a javascript: URL as a clickable link', async () => {
    await renderEntityCard(<LinksCard />, {
      getEntityStatus: async () =>
        makeEntityStatus({
          links: [
            {
              tool: 'grafana',
              environment: 'dev',
              title: 'Grafana',
              // eslint-disable-next-line no-script-url -- the attack under test
              url: 'javascript:alert(document.cookie)',
            },
          ],
        }),
    });
    expect((await screen.findAllByText('Grafana')).length).toBeGreaterThan(0);
    expect(screen.getByText(/is not an http\(s\) URL/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Grafana/ })).toBeNull();
    expect(document.querySelector('a[href^="javascript"]')).toBeNull();
  });

  it('shows only configured environments, with one line naming the others', async () => {
    await renderEntityCard(<LinksCard />, {
      getEntityStatus: async () =>
        makeEntityStatus({
          environments: ['dev', 'staging', 'prod'],
          overlays: ['aws', 'dev', 'prod'],
          links: [
            {
              tool: 'mlflow',
              environment: 'dev',
              title: 'MLflow: data-ingestion',
              url: 'http://localhost:5000/#/experiments',
            },
          ],
          tools: (['dev', 'staging', 'prod'] as const).flatMap(environment =>
            (['argocd', 'mlflow', 'airflow', 'grafana'] as const).map(tool =>
              environment === 'dev' && tool !== 'grafana'
                ? {
                    tool,
                    environment,
                    status: 'down' as const,
                    message: 'Unreachable: connection refused',
                  }
                : { tool, environment, status: 'not-configured' as const },
            ),
          ),
        }),
    });
    expect(await screen.findByText('dev')).toBeInTheDocument();
    expect(screen.queryByText('staging')).toBeNull();
    expect(screen.queryByText('prod')).toBeNull();
    expect(screen.queryByText('aws')).toBeNull();
    expect(
      screen.getByText(
        'No tools configured for staging, prod (baseLayer.tools)',
      ),
    ).toBeInTheDocument();
    // dev's three configured tools, none for its missing Grafana, each
    // with why it is down in plain sight.
    expect(screen.getAllByText('down')).toHaveLength(3);
    expect(
      screen.getByText('MLflow · Unreachable: connection refused'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Unreachable: connection refused')).toHaveLength(
      2,
    );
    expect(screen.queryByText('not configured')).toBeNull();
    expect(screen.queryByText(/No Grafana URL/)).toBeNull();
  });

  it('names the environments without tools when none has any', async () => {
    await renderEntityCard(<LinksCard />, {
      getEntityStatus: async () =>
        makeEntityStatus({
          environments: ['dev', 'prod'],
          links: [],
          tools: (['argocd', 'mlflow', 'airflow', 'grafana'] as const).map(
            tool => ({ tool, environment: 'dev', status: 'not-configured' }),
          ),
        }),
    });
    expect(await screen.findByText('No tool links')).toBeInTheDocument();
    expect(
      screen.getByText(/No tools configured for dev, prod/),
    ).toBeInTheDocument();
    expect(screen.queryByText('not configured')).toBeNull();
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('shows an empty state without links or tools', async () => {
    await renderEntityCard(<LinksCard />, {
      getEntityStatus: async () => makeEntityStatus({ links: [], tools: [] }),
    });
    expect(await screen.findByText('No tool links')).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    await renderEntityCard(<LinksCard />, {
      getEntityStatus: async () => {
        throw new Error('entity status unavailable');
      },
    });
    expect(
      (await screen.findAllByText(/entity status unavailable/)).length,
    ).toBeGreaterThan(0);
  });

  it('shows a progress bar while loading', async () => {
    await renderEntityCard(<LinksCard />, {
      getEntityStatus: () => new Promise(() => {}),
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });
});

import { createApp } from '@backstage/frontend-defaults';
import { mockApis } from '@backstage/frontend-test-utils';
import {
  ApiBlueprint,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import baseLayerPlugin from '@internal/plugin-base-layer';
import { render, screen } from '@testing-library/react';
import { argocdFeature } from './modules/argocd';
import { homeModule } from './modules/home';
import { navModule } from './modules/nav';

const dataIngestion = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'data-ingestion',
    namespace: 'default',
    annotations: {
      'base-layer.io/wave': '3',
      'argocd/app-name': 'data-ingestion',
      'backstage.io/kubernetes-id': 'data-ingestion',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'platform' },
};

const baseLayerSystem = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'base-layer', namespace: 'default' },
  spec: { owner: 'platform' },
};

// Serves the catalog from memory, so entity pages render without a backend.
const catalogInMemory = createFrontendModule({
  pluginId: 'catalog',
  extensions: [
    ApiBlueprint.make({
      params: defineParams =>
        defineParams({
          api: catalogApiRef,
          deps: {},
          factory: () =>
            catalogApiMock({ entities: [dataIngestion, baseLayerSystem] }),
        }),
    }),
  ],
});

/**
 * The dev app discovers these plugins through `app.packages: all`; here they
 * are listed so the test sees the same extension tree.
 */
function renderAppAt(path: string) {
  window.history.pushState({}, '', path);
  const app = createApp({
    features: [
      catalogPlugin,
      catalogInMemory,
      kubernetesPlugin,
      scaffolderPlugin,
      baseLayerPlugin,
      argocdFeature,
      navModule,
      homeModule,
    ],
    advanced: {
      configLoader: async () => ({
        config: mockApis.config({
          data: {
            app: {
              title: 'Test',
              baseUrl: 'http://localhost',
              // Signing in as guest needs the auth backend; skip it.
              extensions: [{ 'sign-in-page:app': false }],
            },
            // Nothing listens here, so no request reaches a real backend.
            backend: { baseUrl: 'http://127.0.0.1:9' },
          },
        }),
      }),
    },
  });
  return render(app.createRoot());
}

describe('App with its plugins', () => {
  it('puts Waves in the sidebar and renders the Waves page', async () => {
    renderAppAt('/base-layer');
    expect(
      await screen.findByText(
        'Argo CD rollout of the data platform, wave by wave',
        {},
        { timeout: 20_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Waves/ })).toHaveAttribute(
      'href',
      '/base-layer',
    );
    expect(screen.getByRole('link', { name: /Create/ })).toBeInTheDocument();
  }, 30_000);

  it('shows the module cards, Roadie Argo CD cards and Kubernetes tab on a BASE module', async () => {
    renderAppAt('/catalog/default/component/data-ingestion');
    expect(
      await screen.findByText('Module', {}, { timeout: 20_000 }),
    ).toBeInTheDocument();
    const later = { timeout: 10_000 };
    expect(await screen.findByText('Links', {}, later)).toBeInTheDocument();
    expect(
      await screen.findByText(
        'Argo CD sync, health and last operation',
        {},
        later,
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('ArgoCD overview', {}, later),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('ArgoCD history', {}, later),
    ).toBeInTheDocument();
    expect(screen.getByText('Kubernetes')).toBeInTheDocument();
    expect(screen.getByText('ArgoCD')).toBeInTheDocument();
  }, 30_000);

  it('shows the Waves tab on a System', async () => {
    renderAppAt('/catalog/default/system/base-layer');
    expect(
      await screen.findByText('Overview', {}, { timeout: 20_000 }),
    ).toBeInTheDocument();
    // The sidebar item and the entity tab.
    expect(screen.getAllByText('Waves')).toHaveLength(2);
    expect(screen.queryByText('Module')).not.toBeInTheDocument();
    expect(screen.queryByText('ArgoCD overview')).not.toBeInTheDocument();
  }, 30_000);
});

import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## Welcome to the Data Platform Portal

One place to see the platform, create new modules, and check whether a rollout
is healthy. No more port-forwards or polling \`kubectl get applications\`.

- **[Waves](/base-layer)**: the Argo CD rollout, wave by wave (Core services,
  Shared services, Orchestration, BASE layer, Applications). A wave starts only
  when every earlier wave is Synced and Healthy; the page says which wave is
  Blocked and why.
- **[Catalog](/catalog)**: the 14 BASE modules and the platform services. Each
  module's page links to its MLflow, Airflow, Grafana and Argo CD per
  environment, with each tool's health.
- **[Create](/create)**: "Create BASE module" scaffolds a module's manifests,
  its kustomize overlays and its Argo CD Application as a pull request.
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Data Platform Portal',
    description: 'Where to watch rollouts, find modules and create new ones',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget],
});

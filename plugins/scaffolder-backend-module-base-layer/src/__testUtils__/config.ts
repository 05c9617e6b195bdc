import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { ScaffolderDefaults } from '../lib/config';

/** The default wave plan of app-config.yaml. */
export const testWaves = [
  { id: 0, name: 'Core services' },
  { id: 1, name: 'Shared services' },
  { id: 2, name: 'Orchestration' },
  { id: 3, name: 'BASE layer' },
  { id: 4, name: 'Applications' },
];

export const testDefaults: ScaffolderDefaults = {
  waves: testWaves,
  awsAccountId: '123456789012',
  oidcProvider: 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE0123456789',
  project: 'base-layer',
  argocdNamespace: 'argocd',
  destinationCluster: 'base-layer',
};

export const testIntegrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: { github: [{ host: 'github.com', token: 'test' }] },
  }),
);

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createArgoCdApplicationAction } from './actions/createArgoCdApplication';
import { createCatalogEntityAction } from './actions/createCatalogEntity';
import { createModuleAccessAction } from './actions/createModuleAccess';
import { createDescribePullRequestAction } from './actions/describePullRequest';
import { createModuleManifestsAction } from './actions/createModuleManifests';
import { createPromoteModuleAction } from './actions/promoteModule';
import { createRetireModuleAction } from './actions/retireModule';
import { createRollbackModuleAction } from './actions/rollbackModule';
import { createUpdateModuleAction } from './actions/updateModule';
import { createValidateModuleAction } from './actions/validateModule';
import { readGitopsRepoConfig, readScaffolderDefaults } from './lib/config';
import { GitopsRepoReader } from './lib/gitopsRepo';
import { BaseLayerStatusClient } from './lib/moduleHealth';
import { ModuleExistenceChecker } from './lib/ModuleExistenceChecker';

/**
 * Registers the BASE layer scaffolder actions.
 *
 * @public
 */
export const scaffolderModuleBaseLayer = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'base-layer',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, config, catalog, discovery, auth }) {
        const defaults = readScaffolderDefaults(config);
        const integrations = ScmIntegrations.fromConfig(config);
        const existence = new ModuleExistenceChecker({ catalog, integrations });
        // The GitOps repo the update, promote and retire actions change: config only.
        const gitopsReader = new GitopsRepoReader({
          integrations,
          gitops: readGitopsRepoConfig(config),
        });
        scaffolder.addActions(
          createValidateModuleAction({ defaults, integrations, existence }),
          createModuleManifestsAction({ defaults }),
          createArgoCdApplicationAction({ defaults, integrations }),
          createCatalogEntityAction({ defaults, integrations }),
          createModuleAccessAction({ defaults }),
          createDescribePullRequestAction(),
          createRollbackModuleAction({
            integrations,
            gitops: readGitopsRepoConfig(config),
          }),
          createUpdateModuleAction({ reader: gitopsReader }),
          createPromoteModuleAction({
            reader: gitopsReader,
            status: new BaseLayerStatusClient({ discovery, auth }),
          }),
          createRetireModuleAction({ reader: gitopsReader, catalog }),
        );
      },
    });
  },
});

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
import { createRollbackModuleAction } from './actions/rollbackModule';
import { createValidateModuleAction } from './actions/validateModule';
import { readGitopsRepoConfig, readScaffolderDefaults } from './lib/config';
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
      },
      async init({ scaffolder, config, catalog }) {
        const defaults = readScaffolderDefaults(config);
        const integrations = ScmIntegrations.fromConfig(config);
        const existence = new ModuleExistenceChecker({ catalog, integrations });
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
        );
      },
    });
  },
});

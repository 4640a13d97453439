import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCatalogRegisterAction } from './actions/catalogRegister';
import { createCondaStoreEnvironmentApplyAction } from './actions/condaStoreEnvironmentApply';
import { condaStoreApplySettingsFromConfig } from './actions/condaStoreEnvironmentSpec';
import { createEnvironmentResolveAction } from './actions/environmentResolve';
import { createProjectValidateAction } from './actions/projectValidate';
import { createPublishLocalAction } from './actions/publishLocal';
import { createWorkspaceLaunchAction } from './actions/workspaceLaunch';
import { LocalGitRepositories } from '@internal/local-git';
import { workspacesApiServiceRef } from '@internal/plugin-workspaces-node';
import { condaStoreServiceRef } from '@internal/plugin-environments-node';

/**
 * Atrium's scaffolder actions: check a project, resolve its environment, publish it to
 * a local git repository, register it in the catalog, launch its first workspace; and
 * create or update a conda-store environment.
 *
 * @public
 */
export const scaffolderModuleAtrium = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'atrium',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        workspaces: workspacesApiServiceRef,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        condaStore: condaStoreServiceRef,
      },
      async init({
        scaffolder,
        catalog,
        auth,
        workspaces,
        config,
        userInfo,
        permissions,
        condaStore,
      }) {
        const repositories = LocalGitRepositories.fromConfig(config);
        scaffolder.addActions(
          createProjectValidateAction({
            catalog,
            repositories,
            userInfo,
            permissions,
          }),
          createEnvironmentResolveAction({ catalog }),
          createPublishLocalAction({ repositories }),
          createCatalogRegisterAction({
            catalog,
            auth,
            repositories,
            userInfo,
            permissions,
          }),
          createWorkspaceLaunchAction({ workspaces }),
          createCondaStoreEnvironmentApplyAction({
            condaStore,
            settings: condaStoreApplySettingsFromConfig(config),
            userInfo,
            permissions,
          }),
        );
      },
    });
  },
});

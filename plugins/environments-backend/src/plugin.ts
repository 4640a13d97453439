import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { environmentsPermissions } from '@internal/plugin-environments-common';
import { condaStoreServiceRef } from '@internal/plugin-environments-node';
import { workspacesApiServiceRef } from '@internal/plugin-workspaces-node';
import { CondaStoreOverviewService } from './service/CondaStoreOverviewService';
import { createRouter } from './service/router';

/**
 * Environments from conda-store for people: a build's log with the solver's message
 * picked out, its packages, the difference between two builds, and DevOps' overview
 * of conda-store's sprawl. Talks to conda-store through `environments.condaStore`;
 * without it every route answers 503 saying what to configure.
 *
 * @public
 */
export const environmentsPlugin = createBackendPlugin({
  pluginId: 'environments',
  register(env) {
    env.registerInit({
      deps: {
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        condaStore: condaStoreServiceRef,
        // Which builds workspaces use: the overview's idle list, the builds card.
        workspaces: workspacesApiServiceRef,
      },
      async init({
        httpRouter,
        permissionsRegistry,
        condaStore,
        workspaces,
        ...deps
      }) {
        permissionsRegistry.addPermissions(environmentsPermissions);
        httpRouter.use(
          await createRouter({
            ...deps,
            condaStore,
            workspaces,
            overview: new CondaStoreOverviewService(condaStore, workspaces),
          }),
        );
      },
    });
  },
});

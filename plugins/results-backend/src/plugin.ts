import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { LocalGitRepositories } from '@internal/local-git';
import { workspacesApiServiceRef } from '@internal/plugin-workspaces-node';
import { resultsPermissions } from '@internal/plugin-results-common';
import { DatabaseResultsStore } from './database/DatabaseResultsStore';
import { resultResourceRef, resultsRules } from './service/permissionRules';
import { NotebookPublisher } from './service/Publisher';
import { ResultReproducer } from './service/Reproducer';
import { ResultsGit } from './service/resultsGit';
import { ResultsService } from './service/ResultsService';
import { seedDemoResults } from './service/demoResults';
import { createRouter } from './service/router';
import { WorkspaceFiles } from './service/workspaceFiles';

/** 50 MB: notebooks with plots run to a few MB; tens of MB is a data dump. */
export const DEFAULT_MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024;

/**
 * Results: notebooks published from running workspaces as versioned results (each
 * version a commit in the project's local git repository), read and diffed cell by
 * cell, shared with a resource permission (private, the project's team, named people
 * or groups, everyone signed in), commented on and reviewed.
 *
 * @public
 */
export const resultsPlugin = createBackendPlugin({
  pluginId: 'results',
  register(env) {
    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        notifications: notificationService,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        userInfo: coreServices.userInfo,
        workspaces: workspacesApiServiceRef,
      },
      async init({ auth, catalog, config, database, logger, notifications, httpRouter, workspaces, ...deps }) {
        const store = await DatabaseResultsStore.create({ database });
        deps.permissionsRegistry.addResourceType({
          resourceRef: resultResourceRef,
          permissions: resultsPermissions,
          rules: resultsRules,
          getResources: refs => store.getResults(refs),
        });
        const git = new ResultsGit(LocalGitRepositories.fromConfig(config));
        const files = new WorkspaceFiles({ workspaces });
        const publisher = new NotebookPublisher({
          store,
          files,
          git,
          catalog,
          maxNotebookBytes:
            config.getOptionalNumber('results.maxNotebookBytes') ?? DEFAULT_MAX_NOTEBOOK_BYTES,
        });
        if (config.getOptionalBoolean('results.demoData.enabled')) {
          await seedDemoResults({ store, git, logger });
        }
        const service = new ResultsService({ store, git, publisher, catalog, auth, notifications, logger });
        const reproducer = new ResultReproducer({
          store,
          workspaces,
          files,
          readNotebook: (result, version) => service.notebook(result, version),
        });
        httpRouter.use(await createRouter({ ...deps, logger, store, service, publisher, files, reproducer }));
      },
    });
  },
});

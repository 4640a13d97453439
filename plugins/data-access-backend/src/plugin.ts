import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { readTaskSchedule } from '@internal/backend-route-kit';
import {
  REVOCATION_POLICIES,
  dataAccessPermissions,
  type RevocationPolicy,
} from '@internal/plugin-data-access-common';
import { workspacesApiServiceRef } from '@internal/plugin-workspaces-node';
import { DatabaseDataAccessStore } from './database/DatabaseDataAccessStore';
import { CatalogDirectory, DataSourceIndex } from './service/DataSourceIndex';
import { GrantsService } from './service/GrantsService';
import { LaunchService } from './service/LaunchService';
import { dataAccessRules, dataSourceResourceRef } from './service/permissionRules';
import { RequestsService } from './service/RequestsService';
import { RevocationTask } from './service/RevocationTask';
import { DataAccessNotifier } from './service/notifier';
import { createRouter } from './service/router';

/** `dataAccess.revocation.policy`, checked: a misspelt policy must not mean "list". */
export function readRevocationPolicy(config: Config): RevocationPolicy {
  const policy = config.getOptionalString('dataAccess.revocation.policy') ?? 'list';
  if (!(REVOCATION_POLICIES as readonly string[]).includes(policy)) {
    throw new Error(
      `dataAccess.revocation.policy must be one of ${REVOCATION_POLICIES.join(', ')}, got ${policy}`,
    );
  }
  return policy as RevocationPolicy;
}

/**
 * Who decides second approvals of restricted sources: the admins of `atrium.roles.admin`
 * (a bare name is a group), notified of such requests.
 */
function adminRecipients(config: Config): string[] {
  return (config.getOptionalStringArray('atrium.roles.admin') ?? []).map(ref =>
    (ref.includes(':') ? ref : `group:default/${ref}`).toLocaleLowerCase('en-US'),
  );
}

/**
 * Data access: data sources from the catalog, grants by group with their history,
 * requests and approvals, exactly what each workspace launch receives (signed for the
 * hub-side hook), and revocation of running workspaces that hold data without access.
 *
 * @public
 */
export const dataAccessPlugin = createBackendPlugin({
  pluginId: 'data-access',
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
        scheduler: coreServices.scheduler,
        userInfo: coreServices.userInfo,
        workspaces: workspacesApiServiceRef,
      },
      async init({ auth, catalog, config, database, httpRouter, logger, notifications, scheduler, workspaces, ...deps }) {
        const policy = readRevocationPolicy(config);
        const signingKey = config.getOptionalString('dataAccess.launchSigningKey');
        if (!signingKey) {
          logger.warn(
            'dataAccess.launchSigningKey is not set: workspaces get no data sources (the hub-side hook needs the same key)',
          );
        }
        const store = await DatabaseDataAccessStore.create({ database });
        const index = new DataSourceIndex({ catalog, auth, logger });
        const directory = new CatalogDirectory(catalog, auth);
        deps.permissionsRegistry.addResourceType({
          resourceRef: dataSourceResourceRef,
          permissions: dataAccessPermissions,
          rules: dataAccessRules,
          getResources: async refs => {
            const all = await index.all();
            return refs.map(ref => all.get(ref.toLocaleLowerCase('en-US'))?.source);
          },
        });
        const grants = new GrantsService({ store, index, directory });
        const requests = new RequestsService({
          store,
          grants,
          notifications,
          adminRecipients: adminRecipients(config),
          logger,
        });
        const launches = new LaunchService({
          store,
          grants,
          signingKey,
          notifier: new DataAccessNotifier({ notifications, logger }),
        });
        const revocation = new RevocationTask({
          store,
          grants,
          directory,
          workspaces,
          auth,
          auditor: deps.auditor,
          logger,
          policy,
        });
        // Global scope: one runner among all replicas per tick.
        await scheduler.scheduleTask({
          id: 'data-access-revocation',
          ...readTaskSchedule(config, 'dataAccess.revocation.schedule', {
            frequency: { minutes: 1 },
            timeout: { minutes: 2 },
            initialDelay: { seconds: 20 },
            scope: 'global',
          }),
          fn: async () => {
            await revocation
              .run()
              .catch(error => logger.warn(`Data access revocation check skipped: ${error.message}`));
          },
        });
        httpRouter.use(await createRouter({ ...deps, store, index, grants, requests, launches }));
      },
    });
  },
});

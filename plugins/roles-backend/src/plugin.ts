import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { rolesPermissions } from '@internal/plugin-roles-common';
import { DatabaseRoleAssignmentStore } from './database/DatabaseRoleAssignmentStore';
import { readConfigAssignments } from './service/configAssignments';
import { createRouter } from './service/router';

/**
 * Keeps Atrium's role assignments (seeded from `atrium.roles` at start) and answers
 * who holds which role: to the signed-in user about themself, to admins about everyone,
 * and to other backend plugins (the permission policy) through the roles-node client.
 *
 * @public
 */
export const rolesPlugin = createBackendPlugin({
  pluginId: 'roles',
  register(env) {
    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        userInfo: coreServices.userInfo,
      },
      async init(deps) {
        const { config, database, httpRouter, logger, permissionsRegistry } =
          deps;
        permissionsRegistry.addPermissions(rolesPermissions);

        const store = await DatabaseRoleAssignmentStore.create({ database });
        const seeded = readConfigAssignments(config);
        await store.replaceConfigAssignments(seeded);
        logger.info(
          `Seeded ${seeded.length} role assignment(s) from atrium.roles`,
        );

        httpRouter.use(await createRouter({ ...deps, store }));
      },
    });
  },
});

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { auditPermissions } from '@internal/plugin-audit-common';
import { auditEventSinkServiceRef } from '@internal/plugin-audit-node';
import { DatabaseAuditStore } from './database/DatabaseAuditStore';
import { createRouter } from './service/router';

/**
 * The audit log: stores every finished auditor event of every plugin (through
 * `atriumAuditorServiceFactory` from audit-node) and serves it to admins.
 *
 * @public
 */
export const auditPlugin = createBackendPlugin({
  pluginId: 'audit',
  register(env) {
    env.registerInit({
      deps: {
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        sink: auditEventSinkServiceRef,
      },
      async init({
        database,
        httpAuth,
        httpRouter,
        logger,
        permissions,
        permissionsRegistry,
        sink,
      }) {
        permissionsRegistry.addPermissions(auditPermissions);
        const store = await DatabaseAuditStore.create({ database });
        sink.subscribe(event => {
          store
            .insert({
              at: event.at,
              plugin: event.plugin,
              eventId: event.eventId,
              severityLevel: event.severityLevel,
              status: event.status === 'failed' ? 'failed' : 'succeeded',
              actor: event.actor.actorId,
              ip: event.actor.ip,
              userAgent: event.actor.userAgent,
              method: event.request?.method,
              url: event.request?.url,
              error:
                event.status === 'failed'
                  ? String(event.error?.message ?? event.error)
                  : undefined,
              meta: event.meta as Record<string, unknown> | undefined,
            })
            // The event is in the backend log in any case; say that the database copy is missing.
            .catch(error =>
              logger.error(
                `Could not store audit event ${event.plugin}.${event.eventId}: ${error}`,
              ),
            );
        });
        httpRouter.use(await createRouter({ httpAuth, permissions, store }));
      },
    });
  },
});

import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { DefaultAuditorService } from '@backstage/backend-defaults/auditor';
import type { JsonObject } from '@backstage/types';
import { auditEventSinkServiceRef } from './sink';

/**
 * Replaces the default auditor: events are still logged as Backstage logs them
 * (`isAuditEvent: true`), and finished events (succeeded or failed) also go to the
 * audit log, where admins browse and export them. Backstage's own plugins (catalog
 * registrations, scaffolder tasks, ...) are captured the same way as Atrium's.
 *
 * Install with `backend.add(atriumAuditorServiceFactory)`.
 *
 * @public
 */
export const atriumAuditorServiceFactory = createServiceFactory({
  service: coreServices.auditor,
  deps: {
    logger: coreServices.logger,
    auth: coreServices.auth,
    httpAuth: coreServices.httpAuth,
    plugin: coreServices.pluginMetadata,
    sink: auditEventSinkServiceRef,
  },
  factory({ logger, auth, httpAuth, plugin, sink }) {
    const auditLogger = logger.child({ isAuditEvent: true });
    return DefaultAuditorService.create(
      event => {
        auditLogger.info(
          `${event.plugin}.${event.eventId}`,
          event as unknown as JsonObject,
        );
        if (event.status !== 'initiated') {
          sink.publish({ ...event, at: new Date().toISOString() });
        }
      },
      { plugin, auth, httpAuth },
    );
  },
});

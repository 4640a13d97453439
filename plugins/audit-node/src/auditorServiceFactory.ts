import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { DefaultAuditorService } from '@backstage/backend-defaults/auditor';
import type { JsonObject } from '@backstage/types';
import { auditEventSinkServiceRef } from './sink';

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
type Severity = (typeof SEVERITIES)[number];

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
    config: coreServices.rootConfig,
    logger: coreServices.logger,
    auth: coreServices.auth,
    httpAuth: coreServices.httpAuth,
    plugin: coreServices.pluginMetadata,
    sink: auditEventSinkServiceRef,
  },
  factory({ config, logger, auth, httpAuth, plugin, sink }) {
    const auditLogger = logger.child({ isAuditEvent: true });
    // Reads (catalog entity fetches and the like) are `low`: they stay in the backend
    // log, while the audit log keeps actions, `medium` and up, unless configured lower.
    const minimum = SEVERITIES.indexOf(
      (config.getOptionalString('atrium.audit.minimumSeverity') ??
        'medium') as Severity,
    );
    if (minimum < 0) {
      throw new Error(
        `atrium.audit.minimumSeverity must be one of ${SEVERITIES.join(', ')}`,
      );
    }
    return DefaultAuditorService.create(
      event => {
        auditLogger.info(
          `${event.plugin}.${event.eventId}`,
          event as unknown as JsonObject,
        );
        if (
          event.status !== 'initiated' &&
          SEVERITIES.indexOf(event.severityLevel as Severity) >= minimum
        ) {
          sink.publish({ ...event, at: new Date().toISOString() });
        }
      },
      { plugin, auth, httpAuth },
    );
  },
});

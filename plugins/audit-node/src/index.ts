/**
 * Atrium audit log: Backstage's auditor service, recording events for the audit log too.
 *
 * @packageDocumentation
 */
export { auditEventSinkServiceRef } from './sink';
export type { AuditEventSink } from './sink';
export { atriumAuditorServiceFactory } from './auditorServiceFactory';

/**
 * Atrium audit log page for admins: browse, filter and export.
 *
 * @packageDocumentation
 */
export { auditPlugin as default, auditRouteRef } from './plugin';
export { auditApiRef, AuditClient, auditQueryString } from './api';
export type {
  AuditApi,
  AuditEventFilter,
  AuditEventPage,
  AuditEventQuery,
} from './api';
export { RecentAuditEventsHomeContent } from './homeContents';

export { auditApiRef } from './AuditApi';
export type {
  AuditApi,
  AuditEventFilter,
  AuditEventPage,
  AuditEventQuery,
} from './AuditApi';
export { AuditClient, auditQueryString } from './AuditClient';

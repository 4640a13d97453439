import { createApiRef } from '@backstage/frontend-plugin-api';
import type { AuditLogEntry } from '@internal/plugin-audit-common';

/**
 * Which audit events to show or export. Empty and missing fields do not filter.
 *
 * @public
 */
export interface AuditEventFilter {
  /** The plugin that reported the event (`roles`, `workspaces`, ...). */
  plugin?: string;
  /** The event id, exactly (`role-assignment-add`). */
  eventId?: string;
  /** Who, exactly, as an entity ref (`user:default/ada`). */
  actor?: string;
  status?: AuditLogEntry['status'];
  /** ISO time; events at or after it. */
  from?: string;
  /** ISO time; events before it. */
  to?: string;
  /** Free text in the event id, actor, url and details. */
  search?: string;
}

/** @public */
export interface AuditEventQuery extends AuditEventFilter {
  /** 1 to 1000; the backend's default is 100. */
  limit?: number;
  offset?: number;
}

/** One page of events, newest first, and how many match in all. @public */
export interface AuditEventPage {
  items: AuditLogEntry[];
  total: number;
}

/** @public */
export interface AuditApi {
  /** A page of matching events (admins only: others get a 403 ResponseError). */
  listEvents(query?: AuditEventQuery): Promise<AuditEventPage>;
  /** Every matching event as CSV (admins only). */
  exportCsv(filter?: AuditEventFilter): Promise<Blob>;
}

/** @public */
export const auditApiRef = createApiRef<AuditApi>({ id: 'plugin.audit.api' });

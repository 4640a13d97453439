import type { AuditLogEntry } from '@internal/plugin-audit-common';

export interface AuditQuery {
  plugin?: string;
  eventId?: string;
  actor?: string;
  status?: 'succeeded' | 'failed';
  /** ISO timestamps, inclusive from, exclusive to. */
  from?: string;
  to?: string;
  /** Free text matched against event id, actor, url and details. */
  search?: string;
  limit: number;
  offset: number;
}

/** Where audit events are kept. */
export interface AuditStore {
  insert(entry: Omit<AuditLogEntry, 'id'>): Promise<void>;
  /** Newest first. */
  query(query: AuditQuery): Promise<{ items: AuditLogEntry[]; total: number }>;
}

/**
 * Atrium audit log: the event as stored and the permission to read it.
 *
 * @packageDocumentation
 */
import { createPermission } from '@backstage/plugin-permission-common';

/** One audited action, as the audit log keeps it. @public */
export interface AuditLogEntry {
  id: string;
  at: string;
  /** The plugin that reported it (`roles`, `workspaces`, `catalog`, ...). */
  plugin: string;
  /** What happened, in kebab-case (`role-assignment-add`, `workspace-stop`, `location-mutate`). */
  eventId: string;
  severityLevel: string;
  status: 'succeeded' | 'failed';
  /** Who: a user or service entity ref. */
  actor?: string;
  /** From where. */
  ip?: string;
  userAgent?: string;
  method?: string;
  url?: string;
  error?: string;
  /** Details: what was changed, before and after. */
  meta?: Record<string, unknown>;
}

/** Read and export the audit log. Admins only. @public */
export const auditLogReadPermission = createPermission({
  name: 'atrium.audit.read',
  attributes: { action: 'read' },
});

/** @public */
export const auditPermissions = [auditLogReadPermission];

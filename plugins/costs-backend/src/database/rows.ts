import type { Knex } from 'knex';
import type { Reservation, StoredQuota } from './CostsStore';

/** Helpers shared by the costs tables: row conversions, chunking, the replica lock. */

/** Rows per statement: well under SQLite's limit on bound variables. */
export const CHUNK = 200;

/**
 * SQLite (through knex) returns a Date column as epoch milliseconds, PostgreSQL as a
 * Date: both become an ISO string here.
 */
export function iso(value: Date | string | number | null | undefined) {
  if (value === null || value === undefined) return undefined;
  return new Date(value).toISOString();
}

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

export const placeholders = (items: unknown[]) =>
  items.map(() => '?').join(', ');

/** Takes a lock row first thing in a transaction: serializes it among all replicas. */
export async function lockRow(tx: Knex.Transaction, key: string) {
  await tx('costs_state')
    .where({ key })
    .update({ value: String(Date.now()) });
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' || // PostgreSQL
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

export function toQuota(r: any): StoredQuota {
  const num = (v: unknown) =>
    v === null || v === undefined ? undefined : Number(v);
  const quota: StoredQuota = {
    subjectRef: r.subject_ref,
    updatedAt: iso(r.updated_at)!,
  };
  if (num(r.max_cpu) !== undefined) quota.maxCpu = num(r.max_cpu);
  if (num(r.max_memory_gib) !== undefined)
    quota.maxMemoryGiB = num(r.max_memory_gib);
  if (num(r.max_gpu) !== undefined) quota.maxGpu = num(r.max_gpu);
  if (num(r.max_running_workspaces) !== undefined)
    quota.maxRunningWorkspaces = num(r.max_running_workspaces);
  if (r.updated_by) quota.updatedBy = r.updated_by;
  return quota;
}

export function toReservation(r: any): Reservation {
  return {
    admissionId: r.admission_id,
    workspaceId: r.workspace_id,
    workspaceName: r.workspace_name,
    user: r.user_ref,
    groups: JSON.parse(r.groups),
    cpu: Number(r.cpu),
    memoryGiB: Number(r.memory_gib),
    gpu: Number(r.gpu),
    createdAt: iso(r.created_at)!,
  };
}

export function toReservationRow(r: Omit<Reservation, 'createdAt'>, at: Date) {
  return {
    admission_id: r.admissionId,
    workspace_id: r.workspaceId,
    workspace_name: r.workspaceName,
    user_ref: r.user,
    groups: JSON.stringify(r.groups),
    cpu: r.cpu,
    memory_gib: r.memoryGiB,
    gpu: r.gpu,
    created_at: at,
  };
}

import type {
  UsageSession,
  WorkspaceStatus,
} from '@internal/plugin-workspaces-common';
import type { StoredWorkspace } from './WorkspacesStore';

/** The workspaces tables' rows and how they read as Atrium's types. */

export type WorkspaceRow = {
  id: string;
  owner: string;
  hub_user: string;
  owner_groups: string;
  name: string;
  profile: string;
  options: string;
  resources: string;
  project: string | null;
  environment: string | null;
  git_commit: string | null;
  environment_build?: number | string | null;
  reproduced_from: string | null;
  status: string;
  status_reason: string | null;
  url: string | null;
  last_activity: Date | string | null;
  started_at: Date | string | null;
  last_seen_running_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
};

export type SessionRow = {
  id: string;
  workspace_id: string;
  owner: string;
  groups: string;
  project: string | null;
  profile: string;
  cpu: number | string;
  memory_gib: number | string;
  gpu: number | string;
  gpu_type: string | null;
  started_at: Date | string;
  ended_at: Date | string | null;
  end_reason: string | null;
  idle_seconds?: number | string | null;
  workspace_name?: string | null;
  /** When the session last changed (null only before the migration's backfill). */
  updated_at?: Date | string | number | null;
};

/**
 * Timestamps are written as Date objects and read back as ISO strings. SQLite (through
 * knex) stores a Date as epoch milliseconds and returns a number; PostgreSQL returns a
 * Date: both become the same ISO string here, and nowhere else needs to care.
 */
export function iso(
  value: Date | string | number | null | undefined,
): string | undefined {
  if (value === null || value === undefined) return undefined;
  return new Date(value).toISOString();
}
export const toDate = (value: string | null | undefined) =>
  value === null || value === undefined ? null : new Date(value);

export function toWorkspace(row: WorkspaceRow): StoredWorkspace {
  return {
    id: row.id,
    owner: row.owner,
    hubUser: row.hub_user,
    ownerGroups: JSON.parse(row.owner_groups ?? '[]'),
    name: row.name,
    profile: row.profile,
    options: JSON.parse(row.options),
    resources: JSON.parse(row.resources),
    ...(row.project ? { project: row.project } : {}),
    ...(row.environment ? { environment: row.environment } : {}),
    ...(row.git_commit ? { gitCommit: row.git_commit } : {}),
    ...(row.environment_build !== null && row.environment_build !== undefined
      ? { environmentBuild: Number(row.environment_build) }
      : {}),
    ...(row.reproduced_from ? { reproducedFrom: row.reproduced_from } : {}),
    status: row.status as WorkspaceStatus,
    ...(row.status_reason ? { statusReason: row.status_reason } : {}),
    ...(row.url ? { url: row.url } : {}),
    ...(row.last_activity ? { lastActivity: iso(row.last_activity) } : {}),
    ...(row.started_at ? { startedAt: iso(row.started_at) } : {}),
    ...(row.last_seen_running_at
      ? { lastSeenRunningAt: iso(row.last_seen_running_at) }
      : {}),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

export function toSession(row: SessionRow): UsageSession {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    owner: row.owner,
    groups: JSON.parse(row.groups),
    ...(row.project ? { project: row.project } : {}),
    profile: row.profile,
    cpu: Number(row.cpu),
    memoryGiB: Number(row.memory_gib),
    gpu: Number(row.gpu),
    ...(row.gpu_type ? { gpuType: row.gpu_type } : {}),
    startedAt: iso(row.started_at)!,
    ...(row.ended_at ? { endedAt: iso(row.ended_at) } : {}),
    ...(row.end_reason ? { endReason: row.end_reason } : {}),
    ...(row.idle_seconds !== null && row.idle_seconds !== undefined
      ? { idleSeconds: Number(row.idle_seconds) }
      : {}),
    ...(row.workspace_name ? { workspaceName: row.workspace_name } : {}),
  };
}

/**
 * Where a page of sessions by change time ends: the last row's change time and id
 * (rows changed at the same millisecond are ordered by id). Opaque to callers.
 */
export function changeCursor(row: SessionRow): string {
  return `${iso(row.updated_at) ?? ''}|${row.id}`;
}

/** A cursor of `changeCursor`, or undefined if it is not one. */
export function parseChangeCursor(
  cursor: string,
): { updatedAt: Date; id: string } | undefined {
  const [at, id, ...rest] = cursor.split('|');
  const updatedAt = new Date(at);
  if (rest.length || !id || Number.isNaN(updatedAt.getTime())) return undefined;
  return { updatedAt, id };
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' || // PostgreSQL
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

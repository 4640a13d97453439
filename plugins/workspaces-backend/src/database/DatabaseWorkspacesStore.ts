import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  UsageSession,
  UsageSessionPage,
  WorkspaceEvent,
  WorkspaceStatus,
} from '@internal/plugin-workspaces-common';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type {
  NewUsageSession,
  NewWorkspace,
  StoredWorkspace,
  WorkspacePatch,
  WorkspacesStore,
} from './WorkspacesStore';
import {
  changeCursor,
  isUniqueViolation,
  parseChangeCursor,
  iso,
  toDate,
  toSession,
  toWorkspace,
  type SessionRow,
  type WorkspaceRow,
} from './rows';
import { readEnvironmentUsage } from './environmentUsage';
import {
  pageWorkspaces,
  type StoredWorkspacePage,
  type WorkspacePageQuery,
} from './workspacePage';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-workspaces-backend',
  'migrations',
);

/** The knex implementation of {@link WorkspacesStore}, on SQLite and PostgreSQL. */
export class DatabaseWorkspacesStore implements WorkspacesStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseWorkspacesStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseWorkspacesStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async createWorkspace(
    workspace: NewWorkspace,
    actor: string,
  ): Promise<StoredWorkspace> {
    const now = new Date();
    const id = randomUUID();
    try {
      await this.db.transaction(async tx => {
        await tx('workspaces').insert({
          id,
          owner: workspace.owner,
          hub_user: workspace.hubUser,
          name: workspace.name,
          profile: workspace.profile,
          options: JSON.stringify(workspace.options),
          resources: JSON.stringify(workspace.resources),
          project: workspace.project ?? null,
          environment: workspace.environment ?? null,
          git_commit: workspace.gitCommit ?? null,
          environment_build: workspace.environmentBuild ?? null,
          reproduced_from: workspace.reproducedFrom ?? null,
          status: 'stopped',
          created_at: now,
          updated_at: now,
        });
        await tx('workspace_events').insert({
          workspace_id: id,
          at: now,
          status: 'stopped',
          reason: 'created',
          actor,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `You already have a workspace named '${workspace.name}': pick another name or open that one`,
        );
      }
      throw error;
    }
    return (await this.getWorkspace(id))!;
  }

  async getWorkspace(id: string): Promise<StoredWorkspace | undefined> {
    const row = await this.db<WorkspaceRow>('workspaces').where({ id }).first();
    return row ? toWorkspace(row) : undefined;
  }

  async listWorkspaces(
    filter: {
      owner?: string;
      project?: string;
      statuses?: WorkspaceStatus[];
    } = {},
  ): Promise<StoredWorkspace[]> {
    const query = this.db<WorkspaceRow>('workspaces').orderBy([
      { column: 'owner' },
      { column: 'name' },
    ]);
    if (filter.owner) query.where('owner', filter.owner);
    if (filter.project) query.where('project', filter.project);
    if (filter.statuses) query.whereIn('status', filter.statuses);
    return (await query).map(toWorkspace);
  }

  pageWorkspaces(query: WorkspacePageQuery): Promise<StoredWorkspacePage> {
    return pageWorkspaces(this.db, query);
  }

  async updateWorkspace(
    id: string,
    patch: WorkspacePatch,
    options: {
      actor?: string;
      expectStatus?: WorkspaceStatus[];
      openSession?: NewUsageSession;
      eventReason?: string;
      noEvent?: boolean;
    } = {},
  ): Promise<StoredWorkspace | undefined> {
    const now = new Date();
    const row: Partial<Record<keyof WorkspaceRow, unknown>> = {
      updated_at: now,
    };
    if (patch.status !== undefined) row.status = patch.status;
    if (patch.statusReason !== undefined)
      row.status_reason = patch.statusReason;
    if (patch.url !== undefined) row.url = patch.url;
    if (patch.lastActivity !== undefined)
      row.last_activity = toDate(patch.lastActivity);
    if (patch.startedAt !== undefined) row.started_at = toDate(patch.startedAt);
    if (patch.lastSeenRunningAt !== undefined) {
      row.last_seen_running_at = toDate(patch.lastSeenRunningAt);
    }
    if (patch.profile !== undefined) row.profile = patch.profile;
    if (patch.options !== undefined)
      row.options = JSON.stringify(patch.options);
    if (patch.resources !== undefined)
      row.resources = JSON.stringify(patch.resources);
    if (patch.ownerGroups !== undefined)
      row.owner_groups = JSON.stringify(patch.ownerGroups);
    if (patch.environment !== undefined) row.environment = patch.environment;
    if (patch.gitCommit !== undefined) row.git_commit = patch.gitCommit;
    if (patch.environmentBuild !== undefined)
      row.environment_build = patch.environmentBuild;

    // The row after the update is the row before with the patch applied: no second
    // read (a start is on the person's critical path; every query counts on PostgreSQL).
    const updated = await this.db.transaction(async tx => {
      const before = await tx<WorkspaceRow>('workspaces').where({ id }).first();
      if (!before) throw new NotFoundError(`No workspace with id ${id}`);
      const query = tx('workspaces').where({ id });
      if (options.expectStatus) query.whereIn('status', options.expectStatus);
      const count = await query.update(row);
      if (count === 0) return undefined;
      const after = { ...before, ...row } as WorkspaceRow;
      if (options.openSession)
        await this.insertSessionUnlessOpen(tx, options.openSession);
      if (
        patch.status !== undefined &&
        patch.status !== before.status &&
        !options.noEvent
      ) {
        const launch = patch.status === 'starting' ? after : undefined;
        await tx('workspace_events').insert({
          workspace_id: id,
          at: now,
          status: patch.status,
          reason: options.eventReason ?? patch.statusReason ?? null,
          actor: options.actor ?? null,
          ...(launch
            ? {
                profile: launch.profile,
                options: launch.options,
                environment: launch.environment,
                git_commit: launch.git_commit,
                environment_build: launch.environment_build ?? null,
              }
            : {}),
        });
      }
      return after;
    });
    return updated ? toWorkspace(updated) : undefined;
  }

  async markSeenRunning(ids: string[], at: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db('workspaces')
      .whereIn('id', ids)
      .update({ last_seen_running_at: new Date(at) });
  }

  async deleteWorkspace(id: string): Promise<void> {
    // Events and usage sessions stay: they are history and what costs are computed from.
    await this.db('workspaces').where({ id }).delete();
  }

  getEnvironmentUsage(since: string, now = new Date()) {
    return readEnvironmentUsage(this.db, { since, now });
  }

  async listEvents(workspaceId: string): Promise<WorkspaceEvent[]> {
    const rows = await this.db('workspace_events')
      .where({ workspace_id: workspaceId })
      .orderBy('id');
    return rows.map(row => ({
      workspaceId: row.workspace_id,
      at: iso(row.at)!,
      status: row.status,
      ...(row.reason ? { reason: row.reason } : {}),
      ...(row.actor ? { actor: row.actor } : {}),
      ...(row.profile ? { profile: row.profile } : {}),
      ...(row.options ? { options: JSON.parse(row.options) } : {}),
      ...(row.environment ? { environment: row.environment } : {}),
      ...(row.git_commit ? { gitCommit: row.git_commit } : {}),
      ...(row.environment_build !== null && row.environment_build !== undefined
        ? { environmentBuild: Number(row.environment_build) }
        : {}),
    }));
  }

  async openUsageSession(session: NewUsageSession): Promise<void> {
    await this.db.transaction(tx => this.insertSessionUnlessOpen(tx, session));
  }

  private async insertSessionUnlessOpen(
    tx: Knex.Transaction,
    session: NewUsageSession,
  ) {
    const open = await tx('usage_sessions')
      .where({ workspace_id: session.workspaceId })
      .whereNull('ended_at')
      .first();
    if (open) return;
    await tx('usage_sessions').insert({
      id: randomUUID(),
      workspace_id: session.workspaceId,
      owner: session.owner,
      groups: JSON.stringify(session.groups),
      project: session.project ?? null,
      profile: session.profile,
      cpu: session.cpu,
      memory_gib: session.memoryGiB,
      gpu: session.gpu,
      gpu_type: session.gpuType ?? null,
      started_at: new Date(session.startedAt),
      updated_at: new Date(),
    });
  }

  async closeUsageSession(
    workspaceId: string,
    endedAt: string,
    reason: string,
    lastActivity?: string,
  ): Promise<void> {
    const open = await this.db<SessionRow>('usage_sessions')
      .where({ workspace_id: workspaceId })
      .whereNull('ended_at')
      .first();
    if (!open) return;
    // A session never ends before it started (clock skew between hub and portal).
    const end = Math.max(
      new Date(endedAt).getTime(),
      new Date(iso(open.started_at)!).getTime(),
    );
    await this.db('usage_sessions')
      .where({ id: open.id })
      .whereNull('ended_at')
      .update({
        ended_at: new Date(end),
        end_reason: reason,
        updated_at: new Date(),
        idle_seconds: lastActivity
          ? Math.max(
              0,
              Math.round((end - new Date(lastActivity).getTime()) / 1000),
            )
          : null,
      });
  }

  async listUsageSessions(
    filter: { owner?: string; workspaceId?: string; open?: boolean } = {},
  ): Promise<UsageSession[]> {
    const query = this.db<SessionRow>('usage_sessions').orderBy('started_at');
    if (filter.owner) query.where('owner', filter.owner);
    if (filter.workspaceId) query.where('workspace_id', filter.workspaceId);
    if (filter.open === true) query.whereNull('ended_at');
    if (filter.open === false) query.whereNotNull('ended_at');
    return (await query).map(toSession);
  }

  async listUsageSessionsChangedSince(options: {
    since: string;
    after?: string;
    limit: number;
  }): Promise<UsageSession[]> {
    const since = new Date(options.since);
    const query = this.db<SessionRow>('usage_sessions as s')
      .leftJoin('workspaces as w', 'w.id', 's.workspace_id')
      .select('s.*', 'w.name as workspace_name')
      .where(q =>
        q
          .whereNull('s.ended_at')
          .orWhere('s.started_at', '>=', since)
          .orWhere('s.ended_at', '>=', since),
      )
      .orderBy('s.id')
      .limit(options.limit);
    if (options.after) query.where('s.id', '>', options.after);
    return (await query).map(toSession);
  }

  async listUsageSessionsUpdatedSince(options: {
    updatedSince: string;
    after?: string;
    limit: number;
  }): Promise<UsageSessionPage> {
    const query = this.db<SessionRow>('usage_sessions as s')
      .leftJoin('workspaces as w', 'w.id', 's.workspace_id')
      .select('s.*', 'w.name as workspace_name')
      .where('s.updated_at', '>=', new Date(options.updatedSince))
      .orderBy([
        { column: 's.updated_at', order: 'asc' },
        { column: 's.id', order: 'asc' },
      ])
      .limit(options.limit);
    const after = options.after ? parseChangeCursor(options.after) : undefined;
    if (after) {
      query.where(q =>
        q
          .where('s.updated_at', '>', after.updatedAt)
          .orWhere(q2 =>
            q2
              .where('s.updated_at', '=', after.updatedAt)
              .andWhere('s.id', '>', after.id),
          ),
      );
    }
    const rows = await query;
    const last = rows[rows.length - 1];
    return {
      items: rows.map(toSession),
      ...(rows.length === options.limit && last
        ? { nextAfter: changeCursor(last) }
        : {}),
    };
  }
}

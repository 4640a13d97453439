import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type {
  AccessLevel,
  AccessRequest,
  DataGrant,
  DataLaunchRecord,
  HeldWithoutAccess,
} from '@internal/plugin-data-access-common';
import type { Knex } from 'knex';
import type {
  DataAccessStore,
  GrantEnding,
  NewGrant,
  RequestQuery,
  RequestTransition,
  ResolvedGrant,
} from './DataAccessStore';
import {
  heldRow,
  lower,
  requestRow,
  toGrant,
  toHeld,
  toLaunch,
  toRequest,
  type GrantRow,
  type LaunchRow,
  type RequestRow,
} from './rows';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-data-access-backend',
  'migrations',
);

/** SQLite allows 999 bound parameters: long IN lists go in chunks. */
const CHUNK = 500;
const OPEN_STATUSES = ['pending', 'owner-approved'];

/** The data-access store on knex: SQLite (the default) and PostgreSQL alike. */
export class DatabaseDataAccessStore implements DataAccessStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseDataAccessStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseDataAccessStore(client);
  }

  private constructor(private readonly db: Knex) {}

  /** Not ended, and not expired at `at`. */
  private active(query: Knex.QueryBuilder, at: Date) {
    const now = at.toISOString();
    return query
      .whereNull('ended_at')
      .andWhere(q => q.whereNull('expires_at').orWhere('expires_at', '>', now));
  }

  async createGrant(grant: NewGrant): Promise<DataGrant> {
    const row: GrantRow = {
      id: grant.id,
      source: lower(grant.source),
      subject: lower(grant.subject),
      access: grant.access,
      expires_at: grant.expiresAt,
      granted_by: lower(grant.grantedBy),
      granted_at: grant.grantedAt,
      ended_at: null,
      ended_by: null,
      end_reason: null,
      request_id: grant.requestId,
    };
    await this.db('data_access_grants').insert(row);
    return toGrant(row);
  }

  async getGrant(id: string): Promise<DataGrant | undefined> {
    const row = await this.db<GrantRow>('data_access_grants').where({ id }).first();
    return row && toGrant(row);
  }

  async updateGrant(
    id: string,
    patch: { access?: AccessLevel; expiresAt?: string | null },
  ): Promise<DataGrant | undefined> {
    const changes: Partial<GrantRow> = {};
    if (patch.access) changes.access = patch.access;
    if (patch.expiresAt !== undefined) changes.expires_at = patch.expiresAt;
    if (Object.keys(changes).length > 0) {
      const changed = await this.db('data_access_grants')
        .where({ id })
        .whereNull('ended_at')
        .update(changes);
      if (changed === 0) return undefined;
    }
    const grant = await this.getGrant(id);
    return grant?.endedAt ? undefined : grant;
  }

  async endGrant(id: string, ending: GrantEnding): Promise<DataGrant | undefined> {
    const changed = await this.db('data_access_grants')
      .where({ id })
      .whereNull('ended_at')
      .update({
        ended_at: ending.endedAt,
        ended_by: ending.endedBy && lower(ending.endedBy),
        end_reason: ending.endReason,
      });
    return changed === 1 ? this.getGrant(id) : undefined;
  }

  async listActiveGrants(at: Date, sources?: string[]): Promise<DataGrant[]> {
    const read = (chunk?: string[]) => {
      const query = this.active(this.db<GrantRow>('data_access_grants'), at);
      if (chunk) query.whereIn('source', chunk);
      return query.orderBy([{ column: 'source' }, { column: 'subject' }, { column: 'id' }]);
    };
    if (!sources) return (await read()).map(toGrant);
    const rows: GrantRow[] = [];
    const unique = [...new Set(sources.map(lower))];
    for (let i = 0; i < unique.length; i += CHUNK) {
      rows.push(...(await read(unique.slice(i, i + CHUNK))));
    }
    return rows.map(toGrant);
  }

  async listPastGrants(source: string, at: Date, limit = 200): Promise<DataGrant[]> {
    const now = at.toISOString();
    const rows = await this.db<GrantRow>('data_access_grants')
      .where({ source: lower(source) })
      .andWhere(q => q.whereNotNull('ended_at').orWhere('expires_at', '<=', now))
      .orderBy([
        { column: 'granted_at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(limit);
    return rows.map(toGrant);
  }

  async grantsInForceAt(source: string, at: Date, until = at): Promise<DataGrant[]> {
    const when = at.toISOString();
    const rows = await this.db<GrantRow>('data_access_grants')
      .where({ source: lower(source) })
      .andWhere('granted_at', '<=', until.toISOString())
      .andWhere(q => q.whereNull('ended_at').orWhere('ended_at', '>', when))
      .andWhere(q => q.whereNull('expires_at').orWhere('expires_at', '>', when))
      .orderBy([{ column: 'subject' }, { column: 'granted_at' }]);
    return rows.map(toGrant);
  }

  async resolveGrants(subjects: string[], at: Date): Promise<ResolvedGrant[]> {
    const unique = [...new Set(subjects.map(lower))];
    if (unique.length === 0) return [];
    // 'read' < 'read-write' as text: MAX is the highest access.
    const rows = await this.active(
      this.db('data_access_grants').whereIn('subject', unique),
      at,
    )
      .select('source')
      .max({ access: 'access' })
      .groupBy('source');
    return rows.map((r: { source: string; access: AccessLevel }) => ({
      source: r.source,
      access: r.access,
    }));
  }

  async listAllActiveGrants(): Promise<DataGrant[]> {
    const rows = await this.db<GrantRow>('data_access_grants').whereNull('ended_at');
    return rows.map(toGrant);
  }

  async endExpiredGrants(now: Date): Promise<DataGrant[]> {
    return this.db.transaction(async tx => {
      const expired = await tx<GrantRow>('data_access_grants')
        .whereNull('ended_at')
        .whereNotNull('expires_at')
        .andWhere('expires_at', '<=', now.toISOString());
      const ended: DataGrant[] = [];
      for (const row of expired) {
        const changed = await tx('data_access_grants')
          .where({ id: row.id })
          .whereNull('ended_at')
          .update({ ended_at: row.expires_at, ended_by: null, end_reason: 'expired' });
        if (changed === 1) {
          ended.push(toGrant({ ...row, ended_at: row.expires_at, end_reason: 'expired' }));
        }
      }
      return ended;
    });
  }

  async createRequest(request: AccessRequest): Promise<AccessRequest> {
    await this.db('data_access_requests').insert(requestRow(request));
    return (await this.getRequest(request.id))!;
  }

  async getRequest(id: string): Promise<AccessRequest | undefined> {
    const row = await this.db<RequestRow>('data_access_requests').where({ id }).first();
    return row && toRequest(row);
  }

  async findOpenRequest(source: string, requester: string): Promise<AccessRequest | undefined> {
    const row = await this.db<RequestRow>('data_access_requests')
      .where({ source: lower(source), requester: lower(requester) })
      .whereIn('status', OPEN_STATUSES)
      .first();
    return row && toRequest(row);
  }

  async listRequests(query: RequestQuery): Promise<AccessRequest[]> {
    const read = (sources?: string[]) => {
      const q = this.db<RequestRow>('data_access_requests');
      if (query.requester) q.where('requester', lower(query.requester));
      if (sources) q.whereIn('source', sources);
      if (query.statuses) q.whereIn('status', query.statuses);
      return q
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'asc' },
        ])
        .limit(query.limit ?? 500);
    };
    if (!query.sources) return (await read()).map(toRequest);
    const rows: RequestRow[] = [];
    const unique = [...new Set(query.sources.map(lower))];
    for (let i = 0; i < unique.length; i += CHUNK) {
      rows.push(...(await read(unique.slice(i, i + CHUNK))));
    }
    rows.sort((a, b) => b.created_at.localeCompare(a.created_at) || a.id.localeCompare(b.id));
    return rows.slice(0, query.limit ?? 500).map(toRequest);
  }

  async transitionRequest(
    id: string,
    transition: RequestTransition,
  ): Promise<AccessRequest | undefined> {
    return this.db.transaction(async tx => {
      const row = await tx<RequestRow>('data_access_requests')
        .where({ id, status: transition.from })
        .first();
      if (!row) return undefined;
      const decisions = JSON.parse(row.decisions);
      if (transition.decision) decisions.push(transition.decision);
      const changed = await tx('data_access_requests')
        .where({ id, status: transition.from })
        .update({
          status: transition.to,
          updated_at: transition.at,
          decisions: JSON.stringify(decisions),
          grant_id: transition.grantId ?? row.grant_id,
        });
      if (changed !== 1) return undefined;
      return toRequest((await tx<RequestRow>('data_access_requests').where({ id }).first())!);
    });
  }

  async recordLaunch(record: DataLaunchRecord): Promise<void> {
    await this.db('data_access_launches').insert({
      id: record.id,
      workspace_id: record.workspaceId,
      user: lower(record.user),
      sources: JSON.stringify(record.sources),
      launched_at: record.launchedAt,
      ended_at: record.endedAt,
    });
  }

  async lastLaunchOf(workspaceId: string): Promise<DataLaunchRecord | undefined> {
    const row = await this.db<LaunchRow>('data_access_launches')
      .where({ workspace_id: workspaceId })
      .orderBy([
        { column: 'launched_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    return row && toLaunch(row);
  }

  async endLaunches(workspaceId: string, at: string): Promise<number> {
    return this.db('data_access_launches')
      .where({ workspace_id: workspaceId })
      .whereNull('ended_at')
      .update({ ended_at: at });
  }

  async listOpenLaunches(): Promise<DataLaunchRecord[]> {
    const rows = await this.db<LaunchRow>('data_access_launches')
      .whereNull('ended_at')
      .orderBy('launched_at');
    return rows.map(toLaunch);
  }

  async replaceHeld(items: HeldWithoutAccess[]): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('data_access_held').delete();
      for (let i = 0; i < items.length; i += 100) {
        await tx('data_access_held').insert(items.slice(i, i + 100).map(heldRow));
      }
    });
  }

  async listHeld(): Promise<HeldWithoutAccess[]> {
    const rows = await this.db('data_access_held').orderBy([
      { column: 'launched_at' },
      { column: 'workspace_id' },
      { column: 'source' },
    ]);
    return rows.map(toHeld);
  }
}

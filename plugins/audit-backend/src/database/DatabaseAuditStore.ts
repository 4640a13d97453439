import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { AuditLogEntry } from '@internal/plugin-audit-common';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { AuditQuery, AuditStore } from './AuditStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-audit-backend',
  'migrations',
);

type Row = {
  id: string;
  at: Date | string | number;
  plugin: string;
  event_id: string;
  severity_level: string;
  status: string;
  actor: string | null;
  ip: string | null;
  user_agent: string | null;
  method: string | null;
  url: string | null;
  error: string | null;
  meta: string | null;
};

/** The knex implementation of {@link AuditStore}, on SQLite and PostgreSQL. */
export class DatabaseAuditStore implements AuditStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseAuditStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseAuditStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async insert(entry: Omit<AuditLogEntry, 'id'>): Promise<void> {
    await this.db('audit_events').insert({
      id: randomUUID(),
      at: new Date(entry.at),
      plugin: entry.plugin,
      event_id: entry.eventId,
      severity_level: entry.severityLevel,
      status: entry.status,
      actor: entry.actor ?? null,
      ip: entry.ip ?? null,
      user_agent: entry.userAgent ?? null,
      method: entry.method ?? null,
      url: entry.url ?? null,
      error: entry.error ?? null,
      meta: entry.meta ? JSON.stringify(entry.meta) : null,
    });
  }

  async query(
    query: AuditQuery,
  ): Promise<{ items: AuditLogEntry[]; total: number }> {
    const filtered = () => {
      const q = this.db<Row>('audit_events');
      if (query.plugin) q.where('plugin', query.plugin);
      if (query.eventId) q.where('event_id', query.eventId);
      if (query.actor) q.where('actor', query.actor);
      if (query.status) q.where('status', query.status);
      if (query.from) q.where('at', '>=', new Date(query.from));
      if (query.to) q.where('at', '<', new Date(query.to));
      if (query.search) {
        // LIKE is case-sensitive on PostgreSQL and not on SQLite: compare lower-cased.
        const term = `%${query.search
          .toLocaleLowerCase('en-US')
          .replace(/[\\%_]/g, c => `\\${c}`)}%`;
        q.where(inner =>
          ['event_id', 'actor', 'url', 'meta'].forEach(column =>
            inner.orWhereRaw(`LOWER(COALESCE(??, '')) LIKE ? ESCAPE '\\'`, [
              column,
              term,
            ]),
          ),
        );
      }
      return q;
    };
    const [{ count }] = await filtered().count<{ count: string | number }[]>({
      count: '*',
    });
    const rows = await filtered()
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(query.limit)
      .offset(query.offset);
    return {
      total: Number(count),
      items: rows.map(row => ({
        id: row.id,
        at: new Date(row.at).toISOString(),
        plugin: row.plugin,
        eventId: row.event_id,
        severityLevel: row.severity_level,
        status: row.status as AuditLogEntry['status'],
        ...(row.actor ? { actor: row.actor } : {}),
        ...(row.ip ? { ip: row.ip } : {}),
        ...(row.user_agent ? { userAgent: row.user_agent } : {}),
        ...(row.method ? { method: row.method } : {}),
        ...(row.url ? { url: row.url } : {}),
        ...(row.error ? { error: row.error } : {}),
        ...(row.meta ? { meta: JSON.parse(row.meta) } : {}),
      })),
    };
  }
}

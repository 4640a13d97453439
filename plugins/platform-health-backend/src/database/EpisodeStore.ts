import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { AlertEpisode } from '@internal/plugin-platform-health-common';
import type { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-platform-health-backend',
  'migrations',
);

const TABLE = 'platform_health_episodes';

/** What starts an episode: a firing alert or a service in a bad state. */
export interface EpisodeStart {
  /** Same key, same episode while it is open: `alert:<ref>:<labels>`, `status:<ref>`. */
  key: string;
  kind: 'alert' | 'status';
  name: string;
  componentRef?: string;
  severity?: string;
  summary?: string;
  labels: Record<string, string>;
}

/** An open episode as the notifier needs it. */
export interface OpenEpisode extends AlertEpisode {
  key: string;
}

/** Rows hold epoch ms as bigint: PostgreSQL hands those back as strings. */
function toEpisode(row: any): OpenEpisode {
  const iso = (ms: unknown) =>
    ms === null || ms === undefined
      ? undefined
      : new Date(Number(ms)).toISOString();
  return {
    id: Number(row.id),
    key: row.episode_key,
    kind: row.kind,
    name: row.name,
    ...(row.component_ref ? { componentRef: row.component_ref } : {}),
    ...(row.severity ? { severity: row.severity } : {}),
    ...(row.summary ? { summary: row.summary } : {}),
    labels: JSON.parse(row.labels ?? '{}'),
    startedAt: iso(row.started_at_ms)!,
    ...(row.resolved_at_ms !== null && row.resolved_at_ms !== undefined
      ? { resolvedAt: iso(row.resolved_at_ms) }
      : {}),
    ...(row.notified_at_ms !== null && row.notified_at_ms !== undefined
      ? { notifiedAt: iso(row.notified_at_ms) }
      : {}),
  };
}

/**
 * Alert and status episodes on SQLite or PostgreSQL. One open episode per key (a unique
 * index), so whoever opens it is the one who notifies, and a restarted backend finds
 * the episodes it already notified about.
 */
export class EpisodeStore {
  static async create(database: DatabaseService): Promise<EpisodeStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new EpisodeStore(client);
  }

  constructor(private readonly db: Knex) {}

  async open(): Promise<OpenEpisode[]> {
    const rows = await this.db(TABLE).whereNotNull('open_key').orderBy('id');
    return rows.map(toEpisode);
  }

  /** Opens an episode unless one with this key is open; true when this call opened it. */
  async start(episode: EpisodeStart, atMs: number): Promise<boolean> {
    const inserted = await this.db(TABLE)
      .insert({
        episode_key: episode.key,
        open_key: episode.key,
        kind: episode.kind,
        name: episode.name,
        component_ref: episode.componentRef ?? null,
        severity: episode.severity ?? null,
        summary: episode.summary ?? null,
        labels: JSON.stringify(episode.labels),
        started_at_ms: atMs,
      })
      .onConflict('open_key')
      .ignore()
      .returning('id');
    return inserted.length > 0;
  }

  /** Records that the owners were told; false when someone else already had. */
  async markNotified(key: string, atMs: number): Promise<boolean> {
    const updated = await this.db(TABLE)
      .where({ open_key: key })
      .whereNull('notified_at_ms')
      .update({ notified_at_ms: atMs });
    return updated > 0;
  }

  /** Gives a claim back after the notification could not be sent. */
  async unmarkNotified(key: string): Promise<void> {
    await this.db(TABLE)
      .where({ open_key: key })
      .update({ notified_at_ms: null });
  }

  /** Ends the open episode of each key. */
  async resolve(keys: string[], atMs: number): Promise<number> {
    if (keys.length === 0) return 0;
    let resolved = 0;
    // In chunks: SQLite takes at most 999 bound values per statement.
    for (let i = 0; i < keys.length; i += 500) {
      resolved += await this.db(TABLE)
        .whereIn('open_key', keys.slice(i, i + 500))
        .update({ open_key: null, resolved_at_ms: atMs });
    }
    return resolved;
  }

  /**
   * Episodes that overlap [fromMs, toMs], newest first, optionally of one component
   * (its ref, as stored: lowercase), at most `limit`.
   */
  async between(options: {
    fromMs: number;
    toMs: number;
    componentRef?: string;
    limit: number;
  }): Promise<AlertEpisode[]> {
    const query = this.db(TABLE)
      .where('started_at_ms', '<=', options.toMs)
      .andWhere(q =>
        q
          .whereNull('resolved_at_ms')
          .orWhere('resolved_at_ms', '>=', options.fromMs),
      )
      .orderBy('started_at_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit);
    if (options.componentRef) {
      query.where('component_ref', options.componentRef);
    }
    return (await query).map(row => {
      const { key: _key, ...episode } = toEpisode(row);
      return episode;
    });
  }
}

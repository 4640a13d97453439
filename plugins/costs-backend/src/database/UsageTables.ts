import type { CostDimension } from '@internal/plugin-costs-common';
import type { Knex } from 'knex';
import type { PriceList } from '../pricing';
import type { DailyRow, MeteredSession, UsageFilter } from './CostsStore';
import { queryGroupOverlaps } from './groupOverlapQuery';
import {
  addDaysToMonths,
  monthRollupsAnswer,
  queryGroupPairs,
  queryMonths,
  rebuildGroupPairs,
  wholeMonths,
} from './monthlyRollups';
import { chunks, iso, lockRow, placeholders } from './rows';

type SessionRow = {
  id: string;
  workspace_id: string;
  workspace_name: string | null;
  owner: string;
  groups: string;
  project: string | null;
  profile: string;
  cpu: number | string;
  memory_gib: number | string;
  gpu: number | string;
  gpu_type: string | null;
  started_at: Date | string | number;
  ended_at: Date | string | number | null;
  end_reason: string | null;
  idle_seconds: number | string | null;
  demo: number | string;
};

function toSession(row: SessionRow): MeteredSession {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    ...(row.workspace_name ? { workspaceName: row.workspace_name } : {}),
    owner: row.owner,
    groups: JSON.parse(row.groups),
    ...(row.project ? { project: row.project } : {}),
    profile: row.profile,
    cpu: Number(row.cpu),
    memoryGiB: Number(row.memory_gib),
    gpu: Number(row.gpu),
    ...(row.gpu_type ? { gpuType: row.gpu_type } : {}),
    startedAt: iso(row.started_at)!,
    ...(row.ended_at !== null ? { endedAt: iso(row.ended_at) } : {}),
    ...(row.end_reason ? { endReason: row.end_reason } : {}),
    ...(row.idle_seconds !== null
      ? { idleSeconds: Number(row.idle_seconds) }
      : {}),
    demo: Number(row.demo) === 1,
  };
}

/**
 * A session's `costs_sessions` row (`knownName`: the workspace's name when the session
 * comes back without it, its workspace deleted). Also written by the benchmark's bulk
 * loader, so that it stores exactly what the store does.
 */
export function sessionRowOf(s: MeteredSession, knownName?: string) {
  return {
    id: s.id,
    workspace_id: s.workspaceId,
    workspace_name: s.workspaceName ?? knownName ?? null,
    owner: s.owner,
    groups: JSON.stringify(s.groups),
    project: s.project ?? null,
    profile: s.profile,
    cpu: s.cpu,
    memory_gib: s.memoryGiB,
    gpu: s.gpu,
    gpu_type: s.gpuType ?? null,
    started_at: new Date(s.startedAt),
    ended_at: s.endedAt ? new Date(s.endedAt) : null,
    end_reason: s.endReason ?? null,
    idle_seconds: s.idleSeconds ?? null,
    demo: s.demo ? 1 : 0,
  };
}

/** An ended session's priced UTC day slices, as `costs_session_days` rows (none while open). */
export function daySliceRowsOf(prices: PriceList, s: MeteredSession) {
  if (!s.endedAt) return [];
  return prices
    .slice({
      ...s,
      startMs: Date.parse(s.startedAt),
      endMs: Date.parse(s.endedAt),
    })
    .map(slice => ({
      session_id: s.id,
      day: slice.day,
      duration_ms: slice.durationMs,
      amount_micros: slice.amountMicros,
    }));
}

const KEY_COLUMN: Record<CostDimension, string> = {
  user: 'user_ref',
  group: 'group_ref',
  project: 'project_ref',
  profile: 'profile',
};

/**
 * The usage tables: metered sessions, their priced day slices and the daily rollups
 * reports read (by user, project and profile; and by group).
 */
export class UsageTables {
  constructor(private readonly db: Knex, private readonly prices: PriceList) {}

  async upsertSessions(sessions: MeteredSession[]): Promise<void> {
    const byId = new Map(sessions.map(s => [s.id, s]));
    for (const chunk of chunks([...byId.values()])) {
      await this.db.transaction(async tx => {
        const ids = chunk.map(s => s.id);
        const oldDays: string[] = (
          await tx('costs_session_days')
            .whereIn('session_id', ids)
            .distinct('day')
        ).map((r: { day: string }) => r.day);
        // A deleted workspace's sessions come back without its name: keep the one known.
        const knownNames = new Map<string, string>(
          (
            await tx('costs_sessions')
              .whereIn('id', ids)
              .whereNotNull('workspace_name')
              .select('id', 'workspace_name')
          ).map((r: { id: string; workspace_name: string }) => [
            r.id,
            r.workspace_name,
          ]),
        );
        await tx('costs_session_days').whereIn('session_id', ids).delete();
        await tx('costs_session_groups').whereIn('session_id', ids).delete();
        await tx('costs_sessions').whereIn('id', ids).delete();

        await tx('costs_sessions').insert(
          chunk.map(s => sessionRowOf(s, knownNames.get(s.id))),
        );
        const groupRows = chunk.flatMap(s =>
          [...new Set(s.groups)].map(group => ({
            session_id: s.id,
            group_ref: group,
          })),
        );
        for (const part of chunks(groupRows)) {
          await tx('costs_session_groups').insert(part);
        }
        const dayRows = chunk.flatMap(s => daySliceRowsOf(this.prices, s));
        for (const part of chunks(dayRows)) {
          await tx('costs_session_days').insert(part);
        }
        const dirty = [...new Set([...oldDays, ...dayRows.map(r => r.day)])];
        for (const part of chunks(dirty)) {
          await tx('costs_dirty_days')
            .insert(part.map(day => ({ day })))
            .onConflict('day')
            .ignore();
        }
      });
    }
    await this.recomputeDirtyDays();
  }

  /**
   * Rebuilds the rollups of every day marked dirty. A marker is removed in the same
   * transaction that rebuilds its day, so a crash leaves it for the next call.
   */
  async recomputeDirtyDays(): Promise<number> {
    const days: string[] = (
      await this.db('costs_dirty_days').select('day')
    ).map((r: { day: string }) => r.day);
    for (const part of chunks(days, 100)) {
      await this.db.transaction(async tx => {
        await lockRow(tx, 'rollup.lock');
        await tx('costs_dirty_days').whereIn('day', part).delete();
        // The months lose these days' old figures here and get the new ones below.
        await addDaysToMonths(tx, part, -1);
        await tx('costs_daily').whereIn('day', part).delete();
        await tx('costs_daily_groups').whereIn('day', part).delete();
        await tx.raw(
          `INSERT INTO costs_daily (day, user_ref, project_ref, profile, duration_ms, amount_micros, demo)
           SELECT d.day, s.owner, COALESCE(s.project, ''), s.profile,
                  SUM(d.duration_ms), SUM(d.amount_micros), MAX(s.demo)
           FROM costs_session_days d JOIN costs_sessions s ON s.id = d.session_id
           WHERE d.day IN (${placeholders(part)})
           GROUP BY d.day, s.owner, COALESCE(s.project, ''), s.profile`,
          part,
        );
        await tx.raw(
          `INSERT INTO costs_daily_groups (day, group_ref, user_ref, project_ref, profile, duration_ms, amount_micros, demo)
           SELECT d.day, COALESCE(g.group_ref, ''), s.owner, COALESCE(s.project, ''), s.profile,
                  SUM(d.duration_ms), SUM(d.amount_micros), MAX(s.demo)
           FROM costs_session_days d
           JOIN costs_sessions s ON s.id = d.session_id
           LEFT JOIN costs_session_groups g ON g.session_id = s.id
           WHERE d.day IN (${placeholders(part)})
           GROUP BY d.day, COALESCE(g.group_ref, ''), s.owner, COALESCE(s.project, ''), s.profile`,
          part,
        );
        await addDaysToMonths(tx, part, 1);
        await rebuildGroupPairs(tx, part);
      });
    }
    return days.length;
  }

  async listOpenSessions(
    filter: UsageFilter = {},
    startedBeforeMs?: number,
  ): Promise<MeteredSession[]> {
    const query = this.db<SessionRow>('costs_sessions')
      .whereNull('ended_at')
      .orderBy('started_at');
    if (startedBeforeMs !== undefined)
      query.where('started_at', '<', new Date(startedBeforeMs));
    if (filter.user) query.where('owner', filter.user);
    if (filter.project) query.where('project', filter.project);
    if (filter.profile) query.where('profile', filter.profile);
    if (filter.group) {
      // EXISTS, not IN: the few open sessions are checked against the group, rather
      // than the group's hundred thousand sessions looked up (~400 ms at 1M, #16).
      query.whereExists(
        this.db('costs_session_groups')
          .select(this.db.raw('1'))
          .whereRaw('costs_session_groups.session_id = costs_sessions.id')
          .andWhere('costs_session_groups.group_ref', filter.group),
      );
    }
    return (await query).map(toSession);
  }

  async listSessionsEndedSince(
    fromMs: number,
    afterId: string | undefined,
    limit: number,
  ): Promise<MeteredSession[]> {
    const query = this.db<SessionRow>('costs_sessions')
      .where('ended_at', '>=', new Date(fromMs))
      .orderBy('id')
      .limit(limit);
    if (afterId !== undefined) query.where('id', '>', afterId);
    return (await query).map(toSession);
  }

  async lastEndedAt(workspaceIds: string[]): Promise<Map<string, string>> {
    const last = new Map<string, string>();
    for (const part of chunks(workspaceIds)) {
      const rows = await this.db('costs_sessions')
        .whereIn('workspace_id', part)
        .whereNotNull('ended_at')
        .groupBy('workspace_id')
        .select('workspace_id')
        .max({ ended_at: 'ended_at' });
      for (const r of rows as Array<{
        workspace_id: string;
        ended_at: Date | string | number;
      }>) {
        last.set(r.workspace_id, iso(r.ended_at)!);
      }
    }
    return last;
  }

  async listIdleEndedSessions(
    fromMs: number,
    toMs: number,
  ): Promise<MeteredSession[]> {
    const rows = await this.db<SessionRow>('costs_sessions')
      .where('ended_at', '>=', new Date(fromMs))
      .andWhere('ended_at', '<', new Date(toMs))
      .andWhere('idle_seconds', '>', 0)
      .orderBy('ended_at', 'desc');
    return rows.map(toSession);
  }

  async listSessionDays(sessionIds: string[]) {
    const out = [];
    for (const part of chunks(sessionIds)) {
      const rows = await this.db('costs_session_days')
        .whereIn('session_id', part)
        .orderBy(['session_id', 'day']);
      out.push(
        ...rows.map(r => ({
          sessionId: r.session_id as string,
          day: r.day as string,
          amountMicros: Number(r.amount_micros),
          durationMs: Number(r.duration_ms),
        })),
      );
    }
    return out;
  }

  async queryDaily(options: {
    fromDay: string;
    toDay: string;
    groupBy: CostDimension;
    filter?: UsageFilter;
    period?: 'day' | 'month';
  }): Promise<DailyRow[]> {
    const { fromDay, toDay, groupBy, filter = {}, period = 'day' } = options;
    if (period === 'month' && monthRollupsAnswer(groupBy, filter)) {
      // Whole months from the month rollups, the days around them from the day rollups.
      const { firstDay, endDay } = wholeMonths(fromDay, toDay);
      if (firstDay < endDay) {
        const parts = [
          queryMonths(this.db, { firstDay, endDay, groupBy, filter }),
        ];
        for (const [from, to] of [
          [fromDay, firstDay],
          [endDay, toDay],
        ]) {
          if (from < to) {
            parts.push(
              this.queryDays({ ...options, fromDay: from, toDay: to }),
            );
          }
        }
        return (await Promise.all(parts)).flat();
      }
    }
    return this.queryDays(options);
  }

  /** `queryDaily` from the day rollups. */
  private async queryDays(options: {
    fromDay: string;
    toDay: string;
    groupBy: CostDimension;
    filter?: UsageFilter;
    period?: 'day' | 'month';
  }): Promise<DailyRow[]> {
    const { fromDay, toDay, groupBy, filter = {}, period = 'day' } = options;
    const byGroup = groupBy === 'group' || filter.group !== undefined;
    const key = KEY_COLUMN[groupBy];
    // Days are 'YYYY-MM-DD' strings: their first 7 characters are the month.
    const bucket =
      period === 'month' ? this.db.raw('substr(day, 1, 7)') : 'day';
    const query = this.db(byGroup ? 'costs_daily_groups' : 'costs_daily')
      .select({ day: bucket, key })
      .sum({ amount: 'amount_micros', duration: 'duration_ms' })
      .max({ demo: 'demo' })
      .where('day', '>=', fromDay)
      .andWhere('day', '<', toDay)
      .groupBy(key);
    if (period === 'month') query.groupByRaw('substr(day, 1, 7)');
    else query.groupBy('day');
    if (filter.user) query.where('user_ref', filter.user);
    if (filter.group) query.where('group_ref', filter.group);
    if (filter.project) query.where('project_ref', filter.project);
    if (filter.profile) query.where('profile', filter.profile);
    const rows = await query;
    return rows.map((r: any) => ({
      day: r.day,
      key: r.key,
      amountMicros: Number(r.amount),
      durationMs: Number(r.duration),
      demo: Number(r.demo) === 1,
    }));
  }

  async queryGroupOverlaps(options: {
    fromDay: string;
    toDay: string;
    filter?: UsageFilter;
  }) {
    const { filter = {} } = options;
    // The pairs hold every session: a filter on the sessions needs their slices.
    if (!filter.user && !filter.project && !filter.profile) {
      return queryGroupPairs(this.db, options);
    }
    return queryGroupOverlaps(this.db, options);
  }
}

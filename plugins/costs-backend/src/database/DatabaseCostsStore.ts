import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type {
  BudgetSpec,
  CostDimension,
  QuotaSpec,
} from '@internal/plugin-costs-common';
import type { Knex } from 'knex';
import { toMicros, toMoney, type PriceList } from '../pricing';
import type {
  CostsStore,
  DailyRow,
  MeteredSession,
  Reservation,
  StoredBudget,
  StoredQuota,
  UsageFilter,
} from './CostsStore';
import { queryGroupOverlaps } from './groupOverlapQuery';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-costs-backend',
  'migrations',
);

/** State keys noting when a workspace stopped (ISO times sort as strings). */
const RELEASED_PREFIX = 'released:';
/** State keys of admissions released before they committed (the caller gave up). */
const CANCELLED_PREFIX = 'cancelled:';

/** Rows per statement: well under SQLite's limit on bound variables. */
const CHUNK = 200;

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

/**
 * SQLite (through knex) returns a Date column as epoch milliseconds, PostgreSQL as a
 * Date: both become an ISO string here.
 */
function iso(value: Date | string | number | null | undefined) {
  if (value === null || value === undefined) return undefined;
  return new Date(value).toISOString();
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

const placeholders = (items: unknown[]) => items.map(() => '?').join(', ');

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

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' || // PostgreSQL
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

const KEY_COLUMN: Record<CostDimension, string> = {
  user: 'user_ref',
  group: 'group_ref',
  project: 'project_ref',
  profile: 'profile',
};

/** The knex implementation of {@link CostsStore}, on SQLite and PostgreSQL. */
export class DatabaseCostsStore implements CostsStore {
  static async create(options: {
    database: DatabaseService;
    prices: PriceList;
  }): Promise<DatabaseCostsStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseCostsStore(client, options.prices);
  }

  private constructor(
    private readonly db: Knex,
    private readonly prices: PriceList,
  ) {}

  /** Takes a lock row first thing in a transaction: serializes it among all replicas. */
  private async lock(tx: Knex.Transaction, key: string) {
    await tx('costs_state')
      .where({ key })
      .update({ value: String(Date.now()) });
  }

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
          chunk.map(s => ({
            id: s.id,
            workspace_id: s.workspaceId,
            workspace_name: s.workspaceName ?? knownNames.get(s.id) ?? null,
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
          })),
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
        const dayRows = chunk
          .filter(s => s.endedAt)
          .flatMap(s =>
            this.prices
              .slice({
                ...s,
                startMs: Date.parse(s.startedAt),
                endMs: Date.parse(s.endedAt!),
              })
              .map(slice => ({
                session_id: s.id,
                day: slice.day,
                duration_ms: slice.durationMs,
                amount_micros: slice.amountMicros,
              })),
          );
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
        await this.lock(tx, 'rollup.lock');
        await tx('costs_dirty_days').whereIn('day', part).delete();
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
      });
    }
    return days.length;
  }

  async listOpenSessions(filter: UsageFilter = {}): Promise<MeteredSession[]> {
    const query = this.db<SessionRow>('costs_sessions')
      .whereNull('ended_at')
      .orderBy('started_at');
    if (filter.user) query.where('owner', filter.user);
    if (filter.project) query.where('project', filter.project);
    if (filter.profile) query.where('profile', filter.profile);
    if (filter.group) {
      query.whereIn(
        'id',
        this.db('costs_session_groups')
          .select('session_id')
          .where('group_ref', filter.group),
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
    return queryGroupOverlaps(this.db, options);
  }

  async getState(key: string): Promise<string | undefined> {
    const row = await this.db('costs_state').where({ key }).first();
    return row?.value ?? undefined;
  }

  async setState(key: string, value: string): Promise<void> {
    await this.db('costs_state')
      .insert({ key, value })
      .onConflict('key')
      .merge();
  }

  async listBudgets(subjectRefs?: string[]): Promise<StoredBudget[]> {
    const query = this.db('costs_budgets').orderBy('subject_ref');
    if (subjectRefs) query.whereIn('subject_ref', subjectRefs);
    return (await query).map((r: any) => ({
      subjectRef: r.subject_ref,
      monthlyAmountMicros: Number(r.monthly_amount_micros),
      monthlyAmount: toMoney(Number(r.monthly_amount_micros)),
      updatedAt: iso(r.updated_at)!,
      ...(r.updated_by ? { updatedBy: r.updated_by } : {}),
    }));
  }

  async putBudget(budget: BudgetSpec, actor?: string): Promise<StoredBudget> {
    await this.db('costs_budgets')
      .insert({
        subject_ref: budget.subjectRef,
        monthly_amount_micros: toMicros(budget.monthlyAmount),
        updated_at: new Date(),
        updated_by: actor ?? null,
      })
      .onConflict('subject_ref')
      .merge();
    return (await this.listBudgets([budget.subjectRef]))[0];
  }

  async deleteBudget(subjectRef: string): Promise<boolean> {
    return (
      (await this.db('costs_budgets')
        .where({ subject_ref: subjectRef })
        .delete()) > 0
    );
  }

  async claimAlert(
    subjectRef: string,
    month: string,
    threshold: number,
  ): Promise<boolean> {
    try {
      await this.db('costs_budget_alerts').insert({
        subject_ref: subjectRef,
        month,
        threshold,
        sent_at: new Date(),
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async releaseAlert(
    subjectRef: string,
    month: string,
    threshold: number,
  ): Promise<void> {
    await this.db('costs_budget_alerts')
      .where({ subject_ref: subjectRef, month, threshold })
      .delete();
  }

  async listAlerts(month: string) {
    const rows = await this.db('costs_budget_alerts')
      .where({ month })
      .orderBy(['subject_ref', 'threshold']);
    return rows.map((r: any) => ({
      subjectRef: r.subject_ref as string,
      threshold: Number(r.threshold),
    }));
  }

  async listQuotas(subjectRefs?: string[]): Promise<StoredQuota[]> {
    const query = this.db('costs_quotas').orderBy('subject_ref');
    if (subjectRefs) query.whereIn('subject_ref', subjectRefs);
    return (await query).map(toQuota);
  }

  async putQuota(quota: QuotaSpec, actor?: string): Promise<StoredQuota> {
    await this.db('costs_quotas')
      .insert({
        subject_ref: quota.subjectRef,
        max_cpu: quota.maxCpu ?? null,
        max_memory_gib: quota.maxMemoryGiB ?? null,
        max_gpu: quota.maxGpu ?? null,
        max_running_workspaces: quota.maxRunningWorkspaces ?? null,
        updated_at: new Date(),
        updated_by: actor ?? null,
      })
      .onConflict('subject_ref')
      .merge();
    return (await this.listQuotas([quota.subjectRef]))[0];
  }

  async deleteQuota(subjectRef: string): Promise<boolean> {
    return (
      (await this.db('costs_quotas')
        .where({ subject_ref: subjectRef })
        .delete()) > 0
    );
  }

  async listReservations(): Promise<Reservation[]> {
    return (await this.db('costs_reservations').orderBy('created_at')).map(
      toReservation,
    );
  }

  async admit<T extends { allowed: boolean }>(
    reservation: Omit<Reservation, 'createdAt'>,
    subjects: string[],
    decide: (context: {
      quotas: StoredQuota[];
      reservations: Reservation[];
    }) => T,
  ): Promise<T> {
    return this.db.transaction(async tx => {
      // First a write: from here on no other admission runs until this one commits.
      await this.lock(tx, 'admission.lock');
      const quotas = (
        await tx('costs_quotas').whereIn('subject_ref', subjects)
      ).map(toQuota);
      const reservations = (
        await tx('costs_reservations')
          .whereNot('workspace_id', reservation.workspaceId)
          .orderBy('created_at')
      ).map(toReservation);
      const decision = decide({ quotas, reservations });
      const cancelled = await tx('costs_state')
        .where({ key: `${CANCELLED_PREFIX}${reservation.admissionId}` })
        .first();
      if (decision.allowed && !cancelled) {
        await tx('costs_reservations')
          .where('admission_id', reservation.admissionId)
          .delete();
        if (reservation.admissionId === reservation.workspaceId) {
          await tx('costs_reservations')
            .where('workspace_id', reservation.workspaceId)
            .delete();
        }
        await tx('costs_reservations').insert(
          toReservationRow(reservation, new Date()),
        );
      }
      return decision;
    });
  }

  async deleteReservation(
    workspaceId: string,
    admissionId?: string,
  ): Promise<boolean> {
    if (admissionId === undefined) {
      return (
        (await this.db('costs_reservations')
          .where({ workspace_id: workspaceId })
          .delete()) > 0
      );
    }
    // Under the admission lock, with a mark: an admission of this id that commits later
    // (its caller timed out and gave up) finds the mark and reserves nothing.
    return this.db.transaction(async tx => {
      await this.lock(tx, 'admission.lock');
      await tx('costs_state')
        .insert({
          key: `${CANCELLED_PREFIX}${admissionId}`,
          value: new Date().toISOString(),
        })
        .onConflict('key')
        .merge();
      return (
        (await tx('costs_reservations')
          .where({ workspace_id: workspaceId, admission_id: admissionId })
          .delete()) > 0
      );
    });
  }

  async markReleased(workspaceId: string): Promise<void> {
    await this.setState(
      `${RELEASED_PREFIX}${workspaceId}`,
      new Date().toISOString(),
    );
  }

  async releasedSince(sinceMs: number, pruneBeforeMs: number) {
    const marks = this.db('costs_state').where(
      'key',
      'like',
      `${RELEASED_PREFIX}%`,
    );
    await this.db('costs_state')
      .where(q =>
        q
          .where('key', 'like', `${RELEASED_PREFIX}%`)
          .orWhere('key', 'like', `${CANCELLED_PREFIX}%`),
      )
      .andWhere('value', '<', new Date(pruneBeforeMs).toISOString())
      .delete();
    const since = new Date(sinceMs).toISOString();
    return (await marks.clone().select('key', 'value'))
      .filter((r: { value: string }) => r.value >= since)
      .map((r: { key: string }) => r.key.slice(RELEASED_PREFIX.length));
  }

  async repairReservations(
    staleIds: string[],
    missing: Array<Omit<Reservation, 'createdAt'>>,
  ): Promise<void> {
    if (staleIds.length === 0 && missing.length === 0) return;
    await this.db.transaction(async tx => {
      await this.lock(tx, 'admission.lock');
      for (const part of chunks(staleIds)) {
        await tx('costs_reservations').whereIn('workspace_id', part).delete();
      }
      const now = new Date();
      for (const r of missing) {
        await tx('costs_reservations')
          .insert(toReservationRow(r, now))
          .onConflict('admission_id')
          .ignore();
      }
    });
  }
}

function toQuota(r: any): StoredQuota {
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

function toReservation(r: any): Reservation {
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

function toReservationRow(r: Omit<Reservation, 'createdAt'>, at: Date) {
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

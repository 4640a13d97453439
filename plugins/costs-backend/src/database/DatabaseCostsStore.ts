import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { PriceList } from '../pricing';
import type { CostsStore } from './CostsStore';
import { LimitTables } from './LimitTables';
import { ReservationTables } from './ReservationTables';
import { UsageTables } from './UsageTables';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-costs-backend',
  'migrations',
);

/**
 * The knex implementation of {@link CostsStore}, on SQLite and PostgreSQL: the usage
 * tables (sessions and rollups), the limit tables (budgets, alerts, quotas) and the
 * reservation tables, each in its own class, over one database.
 */
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

  private readonly usage: UsageTables;
  private readonly limits: LimitTables;
  private readonly reservations: ReservationTables;

  private constructor(private readonly db: Knex, prices: PriceList) {
    this.usage = new UsageTables(db, prices);
    this.limits = new LimitTables(db);
    this.reservations = new ReservationTables(db);
  }

  // Usage: sessions, their day slices and the rollups.
  upsertSessions: CostsStore['upsertSessions'] = sessions =>
    this.usage.upsertSessions(sessions);
  /** Rebuilds the rollups of every day marked dirty; returns how many days. */
  recomputeDirtyDays = (): Promise<number> => this.usage.recomputeDirtyDays();
  listOpenSessions: CostsStore['listOpenSessions'] = (
    filter,
    startedBeforeMs,
  ) => this.usage.listOpenSessions(filter, startedBeforeMs);
  listSessionsEndedSince: CostsStore['listSessionsEndedSince'] = (
    fromMs,
    afterId,
    limit,
  ) => this.usage.listSessionsEndedSince(fromMs, afterId, limit);
  lastEndedAt: CostsStore['lastEndedAt'] = ids => this.usage.lastEndedAt(ids);
  listIdleEndedSessions: CostsStore['listIdleEndedSessions'] = (fromMs, toMs) =>
    this.usage.listIdleEndedSessions(fromMs, toMs);
  listSessionDays: CostsStore['listSessionDays'] = ids =>
    this.usage.listSessionDays(ids);
  queryDaily: CostsStore['queryDaily'] = options =>
    this.usage.queryDaily(options);
  queryGroupOverlaps: CostsStore['queryGroupOverlaps'] = options =>
    this.usage.queryGroupOverlaps(options);

  // State: the metering cursor, the price sheets last seen, seeding marks.
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

  // A lease is one state row: '<expiry ISO> <holder>', or '' when free (ISO sorts as text).
  async claimLease(key: string, holder: string, forMs: number) {
    const now = Date.now();
    await this.db('costs_state')
      .insert({ key, value: '' })
      .onConflict('key')
      .ignore();
    // One UPDATE decides: a running lease of someone else matches no row.
    const claimed = await this.db('costs_state')
      .where({ key })
      .andWhere(q =>
        q
          .whereNull('value')
          .orWhere('value', '<', new Date(now).toISOString())
          .orWhere('value', 'like', `% ${holder}`),
      )
      .update({ value: `${new Date(now + forMs).toISOString()} ${holder}` });
    return claimed === 1;
  }

  async releaseLease(key: string, holder: string) {
    await this.db('costs_state')
      .where({ key })
      .andWhere('value', 'like', `% ${holder}`)
      .update({ value: '' });
  }

  // Limits: budgets, their alerts, quotas.
  listBudgets: CostsStore['listBudgets'] = refs =>
    this.limits.listBudgets(refs);
  putBudget: CostsStore['putBudget'] = (budget, actor) =>
    this.limits.putBudget(budget, actor);
  deleteBudget: CostsStore['deleteBudget'] = ref =>
    this.limits.deleteBudget(ref);
  claimAlert: CostsStore['claimAlert'] = (ref, month, threshold) =>
    this.limits.claimAlert(ref, month, threshold);
  releaseAlert: CostsStore['releaseAlert'] = (ref, month, threshold) =>
    this.limits.releaseAlert(ref, month, threshold);
  listAlerts: CostsStore['listAlerts'] = month => this.limits.listAlerts(month);
  listQuotas: CostsStore['listQuotas'] = refs => this.limits.listQuotas(refs);
  putQuota: CostsStore['putQuota'] = (quota, actor) =>
    this.limits.putQuota(quota, actor);
  deleteQuota: CostsStore['deleteQuota'] = ref => this.limits.deleteQuota(ref);

  // Reservations: admission under the lock, releases, reconcile's repairs.
  listReservations: CostsStore['listReservations'] = () =>
    this.reservations.listReservations();
  admit: CostsStore['admit'] = (reservation, subjects, decide) =>
    this.reservations.admit(reservation, subjects, decide);
  deleteReservation: CostsStore['deleteReservation'] = (
    workspaceId,
    admissionId,
  ) => this.reservations.deleteReservation(workspaceId, admissionId);
  markReleased: CostsStore['markReleased'] = workspaceId =>
    this.reservations.markReleased(workspaceId);
  releasedSince: CostsStore['releasedSince'] = (sinceMs, pruneBeforeMs) =>
    this.reservations.releasedSince(sinceMs, pruneBeforeMs);
  repairReservations: CostsStore['repairReservations'] = (staleIds, missing) =>
    this.reservations.repairReservations(staleIds, missing);
}

import type {
  BudgetSpec,
  CostDimension,
  QuotaSpec,
} from '@internal/plugin-costs-common';
import type { UsageSession } from '@internal/plugin-workspaces-common';
import type { GroupOverlapRow } from './groupOverlapQuery';

/** A usage session as metered: from the workspaces plugin, or seeded demo data. */
export type MeteredSession = UsageSession & { demo?: boolean };

/** Which sessions a query is about; every given filter must match. */
export interface UsageFilter {
  user?: string;
  group?: string;
  project?: string;
  profile?: string;
}

/** One rolled-up figure of ended sessions: a UTC day and a key of the grouping. */
export interface DailyRow {
  day: string;
  /** Entity ref or profile slug; '' for sessions without a project or group. */
  key: string;
  amountMicros: number;
  durationMs: number;
  demo: boolean;
}

export interface StoredBudget extends BudgetSpec {
  monthlyAmountMicros: number;
  updatedAt: string;
  updatedBy?: string;
}

export interface StoredQuota extends QuotaSpec {
  updatedAt: string;
  updatedBy?: string;
}

/** What an admitted start of a workspace holds until it is released. */
export interface Reservation {
  /** The admission (start attempt) it belongs to; releases name it. */
  admissionId: string;
  workspaceId: string;
  workspaceName: string;
  user: string;
  groups: string[];
  cpu: number;
  memoryGiB: number;
  gpu: number;
  createdAt: string;
}

/**
 * Where costs are kept: metered sessions and their daily rollups, budgets and the
 * alerts sent for them, quotas and the reservations they are checked against.
 *
 * The demo seeder and the benchmark use `upsertSessions` and the report queries.
 */
export interface CostsStore {
  /**
   * Inserts or updates sessions (by id). Ended sessions are priced per UTC day and the
   * days they touch (before and after the change) are recomputed, in the same call.
   * Open sessions are kept but not rolled up: reports price them up to "now".
   */
  upsertSessions(sessions: MeteredSession[]): Promise<void>;
  /**
   * Sessions open as of the last metering, optionally filtered, and only those started
   * before `startedBeforeMs` when given (a report of a past month prices none of the
   * workspaces started after it).
   */
  listOpenSessions(
    filter?: UsageFilter,
    startedBeforeMs?: number,
  ): Promise<MeteredSession[]>;
  /** Up to `limit` sessions ended at or after `fromMs`, by id after `afterId` (paging). */
  listSessionsEndedSince(
    fromMs: number,
    afterId: string | undefined,
    limit: number,
  ): Promise<MeteredSession[]>;
  /** When each of these workspaces' last session ended (those with an ended one). */
  lastEndedAt(workspaceIds: string[]): Promise<Map<string, string>>;
  /** Ended sessions with an idle time before the end, ended in [from, to). */
  listIdleEndedSessions(
    fromMs: number,
    toMs: number,
  ): Promise<MeteredSession[]>;
  /** The priced day slices of sessions (for tests and audits of the rollups). */
  listSessionDays(sessionIds: string[]): Promise<
    Array<{
      sessionId: string;
      day: string;
      amountMicros: number;
      durationMs: number;
    }>
  >;
  /** Rolled-up figures of ended sessions for days in [fromDay, toDay), grouped by `groupBy`. */
  queryDaily(options: {
    fromDay: string;
    toDay: string;
    groupBy: CostDimension;
    filter?: UsageFilter;
    /**
     * 'month' sums the days of each month in the database (rows carry `YYYY-MM` as
     * their day): a month by user is a few thousand rows instead of tens of thousands.
     */
    period?: 'day' | 'month';
  }): Promise<DailyRow[]>;

  /**
   * Spend of ended sessions in [fromDay, toDay) that a report by group counts in two
   * groups at once (the owner was in both), by ordered pair of groups.
   */
  queryGroupOverlaps(options: {
    fromDay: string;
    toDay: string;
    filter?: UsageFilter;
  }): Promise<GroupOverlapRow[]>;

  getState(key: string): Promise<string | undefined>;
  setState(key: string, value: string): Promise<void>;
  /**
   * Takes (or renews) the lease `key` for `holder` for `forMs` from now, unless another
   * holder's lease is still running: one writer at a time across replicas and ticks.
   */
  claimLease(key: string, holder: string, forMs: number): Promise<boolean>;
  /** Gives the lease back, if `holder` still holds it. */
  releaseLease(key: string, holder: string): Promise<void>;

  listBudgets(subjectRefs?: string[]): Promise<StoredBudget[]>;
  putBudget(budget: BudgetSpec, actor?: string): Promise<StoredBudget>;
  deleteBudget(subjectRef: string): Promise<boolean>;
  /**
   * Claims the right to send one alert: true for exactly one caller per subject, month
   * and threshold, however many replicas try at once (a primary key decides).
   */
  claimAlert(
    subjectRef: string,
    month: string,
    threshold: number,
  ): Promise<boolean>;
  /** Gives a claim back (the notification could not be sent: try again later). */
  releaseAlert(
    subjectRef: string,
    month: string,
    threshold: number,
  ): Promise<void>;
  listAlerts(
    month: string,
  ): Promise<Array<{ subjectRef: string; threshold: number }>>;

  listQuotas(subjectRefs?: string[]): Promise<StoredQuota[]>;
  putQuota(quota: QuotaSpec, actor?: string): Promise<StoredQuota>;
  deleteQuota(subjectRef: string): Promise<boolean>;

  listReservations(): Promise<Reservation[]>;
  /**
   * Race-free admission: under one lock shared by all replicas, reads the quotas of the
   * given subjects and every reservation (but the workspace's own), asks `decide`, and
   * records the reservation when it allows, under its admission id. A reservation whose
   * admission id is the workspace id (a caller without admission ids) replaces all of
   * the workspace's; one with its own id leaves the others (a concurrent start's).
   */
  admit<T extends { allowed: boolean }>(
    reservation: Omit<Reservation, 'createdAt'>,
    subjects: string[],
    decide: (context: {
      quotas: StoredQuota[];
      reservations: Reservation[];
    }) => T,
  ): Promise<T>;
  /** Deletes one admission's reservation, or all of a workspace's when none is named. */
  deleteReservation(
    workspaceId: string,
    admissionId?: string,
  ): Promise<boolean>;
  /** Notes that a workspace stopped (all its reservations released), at the store's clock. */
  markReleased(workspaceId: string): Promise<void>;
  /**
   * Workspaces released at or after `sinceMs`; marks older than `pruneBeforeMs` are
   * forgotten.
   */
  releasedSince(sinceMs: number, pruneBeforeMs: number): Promise<string[]>;
  /**
   * Reconciles reservations with what runs: deletes those of `staleIds` (under the
   * admission lock) and adds `missing` ones.
   */
  repairReservations(
    staleIds: string[],
    missing: Array<Omit<Reservation, 'createdAt'>>,
  ): Promise<void>;
}

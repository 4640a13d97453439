/**
 * The costs contract: what the costs backend answers and the costs frontend shows.
 *
 * Money is a number in the currency's major unit (e.g. dollars). The backend keeps
 * exact integer micro-units in its store and converts only at the edge, so a day's
 * rollup equals the sum of its sessions to the cent; round to cents only for display.
 */

/** What a cost report can be grouped by. @public */
export type CostDimension = 'user' | 'group' | 'project' | 'profile';

/**
 * One price sheet (config `costs.prices[]`). The sheet in force at an instant is the
 * one with the latest `effectiveFrom` at or before it; a session spanning a change is
 * priced piecewise. @public
 */
export interface PriceSheet {
  /** ISO date (YYYY-MM-DD, UTC); applies from 00:00 UTC that day. */
  effectiveFrom: string;
  cpuCoreHour: number;
  memoryGiBHour: number;
  /** By GPU type (the profile's extra resource name, e.g. 'nvidia.com/gpu'); key 'default' as fallback. */
  gpuHour: Record<string, number>;
  storageGiBMonth: number;
  /** Optional flat hourly price per profile slug, added on top. */
  profileHourly?: Record<string, number>;
}

/** @public */
export interface PricesResponse {
  currency: string;
  sheets: PriceSheet[];
  /** Hourly price of each workspace profile under the sheet in force now. */
  profiles: Array<{ profile: string; displayName: string; hourly: number }>;
}

/** @public */
export interface CostPoint {
  /** YYYY-MM-DD (interval day) or YYYY-MM (interval month). */
  date: string;
  amount: number;
  hours: number;
}

/** @public */
export interface CostSeries {
  /** Entity ref (user, group, project) or profile slug. */
  key: string;
  label: string;
  total: number;
  hours: number;
  points: CostPoint[];
  /**
   * By group only: spend of this row that other rows count too (its people are in both
   * groups), largest first. The report's total counts it once.
   */
  alsoCountedIn?: Array<{ key: string; label: string; amount: number }>;
}

/** @public */
export interface CostReport {
  currency: string;
  from: string;
  to: string;
  interval: 'day' | 'month';
  groupBy: CostDimension;
  /**
   * What was spent, each session once. By group, rows can add up to more: a person in
   * two groups counts in both (see `CostSeries.alsoCountedIn`).
   */
  total: number;
  /** Sorted by total, largest first. */
  series: CostSeries[];
  /** True when any of it is seeded demo data. */
  demo: boolean;
  generatedAt: string;
}

/** @public */
export interface BudgetSpec {
  /** user:default/x or group:default/y */
  subjectRef: string;
  monthlyAmount: number;
}

/** @public */
export interface BudgetStatus extends BudgetSpec {
  /** YYYY-MM */
  month: string;
  spent: number;
  forecast: number;
  percent: number;
  forecastPercent: number;
  /** Thresholds already notified this month: 50, 80, 100, and the forecast alert as 101. */
  alertsSent: number[];
}

/** @public */
export interface QuotaSpec {
  subjectRef: string;
  maxCpu?: number;
  maxMemoryGiB?: number;
  maxGpu?: number;
  maxRunningWorkspaces?: number;
}

/** @public */
export interface QuotaStatus extends QuotaSpec {
  used: {
    cpu: number;
    memoryGiB: number;
    gpu: number;
    runningWorkspaces: number;
  };
  workspaces: Array<{
    id: string;
    name: string;
    user: string;
    cpu: number;
    memoryGiB: number;
    gpu: number;
  }>;
}

/** @public */
export interface MySummary {
  user: string;
  month: string;
  currency: string;
  spent: number;
  forecast: number;
  hours: number;
  /** Mine and my groups'. */
  budgets: BudgetStatus[];
  /** Mine and my groups'. */
  quotas: QuotaStatus[];
  byProfile: CostSeries[];
  demo: boolean;
}

/** @public */
export interface IdleWasteRow {
  workspaceId: string;
  workspaceName?: string;
  user: string;
  project?: string;
  profile: string;
  idleHours: number;
  cost: number;
  endedAt: string;
}

/** @public */
export interface IdleWasteResponse {
  currency: string;
  total: number;
  rows: IdleWasteRow[];
}

/** @public */
export interface ActualCostSource {
  /** 'opencost' | 'aws' */
  name: string;
  title: string;
  total: number;
  attributed: number;
  unattributed: number;
  byKey: Array<{ key: string; amount: number }>;
  error?: string;
  fetchedAt: string;
}

/** @public */
export interface ActualCostResponse {
  currency: string;
  from: string;
  to: string;
  metered: number;
  sources: ActualCostSource[];
}

/** Body of POST /estimate. @public */
export interface EstimateRequest {
  profile: string;
  resources: { cpu: number; memoryGiB: number; gpu: number; gpuType?: string };
}

/** @public */
export interface EstimateResponse {
  currency: string;
  hourly: number;
}

/** Alert thresholds are percents; the forecast alert is recorded as this number. @public */
export const FORECAST_ALERT_THRESHOLD = 101;

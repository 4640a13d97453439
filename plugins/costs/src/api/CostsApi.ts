import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ActualCostResponse,
  BudgetSpec,
  BudgetStatus,
  CostDimension,
  CostReport,
  CostSeries,
  EstimateRequest,
  EstimateResponse,
  IdleWasteResponse,
  MySummary,
  PricesResponse,
  QuotaSpec,
  QuotaStatus,
} from '@internal/plugin-costs-common';

/** A date range: `YYYY-MM-DD` (UTC), `to` exclusive. @public */
export interface DateRange {
  from: string;
  to: string;
}

/**
 * Which costs to report. Without a filter the backend reports the caller's own
 * figures; a non-admin may filter only by themselves, their groups and their groups'
 * projects (403 otherwise). @public
 */
export interface CostReportQuery extends DateRange {
  groupBy: CostDimension;
  interval: 'day' | 'month';
  /** User entity ref. */
  user?: string;
  /** Group entity ref. */
  group?: string;
  /** Project (catalog Component) entity ref. */
  project?: string;
  /** Profile slug. */
  profile?: string;
}

/** @public */
export interface TopSpendersQuery {
  /** YYYY-MM */
  month: string;
  dimension: Exclude<CostDimension, 'profile'>;
  limit?: number;
}

/** @public */
export interface CostsApi {
  getPrices(): Promise<PricesResponse>;
  getReport(query: CostReportQuery): Promise<CostReport>;
  /** The report's CSV (date,key,label,amount,hours,currency), for a download. */
  exportReportCsv(query: CostReportQuery): Promise<Blob>;
  /** The caller's month: spent, forecast, budgets and quotas, by profile. */
  getMySummary(): Promise<MySummary>;
  /** Admins only. */
  getTopSpenders(query: TopSpendersQuery): Promise<CostSeries[]>;
  /** Admins only. */
  getIdleWaste(range: DateRange): Promise<IdleWasteResponse>;
  /** Admins see every budget; others their own and their groups'. */
  listBudgets(): Promise<BudgetStatus[]>;
  /** Admins only; a 400 names what to fix (unknown subject, amount not above 0). */
  setBudget(spec: BudgetSpec): Promise<BudgetStatus>;
  /** Admins only. */
  deleteBudget(subjectRef: string): Promise<void>;
  /** Admins see every quota; others their own and their groups'. */
  listQuotas(): Promise<QuotaStatus[]>;
  /** Admins only; a 400 names what to fix. */
  setQuota(spec: QuotaSpec): Promise<QuotaStatus>;
  /** Admins only. */
  deleteQuota(subjectRef: string): Promise<void>;
  /** What the cloud bills say for the range, beside the metered total (admins only). */
  getActualCosts(range: DateRange): Promise<ActualCostResponse>;
  estimate(request: EstimateRequest): Promise<EstimateResponse>;
}

/** @public */
export const costsApiRef = createApiRef<CostsApi>({ id: 'plugin.costs.api' });

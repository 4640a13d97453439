import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { PluginFetcher, queryString } from '@internal/frontend-kit';
import type {
  ActualCostResponse,
  BudgetSpec,
  BudgetStatus,
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
import type {
  CostReportQuery,
  CostsApi,
  DateRange,
  TopSpendersQuery,
} from './CostsApi';

// The keys the report routes accept, in the order they are sent; the backend refuses
// any other with a 400.
const REPORT_KEYS: (keyof CostReportQuery)[] = [
  'from',
  'to',
  'groupBy',
  'interval',
  'user',
  'group',
  'project',
  'profile',
];


/**
 * The query string of a report (with a leading `?`): known keys only, in a fixed
 * order, trimmed, empty filters left out.
 *
 * @public
 */
export function reportQueryString(query: CostReportQuery): string {
  return queryString(REPORT_KEYS.map(key => [key, query[key]]));
}

/** @public */
export class CostsClient implements CostsApi {
  private readonly fetcher: PluginFetcher;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.fetcher = new PluginFetcher('costs', options);
  }

  async getPrices(): Promise<PricesResponse> {
    return this.fetcher.json('/prices');
  }

  async getReport(query: CostReportQuery): Promise<CostReport> {
    return this.fetcher.json(`/report${reportQueryString(query)}`);
  }

  async exportReportCsv(query: CostReportQuery): Promise<Blob> {
    const res = await this.fetcher.request(`/report.csv${reportQueryString(query)}`, {
      headers: { Accept: 'text/csv' },
    });
    return res.blob();
  }

  async getMySummary(): Promise<MySummary> {
    return this.fetcher.json('/me');
  }

  async getTopSpenders(query: TopSpendersQuery): Promise<CostSeries[]> {
    return this.fetcher.json(
      `/top-spenders${queryString([
        ['month', query.month],
        ['dimension', query.dimension],
        ['limit', query.limit],
      ])}`,
    );
  }

  async getIdleWaste(range: DateRange): Promise<IdleWasteResponse> {
    return this.fetcher.json(`/idle-waste${rangeQuery(range)}`);
  }

  async listBudgets(): Promise<BudgetStatus[]> {
    return this.fetcher.json('/budgets');
  }

  async setBudget(spec: BudgetSpec): Promise<BudgetStatus> {
    return this.fetcher.json('/budgets', { method: 'PUT', body: spec });
  }

  async deleteBudget(subjectRef: string): Promise<void> {
    await this.fetcher.request(`/budgets${queryString([['subjectRef', subjectRef]])}`, {
      method: 'DELETE',
    });
  }

  async listQuotas(): Promise<QuotaStatus[]> {
    return this.fetcher.json('/quotas');
  }

  async setQuota(spec: QuotaSpec): Promise<QuotaStatus> {
    return this.fetcher.json('/quotas', { method: 'PUT', body: spec });
  }

  async deleteQuota(subjectRef: string): Promise<void> {
    await this.fetcher.request(`/quotas${queryString([['subjectRef', subjectRef]])}`, {
      method: 'DELETE',
    });
  }

  async getActualCosts(range: DateRange): Promise<ActualCostResponse> {
    return this.fetcher.json(`/actual${rangeQuery(range)}`);
  }

  async estimate(request: EstimateRequest): Promise<EstimateResponse> {
    return this.fetcher.json('/estimate', { method: 'POST', body: request });
  }


}

function rangeQuery(range: DateRange): string {
  return queryString([
    ['from', range.from],
    ['to', range.to],
  ]);
}

import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
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

function queryString(
  entries: Array<[string, string | number | undefined]>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of entries) {
    const text = value === undefined ? '' : String(value).trim();
    if (text) params.set(key, text);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

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
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getPrices(): Promise<PricesResponse> {
    return this.json('/prices');
  }

  async getReport(query: CostReportQuery): Promise<CostReport> {
    return this.json(`/report${reportQueryString(query)}`);
  }

  async exportReportCsv(query: CostReportQuery): Promise<Blob> {
    const res = await this.request(`/report.csv${reportQueryString(query)}`, {
      headers: { Accept: 'text/csv' },
    });
    return res.blob();
  }

  async getMySummary(): Promise<MySummary> {
    return this.json('/me');
  }

  async getTopSpenders(query: TopSpendersQuery): Promise<CostSeries[]> {
    return this.json(
      `/top-spenders${queryString([
        ['month', query.month],
        ['dimension', query.dimension],
        ['limit', query.limit],
      ])}`,
    );
  }

  async getIdleWaste(range: DateRange): Promise<IdleWasteResponse> {
    return this.json(`/idle-waste${rangeQuery(range)}`);
  }

  async listBudgets(): Promise<BudgetStatus[]> {
    return this.json('/budgets');
  }

  async setBudget(spec: BudgetSpec): Promise<BudgetStatus> {
    return this.json('/budgets', { method: 'PUT', body: spec });
  }

  async deleteBudget(subjectRef: string): Promise<void> {
    await this.request(`/budgets${queryString([['subjectRef', subjectRef]])}`, {
      method: 'DELETE',
    });
  }

  async listQuotas(): Promise<QuotaStatus[]> {
    return this.json('/quotas');
  }

  async setQuota(spec: QuotaSpec): Promise<QuotaStatus> {
    return this.json('/quotas', { method: 'PUT', body: spec });
  }

  async deleteQuota(subjectRef: string): Promise<void> {
    await this.request(`/quotas${queryString([['subjectRef', subjectRef]])}`, {
      method: 'DELETE',
    });
  }

  async getActualCosts(range: DateRange): Promise<ActualCostResponse> {
    return this.json(`/actual${rangeQuery(range)}`);
  }

  async estimate(request: EstimateRequest): Promise<EstimateResponse> {
    return this.json('/estimate', { method: 'POST', body: request });
  }

  private async json<T>(
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    const hasBody = init.body !== undefined;
    const res = await this.request(path, {
      ...(init.method ? { method: init.method } : {}),
      headers: {
        Accept: 'application/json',
        ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(hasBody ? { body: JSON.stringify(init.body) } : {}),
    });
    return (await res.json()) as T;
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('costs');
    const res = await this.options.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res;
  }
}

function rangeQuery(range: DateRange): string {
  return queryString([
    ['from', range.from],
    ['to', range.to],
  ]);
}

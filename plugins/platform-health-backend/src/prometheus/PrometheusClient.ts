import type {
  Freshness,
  ServiceAlert,
} from '@internal/plugin-platform-health-common';
import { BoundedMap } from '../lib/BoundedMap';

/** How many queries' last answers are kept (queries come from catalog annotations). */
const MAX_REMEMBERED_QUERIES = 2000;
/** How long a query's last answer is kept to show while Prometheus does not answer. */
const LAST_ANSWER_RETENTION_MS = 6 * 60 * 60 * 1000;

/** One instant-query answer: the first sample's value, if there is one. */
export interface InstantValue {
  value?: number;
  evaluatedAt?: string;
}

/** One series of a range query: its labels and [epoch ms, value] points. */
export interface RangeSeries {
  labels: Record<string, string>;
  points: Array<[number, number]>;
}

/** Options of {@link PrometheusClient.queryRange}. */
export interface RangeQuery {
  startMs: number;
  endMs: number;
  stepSeconds: number;
  /** Series beyond this many are dropped (`truncated`): queries come from the catalog. */
  maxSeries: number;
  /** Aborts the request (a deadline shared by the queries of one page). */
  signal?: AbortSignal;
}

interface Remembered<T> {
  value: T;
  atMs: number;
}

/** Reads an answer of the Prometheus HTTP API: `{status, data, error, errorType}`. */
async function readApi<T>(res: Response, what: string): Promise<T> {
  let body: any;
  try {
    body = await res.json();
  } catch {
    throw new Error(
      `${what}: Prometheus answered HTTP ${res.status} without JSON`,
    );
  }
  if (!res.ok || body.status !== 'success') {
    const detail = body?.error
      ? `${body.errorType ?? 'error'}: ${body.error}`
      : '';
    throw new Error(
      `${what}: Prometheus answered HTTP ${res.status}${
        detail ? ` (${detail})` : ''
      }`,
    );
  }
  return body.data as T;
}

/**
 * The Prometheus HTTP API (`/api/v1/query`, `/api/v1/alerts`) with a deadline on every
 * request. Each answer is remembered: when Prometheus does not answer, callers get the
 * last known value marked stale with its age and the reason.
 */
export class PrometheusClient {
  private readonly queries: BoundedMap<string, InstantValue>;
  private alertsMemo?: Remembered<ServiceAlert[]>;

  constructor(
    private readonly options: {
      url: string;
      token?: string;
      timeoutMs: number;
      staleAfterMs: number;
      fetch?: typeof fetch;
      /** How many queries' last answers to keep (default 2,000). */
      maxRememberedQueries?: number;
    },
  ) {
    this.queries = new BoundedMap({
      maxEntries: options.maxRememberedQueries ?? MAX_REMEMBERED_QUERIES,
      maxAgeMs: LAST_ANSWER_RETENTION_MS,
    });
  }

  /** How many queries' last answers are kept now. */
  get rememberedQueries(): number {
    return this.queries.size;
  }

  get url(): string {
    return this.options.url;
  }

  private async get(
    path: string,
    params: Record<string, string> = {},
    signal?: AbortSignal,
  ) {
    const url = new URL(`${this.options.url}${path}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const doFetch = this.options.fetch ?? fetch;
    const deadline = AbortSignal.timeout(this.options.timeoutMs);
    try {
      return await doFetch(url, {
        headers: this.options.token
          ? { authorization: `Bearer ${this.options.token}` }
          : {},
        signal: signal ? AbortSignal.any([deadline, signal]) : deadline,
      });
    } catch (error) {
      const name = (error as Error).name;
      if (signal?.aborted && !deadline.aborted) {
        throw new Error(
          `Prometheus at ${this.options.url} did not answer in time (${String(
            signal.reason?.message ?? signal.reason,
          )})`,
        );
      }
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new Error(
          `Prometheus at ${this.options.url} did not answer within ${
            this.options.timeoutMs / 1000
          } s`,
        );
      }
      const cause = (error as { cause?: { code?: string } }).cause;
      throw new Error(
        cause?.code === 'ECONNREFUSED'
          ? `Prometheus at ${this.options.url} refused the connection (is it running?)`
          : `Prometheus at ${this.options.url}: ${(error as Error).message}`,
      );
    }
  }

  private freshness(atMs: number | undefined, error?: string): Freshness {
    const now = Date.now();
    const ageMs = atMs === undefined ? undefined : now - atMs;
    return {
      ...(atMs !== undefined
        ? {
            syncedAt: new Date(atMs).toISOString(),
            ageSeconds: Math.round(ageMs! / 1000),
          }
        : {}),
      stale:
        error !== undefined ||
        ageMs === undefined ||
        ageMs > this.options.staleAfterMs,
      ...(error ? { error } : {}),
    };
  }

  /** An instant query's first value (a scalar or the first series of a vector). */
  async query(
    promql: string,
  ): Promise<InstantValue & { freshness: Freshness }> {
    try {
      const res = await this.get('/api/v1/query', { query: promql });
      const data = await readApi<{ resultType: string; result: any }>(
        res,
        'query',
      );
      let sample: [number, string] | undefined;
      if (data.resultType === 'vector' && data.result.length > 0) {
        sample = data.result[0].value;
      } else if (data.resultType === 'scalar') {
        sample = data.result;
      }
      const number = sample ? Number(sample[1]) : undefined;
      const value: InstantValue = {
        ...(number !== undefined && Number.isFinite(number)
          ? { value: number }
          : {}),
        ...(sample
          ? { evaluatedAt: new Date(sample[0] * 1000).toISOString() }
          : {}),
      };
      const { atMs } = this.queries.set(promql, value);
      return { ...value, freshness: this.freshness(atMs) };
    } catch (error) {
      const last = this.queries.get(promql);
      return {
        ...(last?.value ?? {}),
        freshness: this.freshness(last?.atMs, (error as Error).message),
      };
    }
  }

  /** Every alert Prometheus' rules hold (pending and firing). */
  async alerts(): Promise<{ alerts: ServiceAlert[]; freshness: Freshness }> {
    try {
      const res = await this.get('/api/v1/alerts');
      const data = await readApi<{ alerts: any[] }>(res, 'alerts');
      const alerts: ServiceAlert[] = (data.alerts ?? []).map(a => ({
        name: a.labels?.alertname ?? 'unnamed',
        state: a.state,
        ...(a.labels?.severity ? { severity: a.labels.severity } : {}),
        ...(a.annotations?.summary || a.annotations?.description
          ? { summary: a.annotations.summary ?? a.annotations.description }
          : {}),
        ...(a.activeAt ? { activeAt: a.activeAt } : {}),
        labels: a.labels ?? {},
      }));
      this.alertsMemo = { value: alerts, atMs: Date.now() };
      return { alerts, freshness: this.freshness(this.alertsMemo.atMs) };
    } catch (error) {
      return {
        alerts: this.alertsMemo?.value ?? [],
        freshness: this.freshness(
          this.alertsMemo?.atMs,
          (error as Error).message,
        ),
      };
    }
  }

  /**
   * A range query (`/api/v1/query_range`): at most `maxSeries` series, points with a
   * non-finite value left out (a gap). Throws with what went wrong; nothing is
   * remembered, as a chart is asked for again when shown.
   */
  async queryRange(
    promql: string,
    range: RangeQuery,
  ): Promise<{ series: RangeSeries[]; truncated: boolean }> {
    const res = await this.get(
      '/api/v1/query_range',
      {
        query: promql,
        start: String(range.startMs / 1000),
        end: String(range.endMs / 1000),
        step: `${range.stepSeconds}s`,
      },
      range.signal,
    );
    const data = await readApi<{ resultType: string; result: any[] }>(
      res,
      'query_range',
    );
    if (data.resultType !== 'matrix') {
      throw new Error(
        `query_range: Prometheus answered a ${data.resultType}, not a matrix`,
      );
    }
    const result = data.result ?? [];
    const series = result.slice(0, range.maxSeries).map(s => ({
      labels: (s.metric ?? {}) as Record<string, string>,
      points: ((s.values ?? []) as Array<[number, string]>)
        .map(([t, v]) => [Math.round(t * 1000), Number(v)] as [number, number])
        .filter(([, v]) => Number.isFinite(v)),
    }));
    return { series, truncated: result.length > range.maxSeries };
  }
}

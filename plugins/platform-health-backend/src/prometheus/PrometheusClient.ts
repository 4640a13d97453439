import type {
  Freshness,
  ServiceAlert,
} from '@internal/plugin-platform-health-common';

/** One instant-query answer: the first sample's value, if there is one. */
export interface InstantValue {
  value?: number;
  evaluatedAt?: string;
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
  private readonly queries = new Map<string, Remembered<InstantValue>>();
  private alertsMemo?: Remembered<ServiceAlert[]>;

  constructor(
    private readonly options: {
      url: string;
      token?: string;
      timeoutMs: number;
      staleAfterMs: number;
      fetch?: typeof fetch;
    },
  ) {}

  get url(): string {
    return this.options.url;
  }

  private async get(path: string, params: Record<string, string> = {}) {
    const url = new URL(`${this.options.url}${path}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const doFetch = this.options.fetch ?? fetch;
    try {
      return await doFetch(url, {
        headers: this.options.token
          ? { authorization: `Bearer ${this.options.token}` }
          : {},
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
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
      const atMs = Date.now();
      this.queries.set(promql, { value, atMs });
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
}

/**
 * Parses an alert selector annotation, `service=conda-store,severity!=info` (`=` and
 * `!=` on alert labels), into a predicate. Throws when a term cannot be read.
 */
export function parseAlertSelector(
  selector: string,
): (labels: Record<string, string>) => boolean {
  const terms = selector
    .split(',')
    .map(t => t.trim())
    .filter(Boolean)
    .map(term => {
      const match = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(!=|=~|=)\s*"?([^"]*)"?$/.exec(
        term,
      );
      if (!match) {
        throw new Error(
          `cannot read '${term}': write label=value, label!=value or label=~regex`,
        );
      }
      const [, key, op, value] = match;
      if (op === '=') return (l: Record<string, string>) => l[key] === value;
      if (op === '!=') return (l: Record<string, string>) => l[key] !== value;
      const re = new RegExp(`^(?:${value})$`);
      return (l: Record<string, string>) => re.test(l[key] ?? '');
    });
  if (terms.length === 0) throw new Error('the alert selector is empty');
  return labels => terms.every(t => t(labels));
}

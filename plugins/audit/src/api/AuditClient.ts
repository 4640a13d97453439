import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { PluginFetcher } from '@internal/frontend-kit';
import type {
  AuditApi,
  AuditEventFilter,
  AuditEventPage,
  AuditEventQuery,
} from './AuditApi';

// The keys the backend accepts; it refuses any other with a 400.
const FILTER_KEYS: (keyof AuditEventFilter)[] = [
  'plugin',
  'eventId',
  'actor',
  'status',
  'from',
  'to',
  'search',
];

/**
 * The query string of a filter (with a leading `?`, or empty): known keys only, trimmed,
 * empty values left out.
 *
 * @public
 */
export function auditQueryString(query: AuditEventQuery = {}): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = query[key]?.trim();
    if (value) params.set(key, value);
  }
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.offset) params.set('offset', String(query.offset));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** @public */
export class AuditClient implements AuditApi {
  private readonly fetcher: PluginFetcher;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.fetcher = new PluginFetcher('audit', options);
  }

  async listEvents(query: AuditEventQuery = {}): Promise<AuditEventPage> {
    const res = await this.get(`/events${auditQueryString(query)}`);
    const body = (await res.json()) as Partial<AuditEventPage>;
    return { items: body.items ?? [], total: body.total ?? 0 };
  }

  async exportCsv(filter: AuditEventFilter = {}): Promise<Blob> {
    // Every matching event: no paging of the filter's own.
    const { plugin, eventId, actor, status, from, to, search } = filter;
    const res = await this.get(
      `/events.csv${auditQueryString({
        plugin,
        eventId,
        actor,
        status,
        from,
        to,
        search,
      })}`,
      'text/csv',
    );
    return res.blob();
  }

  private get(path: string, accept = 'application/json') {
    return this.fetcher.request(path, { headers: { Accept: accept } });
  }
}

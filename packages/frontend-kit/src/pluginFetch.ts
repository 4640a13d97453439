import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';

/**
 * The query string of `entries` with a leading `?` (empty when none is left): values
 * trimmed, undefined and empty ones left out, in the order given.
 */
export function queryString(
  entries: Array<[string, string | number | boolean | undefined]>,
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
 * How an Atrium frontend client calls its backend plugin: the plugin's base URL from
 * discovery, the signed-in fetch, and a non-2xx answer thrown as Backstage's
 * `ResponseError` (`errorMessage()` gives the backend's message, which says what to do).
 */
export class PluginFetcher {
  constructor(
    private readonly pluginId: string,
    private readonly apis: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  /** The raw response of a 2xx answer (for CSV, streams, 204s). */
  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const baseUrl = await this.apis.discoveryApi.getBaseUrl(this.pluginId);
    const res = await this.apis.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res;
  }

  /** A JSON call: `body` sent as JSON when given, the answer parsed as JSON. */
  async json<T>(
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
}

import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { SearchDocumentsPage } from '@internal/plugin-results-common';

/**
 * Who a call is made for; without credentials the call is made as the calling plugin's
 * own service (what the search collator does).
 *
 * @public
 */
export interface ResultsRequestOptions {
  credentials?: BackstageCredentials;
  signal?: AbortSignal;
}

/**
 * The results backend's API for other backend plugins.
 *
 * @public
 */
export interface ResultsApi {
  /**
   * `GET /search-documents` (the search plugin only): every result as a search document,
   * in id order after `query.after`; follow `nextCursor`.
   */
  listSearchDocuments(
    query: { after?: string; limit?: number },
    options?: ResultsRequestOptions,
  ): Promise<SearchDocumentsPage>;
}

/**
 * Calls the results backend over HTTP with a plugin-to-plugin token. A refusal is thrown
 * as Backstage's `ResponseError`; its `cause.message` is the backend's own sentence.
 *
 * @public
 */
export class ResultsClient implements ResultsApi {
  private readonly discovery: DiscoveryService;
  private readonly auth: AuthService;

  constructor(options: { discovery: DiscoveryService; auth: AuthService }) {
    this.discovery = options.discovery;
    this.auth = options.auth;
  }

  listSearchDocuments(
    query: { after?: string; limit?: number },
    options: ResultsRequestOptions = {},
  ): Promise<SearchDocumentsPage> {
    const params = new URLSearchParams();
    if (query.after) params.set('after', query.after);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    return this.get(`/search-documents?${params}`, options);
  }

  private async get<T>(path: string, options: ResultsRequestOptions): Promise<T> {
    // A token per call: a long collation run outlives one.
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf:
        options.credentials ?? (await this.auth.getOwnServiceCredentials()),
      targetPluginId: 'results',
    });
    const baseUrl = await this.discovery.getBaseUrl('results');
    const res = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: options.signal,
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}

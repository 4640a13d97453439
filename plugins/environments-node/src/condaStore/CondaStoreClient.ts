import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type {
  CondaStoreApi,
  CondaStoreBuild,
  CondaStoreBuildQuery,
  CondaStoreEnvironment,
  CondaStoreNamespace,
  CondaStoreNamespaceUsage,
  CondaStorePackage,
  CondaStorePermissions,
  CondaStoreSpec,
} from './types';

/** @public */
export interface CondaStoreClientOptions {
  /** conda-store's base URL with its prefix, e.g. `https://nebari.example.org/conda-store`. */
  url: string;
  /** An API token (conda-store's "Create token" page, or `POST /api/v1/token/`). */
  token: string;
  /** Page size asked for; conda-store caps it at its `max_page_size` (100 by default). */
  pageSize?: number;
  /** Per request, default 30 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * A client of conda-store's REST API (conda-store-server 2025.2.x: `/api/v1` and the
 * v2 environment list). Pages are walked to the end; failures say what is wrong and
 * where: conda-store unreachable is a ServiceUnavailableError naming the URL, a refused
 * token (401/403, or a token conda-store does not recognise, which it answers as an
 * anonymous caller) a NotAllowedError, a missing namespace, environment or build a
 * NotFoundError.
 *
 * @public
 */
export class CondaStoreClient implements CondaStoreApi {
  readonly url: string;
  private readonly token: string;
  private readonly pageSize: number;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: CondaStoreClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.token = options.token;
    this.pageSize = options.pageSize ?? 100;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.fetchImpl = options.fetch ?? fetch;
  }

  async whoami(): Promise<CondaStorePermissions> {
    const body = await this.json<{ data: CondaStorePermissions }>(
      '/api/v1/permission/',
    );
    if (!body.data.authenticated) {
      // conda-store answers an unknown or expired token as an anonymous caller (200 with
      // the unauthenticated role bindings), so lists would come back empty, not refused.
      throw new NotAllowedError(
        `conda-store at ${this.url} did not accept the token (it treats the caller as anonymous): set a valid, unexpired token in environments.condaStore.token`,
      );
    }
    return body.data;
  }

  async listNamespaces(): Promise<CondaStoreNamespace[]> {
    return this.allPages<CondaStoreNamespace>(
      '/api/v1/namespace/',
      new URLSearchParams(),
    );
  }

  async listEnvironments(
    filter: { namespace?: string; name?: string } = {},
  ): Promise<CondaStoreEnvironment[]> {
    const environments: CondaStoreEnvironment[] = [];
    const query = new URLSearchParams({ limit: String(this.pageSize) });
    if (filter.namespace) query.set('namespace', filter.namespace);
    if (filter.name) query.set('name', filter.name);
    // v2 cursor pagination: the last page is the first one with no data.
    for (;;) {
      const page = await this.json<{
        data: CondaStoreEnvironment[];
        cursor?: string | null;
        count: number;
      }>(`/api/v2/environment/?${query}`);
      environments.push(...page.data);
      if (
        page.data.length === 0 ||
        !page.cursor ||
        environments.length >= page.count
      )
        break;
      query.set('cursor', page.cursor);
    }
    return environments;
  }

  async getEnvironment(
    namespace: string,
    name: string,
  ): Promise<CondaStoreEnvironment> {
    const body = await this.json<{ data: CondaStoreEnvironment }>(
      `/api/v1/environment/${encodeURIComponent(
        namespace,
      )}/${encodeURIComponent(name)}/`,
    );
    return body.data;
  }

  async walkBuilds(
    query: CondaStoreBuildQuery,
    onPage: (builds: CondaStoreBuild[]) => boolean | void,
  ): Promise<void> {
    const params = new URLSearchParams();
    if (query.status) params.set('status', query.status);
    if (query.environmentId !== undefined)
      params.set('environment_id', String(query.environmentId));
    if (query.namespace) params.set('namespace', query.namespace);
    if (query.name) params.set('name', query.name);
    if (query.sortBy) params.set('sort_by', query.sortBy);
    if (query.order) params.set('order', query.order);
    await this.walkPages<CondaStoreBuild>('/api/v1/build/', params, onPage);
  }

  async getBuild(buildId: number): Promise<CondaStoreBuild> {
    return (
      await this.json<{ data: CondaStoreBuild }>(`/api/v1/build/${buildId}/`)
    ).data;
  }

  async getBuildPackages(buildId: number): Promise<CondaStorePackage[]> {
    return this.allPages<CondaStorePackage>(
      `/api/v1/build/${buildId}/packages/`,
      new URLSearchParams(),
    );
  }

  async getBuildLog(buildId: number): Promise<string> {
    return (await this.request(`/api/v1/build/${buildId}/logs/`)).text();
  }

  async getBuildLockfile(buildId: number): Promise<string> {
    return (await this.request(`/api/v1/build/${buildId}/lockfile/`)).text();
  }

  async getUsage(): Promise<Record<string, CondaStoreNamespaceUsage>> {
    return (
      await this.json<{ data: Record<string, CondaStoreNamespaceUsage> }>(
        '/api/v1/usage/',
      )
    ).data;
  }

  async submitSpecification(
    namespace: string,
    spec: CondaStoreSpec,
  ): Promise<number> {
    // conda-store parses `specification` as YAML, of which JSON is a subset.
    const body = await this.json<{ data: { build_id: number } }>(
      '/api/v1/specification/',
      {
        method: 'POST',
        body: JSON.stringify({
          namespace,
          specification: JSON.stringify(spec),
        }),
      },
    );
    return body.data.build_id;
  }

  private async allPages<T>(
    path: string,
    params: URLSearchParams,
  ): Promise<T[]> {
    const all: T[] = [];
    await this.walkPages<T>(path, params, page => {
      all.push(...page);
    });
    return all;
  }

  // paginated_api_response: {data, page, size, count}; `size` may come back smaller
  // than asked (max_page_size), so the next page follows the size conda-store used.
  private async walkPages<T>(
    path: string,
    params: URLSearchParams,
    onPage: (items: T[]) => boolean | void,
  ): Promise<void> {
    let page = 1;
    for (;;) {
      params.set('page', String(page));
      params.set('size', String(this.pageSize));
      const body = await this.json<{
        data: T[];
        page: number;
        size: number;
        count: number;
      }>(`${path}?${params}`);
      if (onPage(body.data) === false) return;
      if (body.data.length === 0 || body.page * body.size >= body.count) return;
      page += 1;
    }
  }

  private async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    return (await (await this.request(path, init)).json()) as T;
  }

  private async request(
    path: string,
    init: RequestInit = {},
  ): Promise<Response> {
    const where = `${this.url}${path}`;
    let response: Response;
    try {
      response = await this.fetchImpl(where, {
        ...init,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } })
        .cause;
      throw new ServiceUnavailableError(
        `conda-store at ${this.url} is unreachable (${
          cause?.code ?? cause?.message ?? (error as Error).message
        }): check environments.condaStore.url and that conda-store runs`,
      );
    }
    if (response.ok) return response;
    const detail = await errorDetail(response);
    const what = `${init.method ?? 'GET'} ${path}`;
    if (response.status === 401 || response.status === 403) {
      throw new NotAllowedError(
        `conda-store at ${this.url} refused ${what} (${response.status} ${detail}): the token in environments.condaStore.token lacks the rights for it`,
      );
    }
    if (response.status === 404) {
      throw new NotFoundError(
        `conda-store at ${this.url}: ${detail} (${what})`,
      );
    }
    if (
      response.status === 400 ||
      response.status === 409 ||
      response.status === 422
    ) {
      throw new InputError(
        `conda-store at ${this.url} rejected ${what}: ${detail}`,
      );
    }
    throw new ServiceUnavailableError(
      `conda-store at ${this.url} failed ${what} with ${response.status}: ${detail}`,
    );
  }
}

// conda-store's HTTPException bodies are {"status": "error", "message": ...}; FastAPI's
// own (422, 404 of unknown paths) are {"detail": ...}; a proxy's may be anything.
async function errorDetail(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text);
    if (typeof body?.message === 'string') return body.message;
    if (typeof body?.detail === 'string') return body.detail;
    if (Array.isArray(body?.detail)) {
      return body.detail
        .map(
          (d: { loc?: unknown[]; msg?: string }) =>
            `${(d.loc ?? []).join('.')}: ${d.msg}`,
        )
        .join('; ');
    }
  } catch {
    // not JSON
  }
  return text.slice(0, 200) || response.statusText;
}

import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CreateWorkspaceRequest,
  UsageSessionPage,
  Workspace,
} from '@internal/plugin-workspaces-common';

/**
 * Who a call is made for: a user's credentials (a scaffolder task's initiator) so the
 * workspaces backend checks their permissions, quotas and budgets; without them the
 * call is made as the calling plugin's own service.
 *
 * @public
 */
export interface WorkspacesRequestOptions {
  credentials?: BackstageCredentials;
  signal?: AbortSignal;
}

/** What `listUsageSessions` asks for: one page of `GET /usage-sessions`. @public */
export interface UsageSessionsQuery {
  /** Sessions open now, or started or ended at or after this instant (ISO 8601). */
  since?: string;
  /**
   * Instead of `since`: sessions opened or closed (as the workspaces store records
   * it) at or after this instant, in change order: what an incremental copy asks.
   */
  updatedSince?: string;
  /** The `nextAfter` of the previous page. */
  after?: string;
  /** Page size, 1 to 5000 (the backend's default is 1000). */
  limit?: number;
}

/**
 * The workspaces backend's API, for other backend plugins.
 *
 * @public
 */
export interface WorkspacesApi {
  /** `POST /workspaces`: creates (and, unless `start: false`, starts) a workspace. */
  createWorkspace(
    request: CreateWorkspaceRequest,
    options: WorkspacesRequestOptions,
  ): Promise<Workspace>;
  /** `POST /workspaces/:id/start`: starts a stopped or failed workspace of the caller. */
  startWorkspace(
    id: string,
    options: WorkspacesRequestOptions,
  ): Promise<Workspace>;
  /** `GET /workspaces/:id`. */
  getWorkspace(
    id: string,
    options: WorkspacesRequestOptions,
  ): Promise<Workspace>;
  /**
   * One page of usage sessions changed since `query.since` (service-only route: the
   * costs plugin meters them). Follow `nextAfter` for the next page.
   */
  listUsageSessions(
    query: UsageSessionsQuery,
    options?: WorkspacesRequestOptions,
  ): Promise<UsageSessionPage>;
}

/**
 * Calls the workspaces backend over HTTP with a plugin-to-plugin token: on behalf of
 * the given credentials, or as the calling plugin. A refusal is thrown as Backstage's
 * `ResponseError`; its `cause.message` is the backend's own sentence.
 *
 * @public
 */
export class WorkspacesClient implements WorkspacesApi {
  private readonly discovery: DiscoveryService;
  private readonly auth: AuthService;

  constructor(options: { discovery: DiscoveryService; auth: AuthService }) {
    this.discovery = options.discovery;
    this.auth = options.auth;
  }

  createWorkspace(
    request: CreateWorkspaceRequest,
    options: WorkspacesRequestOptions,
  ): Promise<Workspace> {
    return this.call('POST', '/workspaces', options, request);
  }

  startWorkspace(
    id: string,
    options: WorkspacesRequestOptions,
  ): Promise<Workspace> {
    return this.call(
      'POST',
      `/workspaces/${encodeURIComponent(id)}/start`,
      options,
    );
  }

  getWorkspace(
    id: string,
    options: WorkspacesRequestOptions,
  ): Promise<Workspace> {
    return this.call('GET', `/workspaces/${encodeURIComponent(id)}`, options);
  }

  listUsageSessions(
    query: UsageSessionsQuery,
    options: WorkspacesRequestOptions = {},
  ): Promise<UsageSessionPage> {
    const params = new URLSearchParams(
      query.updatedSince !== undefined
        ? { updatedSince: query.updatedSince }
        : { since: query.since ?? new Date(0).toISOString() },
    );
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.after) params.set('after', query.after);
    return this.call('GET', `/usage-sessions?${params}`, options);
  }

  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    options: WorkspacesRequestOptions,
    body?: object,
  ): Promise<T> {
    // A token per call: a long paging run outlives one.
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf:
        options.credentials ?? (await this.auth.getOwnServiceCredentials()),
      targetPluginId: 'workspaces',
    });
    const baseUrl = await this.discovery.getBaseUrl('workspaces');
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: options.signal,
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}

import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CreateWorkspaceRequest,
  EnvironmentUsageReport,
  UsageSessionPage,
  Workspace,
} from '@internal/plugin-workspaces-common';
import type { DriverFile, DriverNotebookFile } from '../driver';

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
   * `POST /workspaces/:id/stop-for-policy` (service-only route: the data-access plugin
   * when access ends): stops anyone's workspace; its owner reads `stopped: <reason>`.
   */
  stopWorkspace(
    id: string,
    request: { reason: string },
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
  /**
   * `GET /environment-usage` (service-only route: the environments plugin): per
   * environment and conda-store build, the workspaces running it now, the projects
   * that used it since `since` (ISO 8601) and its last use.
   */
  getEnvironmentUsage(
    query: { since: string },
    options?: WorkspacesRequestOptions,
  ): Promise<EnvironmentUsageReport>;
  /*
   * The files of a RUNNING workspace (service-only routes: the results plugin). `owner`
   * is whom the caller expects the workspace to belong to; another's is a 404, a
   * stopped one a 409.
   */
  /** `GET /workspaces/:id/contents`: the notebooks in it, a few folders deep. */
  listWorkspaceNotebooks(
    id: string,
    owner: string,
    options?: WorkspacesRequestOptions,
  ): Promise<{ workspace: Workspace; items: DriverNotebookFile[] }>;
  /** `GET /workspaces/:id/contents/file`: one file as text, not read over `maxBytes`. */
  readWorkspaceFile(
    id: string,
    file: { owner: string; path: string; maxBytes: number },
    options?: WorkspacesRequestOptions,
  ): Promise<
    | { workspace: Workspace; file: DriverFile }
    | { workspace: Workspace; tooLarge: true; sizeBytes: number }
  >;
  /** `PUT /workspaces/:id/contents/notebook`: writes a notebook, never overwriting. */
  writeWorkspaceNotebook(
    id: string,
    file: { owner: string; path: string; notebook: object },
    options?: WorkspacesRequestOptions,
  ): Promise<{ workspace: Workspace; path: string }>;
}

const contentsPath = (id: string) =>
  `/workspaces/${encodeURIComponent(id)}/contents`;

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

  stopWorkspace(
    id: string,
    request: { reason: string },
    options: WorkspacesRequestOptions = {},
  ): Promise<Workspace> {
    return this.call(
      'POST',
      `/workspaces/${encodeURIComponent(id)}/stop-for-policy`,
      options,
      request,
    );
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

  getEnvironmentUsage(
    query: { since: string },
    options: WorkspacesRequestOptions = {},
  ): Promise<EnvironmentUsageReport> {
    const params = new URLSearchParams({ since: query.since });
    return this.call('GET', `/environment-usage?${params}`, options);
  }

  listWorkspaceNotebooks(
    id: string,
    owner: string,
    options: WorkspacesRequestOptions = {},
  ): Promise<{ workspace: Workspace; items: DriverNotebookFile[] }> {
    const query = new URLSearchParams({ owner });
    return this.call('GET', `${contentsPath(id)}?${query}`, options);
  }

  async readWorkspaceFile(
    id: string,
    file: { owner: string; path: string; maxBytes: number },
    options: WorkspacesRequestOptions = {},
  ): Promise<
    | { workspace: Workspace; file: DriverFile }
    | { workspace: Workspace; tooLarge: true; sizeBytes: number }
  > {
    const query = new URLSearchParams({
      owner: file.owner,
      path: file.path,
      maxBytes: String(file.maxBytes),
    });
    const body = await this.call<{
      workspace: Workspace;
      file?: DriverFile;
      sizeBytes?: number;
    }>('GET', `${contentsPath(id)}/file?${query}`, options, undefined, [413]);
    return body.file
      ? { workspace: body.workspace, file: body.file }
      : { workspace: body.workspace, tooLarge: true, sizeBytes: body.sizeBytes ?? 0 };
  }

  writeWorkspaceNotebook(
    id: string,
    file: { owner: string; path: string; notebook: object },
    options: WorkspacesRequestOptions = {},
  ): Promise<{ workspace: Workspace; path: string }> {
    const query = new URLSearchParams({ owner: file.owner, path: file.path });
    return this.call('PUT', `${contentsPath(id)}/notebook?${query}`, options, {
      notebook: file.notebook,
    });
  }

  /** `okStatuses`: refusals whose body the caller reads (413 with the file's size). */
  private async call<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    options: WorkspacesRequestOptions,
    body?: object,
    okStatuses: number[] = [],
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
    if (!res.ok && !okStatuses.includes(res.status)) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as T;
  }
}

import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { WorkspaceDiagnosis } from '@internal/plugin-platform-health-common';
import type {
  CreateWorkspaceRequest,
  LaunchPreview,
  Workspace,
  WorkspaceEvent,
  WorkspaceProgressEvent,
} from '@internal/plugin-workspaces-common';
import type {
  AvailableProfile,
  WorkspaceListQuery,
  WorkspacePage,
  WorkspacePageQuery,
  WorkspacesApi,
} from './WorkspacesApi';
import { readEventStream } from './readEventStream';

/** @public */
export class WorkspacesClient implements WorkspacesApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listProfiles(): Promise<AvailableProfile[]> {
    const body = await this.json<{ items: AvailableProfile[] }>('/profiles');
    return body.items;
  }

  async listWorkspaces(query: WorkspaceListQuery): Promise<Workspace[]> {
    const params = new URLSearchParams({ scope: query.scope });
    if (query.project) params.set('project', query.project);
    if (query.owner) params.set('owner', query.owner);
    const body = await this.json<{ items: Workspace[] }>(
      `/workspaces?${params}`,
    );
    return body.items;
  }

  listWorkspacePage(query: WorkspacePageQuery): Promise<WorkspacePage> {
    const params = new URLSearchParams({
      scope: query.scope,
      offset: String(query.offset),
      limit: String(query.limit),
    });
    const set = (key: string, value: string | undefined) => {
      if (value) params.set(key, value);
    };
    set('project', query.project);
    set('owner', query.owner);
    set('sort', query.sort);
    set('order', query.order);
    set('status', query.statuses?.join(','));
    set('profile', query.profile);
    set('q', query.search);
    for (const [field, text] of Object.entries(query.contains ?? {})) {
      set(`${field}Contains`, text);
    }
    return this.json<WorkspacePage>(`/workspaces?${params}`);
  }

  getWorkspace(id: string): Promise<Workspace> {
    return this.json<Workspace>(`/workspaces/${encodeURIComponent(id)}`);
  }

  createWorkspace(request: CreateWorkspaceRequest): Promise<Workspace> {
    return this.json<Workspace>('/workspaces', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  previewLaunch(request: {
    profile: string;
    options?: Record<string, string>;
    project?: string;
    name?: string;
  }): Promise<LaunchPreview> {
    return this.json<LaunchPreview>('/launch-preview', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  startWorkspace(id: string): Promise<Workspace> {
    return this.action(id, 'start');
  }

  stopWorkspace(id: string): Promise<Workspace> {
    return this.action(id, 'stop');
  }

  restartWorkspace(id: string): Promise<Workspace> {
    return this.action(id, 'restart');
  }

  reproduceWorkspace(id: string): Promise<Workspace> {
    return this.json<Workspace>(
      `/workspaces/${encodeURIComponent(id)}/reproduce`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      },
    );
  }

  async deleteWorkspace(id: string): Promise<void> {
    await this.request(`/workspaces/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    });
  }

  diagnoseWorkspace(id: string): Promise<WorkspaceDiagnosis> {
    return this.json<WorkspaceDiagnosis>(
      `/workspaces/${encodeURIComponent(id)}/diagnosis`,
    );
  }

  async listEvents(id: string): Promise<WorkspaceEvent[]> {
    const body = await this.json<{ items: WorkspaceEvent[] }>(
      `/workspaces/${encodeURIComponent(id)}/events`,
    );
    return body.items;
  }

  async streamProgress(
    id: string,
    onEvent: (event: WorkspaceProgressEvent) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    try {
      // Through fetchApi (not EventSource) so that the Backstage token is sent.
      const res = await this.request(
        `/workspaces/${encodeURIComponent(id)}/progress`,
        { headers: { Accept: 'text/event-stream' }, signal },
      );
      if (!res.body) throw new Error('The progress stream has no body');
      await readEventStream(res.body, data => {
        let event: WorkspaceProgressEvent;
        try {
          event = JSON.parse(data);
        } catch {
          return; // Not one of ours (a keep-alive or proxy notice): nothing to show.
        }
        onEvent(event);
      });
    } catch (error) {
      // Closing the dialog aborts the stream; that is not a failure to report.
      if (signal?.aborted) return;
      throw error;
    }
  }

  private action(id: string, verb: 'start' | 'stop' | 'restart') {
    return this.json<Workspace>(
      `/workspaces/${encodeURIComponent(id)}/${verb}`,
      { method: 'POST' },
    );
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    const res = await this.request(path, init);
    return (await res.json()) as T;
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('workspaces');
    const res = await this.options.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res;
  }
}

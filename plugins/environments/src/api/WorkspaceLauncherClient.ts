import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { Workspace } from '@internal/plugin-workspaces-common';
import type {
  ProjectLaunchRequest,
  WorkspaceLauncherApi,
} from './WorkspaceLauncherApi';

/** @public */
export class WorkspaceLauncherClient implements WorkspaceLauncherApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listProjectWorkspaces(project: string): Promise<Workspace[]> {
    const params = new URLSearchParams({ scope: 'mine', project });
    const body = await this.json<{ items: Workspace[] }>(
      `/workspaces?${params}`,
    );
    return body.items;
  }

  launch(request: ProjectLaunchRequest): Promise<Workspace> {
    return this.json<Workspace>('/workspaces', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...request, start: true }),
    });
  }

  getWorkspace(id: string): Promise<Workspace> {
    return this.json<Workspace>(`/workspaces/${encodeURIComponent(id)}`);
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('workspaces');
    const res = await this.options.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}

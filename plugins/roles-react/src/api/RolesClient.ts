import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AssignableRole,
  MyRoleResponse,
  RoleAssignment,
} from '@internal/plugin-roles-common';
import type { RolesApi } from './RolesApi';

/** @public */
export class RolesClient implements RolesApi {
  private myRole?: Promise<MyRoleResponse>;

  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  getMyRole(): Promise<MyRoleResponse> {
    // The role only changes with the identity, and switching identity reloads the app.
    this.myRole ??= this.get<MyRoleResponse>('/me').catch(error => {
      this.myRole = undefined;
      throw error;
    });
    return this.myRole;
  }

  async listAssignments(filter?: {
    role?: AssignableRole;
  }): Promise<RoleAssignment[]> {
    const query = filter?.role
      ? `?role=${encodeURIComponent(filter.role)}`
      : '';
    const body = await this.get<{ items: RoleAssignment[] }>(
      `/assignments${query}`,
    );
    return body.items;
  }

  async addAssignment(assignment: {
    subjectRef: string;
    role: AssignableRole;
  }): Promise<RoleAssignment> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('roles');
    const res = await this.options.fetchApi.fetch(`${baseUrl}/assignments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(assignment),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as RoleAssignment;
  }

  async removeAssignment(assignment: {
    subjectRef: string;
    role: AssignableRole;
  }): Promise<void> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('roles');
    const query = new URLSearchParams(assignment).toString();
    const res = await this.options.fetchApi.fetch(
      `${baseUrl}/assignments?${query}`,
      {
        method: 'DELETE',
      },
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('roles');
    const res = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}

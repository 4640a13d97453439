import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  resolveRole,
  type AtriumRole,
  type RoleAssignment,
} from '@internal/plugin-roles-common';
import type { RolesService } from './rolesService';

/**
 * Reads the role assignments from the roles backend and decides roles locally.
 *
 * The permission policy asks for a role on every authorization, so the assignment
 * list (small: a handful of groups) is cached for `cacheTtlMs`; a change made by an
 * admin is seen by every replica within that time.
 *
 * @public
 */
export class RolesClient implements RolesService {
  private readonly discovery: DiscoveryService;
  private readonly auth: AuthService;
  private readonly cacheTtlMs: number;
  private cached?: { at: number; assignments: Promise<RoleAssignment[]> };

  constructor(options: {
    discovery: DiscoveryService;
    auth: AuthService;
    cacheTtlMs?: number;
  }) {
    this.discovery = options.discovery;
    this.auth = options.auth;
    this.cacheTtlMs = options.cacheTtlMs ?? 5_000;
  }

  async getRole(user: {
    ownershipEntityRefs: readonly string[];
  }): Promise<AtriumRole> {
    return resolveRole(user.ownershipEntityRefs, await this.listAssignments());
  }

  listAssignments(): Promise<RoleAssignment[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > this.cacheTtlMs) {
      const assignments = this.fetchAssignments();
      this.cached = { at: now, assignments };
      // A failed fetch must not be cached: the next call tries again.
      assignments.catch(() => {
        if (this.cached?.assignments === assignments) this.cached = undefined;
      });
    }
    return this.cached.assignments;
  }

  private async fetchAssignments(): Promise<RoleAssignment[]> {
    const baseUrl = await this.discovery.getBaseUrl('roles');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'roles',
    });
    const res = await fetch(`${baseUrl}/service/assignments`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    const body = (await res.json()) as { items: RoleAssignment[] };
    return body.items;
  }
}

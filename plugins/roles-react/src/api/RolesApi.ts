import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  AssignableRole,
  MyRoleResponse,
  RoleAssignment,
} from '@internal/plugin-roles-common';

/** @public */
export interface RolesApi {
  /** The signed-in user's role; fetched once per page load. */
  getMyRole(): Promise<MyRoleResponse>;
  /** Every role assignment (admins only: others get a 403 ResponseError). */
  listAssignments(filter?: {
    role?: AssignableRole;
  }): Promise<RoleAssignment[]>;
  /** Gives a user or group a role (admins only). */
  addAssignment(assignment: {
    subjectRef: string;
    role: AssignableRole;
  }): Promise<RoleAssignment>;
  /** Takes a role away (admins only; config-seeded ones are refused with a reason). */
  removeAssignment(assignment: {
    subjectRef: string;
    role: AssignableRole;
  }): Promise<void>;
}

/** @public */
export const rolesApiRef = createApiRef<RolesApi>({ id: 'plugin.roles.api' });

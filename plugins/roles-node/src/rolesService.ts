import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { AtriumRole, RoleAssignment } from '@internal/plugin-roles-common';
import { RolesClient } from './RolesClient';

/**
 * Tells the role of a user. Backed by the roles backend plugin, which owns the role
 * assignments in its database.
 *
 * @public
 */
export interface RolesService {
  getRole(user: {
    ownershipEntityRefs: readonly string[];
  }): Promise<AtriumRole>;
  listAssignments(): Promise<RoleAssignment[]>;
}

/** @public */
export const rolesServiceRef = createServiceRef<RolesService>({
  id: 'atrium.roles',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { discovery: coreServices.discovery, auth: coreServices.auth },
      factory: ({ discovery, auth }) => new RolesClient({ discovery, auth }),
    }),
});

import { createPermission } from '@backstage/plugin-permission-common';

/** Read the list of role assignments (who is admin, who is devops). Admins only. @public */
export const roleAssignmentsReadPermission = createPermission({
  name: 'atrium.roles.assignments.read',
  attributes: { action: 'read' },
});

/** @public */
export const rolesPermissions = [roleAssignmentsReadPermission];

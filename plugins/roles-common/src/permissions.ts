import { createPermission } from '@backstage/plugin-permission-common';

/** Read the list of role assignments (who is admin, who is devops). Admins only. @public */
export const roleAssignmentsReadPermission = createPermission({
  name: 'atrium.roles.assignments.read',
  attributes: { action: 'read' },
});

/** Give or take away the admin and devops roles. Admins only. @public */
export const roleAssignmentsManagePermission = createPermission({
  name: 'atrium.roles.assignments.manage',
  attributes: { action: 'update' },
});

/** Read one's own role. Every signed-in user holds it; checked so no route goes unchecked. @public */
export const roleSelfReadPermission = createPermission({
  name: 'atrium.roles.self.read',
  attributes: { action: 'read' },
});

/** @public */
export const rolesPermissions = [
  roleAssignmentsReadPermission,
  roleAssignmentsManagePermission,
  roleSelfReadPermission,
];

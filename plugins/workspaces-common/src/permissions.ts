import { createPermission } from '@backstage/plugin-permission-common';

/** Create, start, stop, restart and delete one's OWN workspaces. @public */
export const workspaceUsePermission = createPermission({
  name: 'atrium.workspaces.use',
  attributes: { action: 'create' },
});

/** See everyone's workspaces (the admin list). @public */
export const workspaceReadAllPermission = createPermission({
  name: 'atrium.workspaces.all.read',
  attributes: { action: 'read' },
});

/** Stop or delete someone else's workspace. @public */
export const workspaceManageAllPermission = createPermission({
  name: 'atrium.workspaces.all.manage',
  attributes: { action: 'update' },
});

/** @public */
export const workspacesPermissions = [
  workspaceUsePermission,
  workspaceReadAllPermission,
  workspaceManageAllPermission,
];

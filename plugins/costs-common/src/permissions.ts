import { createPermission } from '@backstage/plugin-permission-common';

/**
 * See costs: everyone signed in. Resource-less; which figures a person may see (their
 * own, their groups', their groups' projects) is enforced by the costs service.
 * @public
 */
export const costsReadPermission = createPermission({
  name: 'atrium.costs.read',
  attributes: { action: 'read' },
});

/** See everyone's costs, top spenders, idle waste and actual cloud bills (admin). @public */
export const costsReadAllPermission = createPermission({
  name: 'atrium.costs.all.read',
  attributes: { action: 'read' },
});

/** Set and remove budgets and quotas (admin). @public */
export const costsManagePermission = createPermission({
  name: 'atrium.costs.manage',
  attributes: { action: 'update' },
});

/** @public */
export const costsPermissions = [
  costsReadPermission,
  costsReadAllPermission,
  costsManagePermission,
];

import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read a conda-store build's log, packages and the difference between two builds:
 * everyone signed in (the catalog shows every conda-store environment to everyone).
 * @public
 */
export const environmentsReadPermission = createPermission({
  name: 'atrium.environments.read',
  attributes: { action: 'read' },
});

/**
 * The conda-store overview (environments per namespace, failed builds, environments
 * nothing used lately, disk per namespace): DevOps and admins.
 * @public
 */
export const environmentsOverviewPermission = createPermission({
  name: 'atrium.environments.overview',
  attributes: { action: 'read' },
});

/** @public */
export const environmentsPermissions = [
  environmentsReadPermission,
  environmentsOverviewPermission,
];

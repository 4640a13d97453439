import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of a data source (a catalog Resource with `spec.dataSource`), for
 * the resource permission its owners hold. The resource ref is the entity ref
 * (`resource:default/clinical-trials-2026`). @public
 */
export const DATA_ACCESS_SOURCE_RESOURCE_TYPE = 'data-access-source';

/**
 * See data sources, their sensitivity and grants (the Access page), one's own access
 * and requests. Everyone signed in: knowing that data exists and who holds it is what
 * lets a person ask for it. @public
 */
export const dataAccessReadPermission = createPermission({
  name: 'atrium.data-access.read',
  attributes: { action: 'read' },
});

/** Ask for access to a data source, with a reason. Everyone signed in. @public */
export const dataAccessRequestPermission = createPermission({
  name: 'atrium.data-access.request',
  attributes: { action: 'create' },
});

/**
 * Grant, change and end access to one data source, and approve or refuse requests for
 * it. Resource permission: admins on every source; everyone else CONDITIONAL with the
 * data-access plugin's IS_DATA_SOURCE_OWNER rule (the source's `spec.owner` is the
 * person or one of their groups). @public
 */
export const dataAccessManagePermission = createPermission({
  name: 'atrium.data-access.manage',
  attributes: { action: 'update' },
  resourceType: DATA_ACCESS_SOURCE_RESOURCE_TYPE,
});

/**
 * Admin-only: the second approval a restricted source needs, the history of who could
 * read what on a date, the running workspaces holding data their owner no longer may
 * use. @public
 */
export const dataAccessAdminPermission = createPermission({
  name: 'atrium.data-access.admin',
  attributes: { action: 'update' },
});

/** @public */
export const dataAccessPermissions = [
  dataAccessReadPermission,
  dataAccessRequestPermission,
  dataAccessManagePermission,
  dataAccessAdminPermission,
];

/** The rules the data-access backend registers for its resource type. @public */
export const DATA_ACCESS_RULES = {
  /** params `{ claims }`: the caller's user ref and ownership refs (groups). */
  isOwner: 'IS_DATA_SOURCE_OWNER',
} as const;

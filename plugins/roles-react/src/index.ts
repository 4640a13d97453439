/**
 * Atrium roles for other frontend plugins (as upstream's `*-react` packages): the
 * roles API and its client, the signed-in user's role, and the gates. Gate on the
 * permission the backend checks (`PermissionGate`, `usePermission`) where there is
 * one; the role is for what no permission decides (which home page, which menu).
 *
 * @packageDocumentation
 */
export { rolesApiRef, RolesClient } from './api';
export type { RolesApi } from './api';
export { useMyRole, RequireRole, NotForYourRole } from './RequireRole';
export { PermissionGate } from './PermissionGate';

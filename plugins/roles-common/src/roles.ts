/**
 * The roles Atrium knows. Every signed-in user holds exactly one: `admin` if any of
 * their identities (user or group) is assigned `admin`, else `devops` if assigned
 * `devops`, else `data-scientist`.
 *
 * @public
 */
export type AtriumRole = 'admin' | 'devops' | 'data-scientist';

/** Roles that are assigned explicitly; `data-scientist` is what everyone else is. @public */
export type AssignableRole = Exclude<AtriumRole, 'data-scientist'>;

/** @public */
export const ASSIGNABLE_ROLES: readonly AssignableRole[] = ['admin', 'devops'];

/** A user or group entity ref that holds a role. @public */
export interface RoleAssignment {
  /** `group:default/platform-admins` or `user:default/margaret` */
  subjectRef: string;
  role: AssignableRole;
  /**
   * `config` for assignments seeded from app-config (replaced on every start, so they
   * are changed in config); `admin` for those an admin added in the portal.
   */
  source: 'config' | 'admin';
  /** Who added it (admin assignments). */
  createdBy?: string;
  createdAt?: string;
}

/** What `GET /api/roles/me` answers. @public */
export interface MyRoleResponse {
  userEntityRef: string;
  role: AtriumRole;
  /** The user's own and group refs that decided the role. */
  ownershipEntityRefs: string[];
}

/**
 * Picks the role from the assignments that match any of a user's identities.
 * Kept in -common so that the backend and the tests decide with one function.
 *
 * @public
 */
export function resolveRole(
  ownershipEntityRefs: readonly string[],
  assignments: readonly Pick<RoleAssignment, 'subjectRef' | 'role'>[],
): AtriumRole {
  const refs = new Set(
    ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US')),
  );
  const held = new Set(
    assignments
      .filter(a => refs.has(a.subjectRef.toLocaleLowerCase('en-US')))
      .map(a => a.role),
  );
  if (held.has('admin')) return 'admin';
  if (held.has('devops')) return 'devops';
  return 'data-scientist';
}

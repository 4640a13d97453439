import {
  AuthorizeResult,
  type Permission,
} from '@backstage/plugin-permission-common';
import {
  permissionApiRef,
  type PermissionApi,
} from '@backstage/plugin-permission-react';
import type { AtriumRole } from '@internal/plugin-roles-common';
import { rolesApiRef, type RolesApi } from './api';

/**
 * A roles API that answers `getMyRole` with `role` for `user:default/<user>`; the
 * assignment calls are jest mocks.
 *
 * @public
 */
export function mockRolesApi(
  role: AtriumRole,
  user = 'ada',
): jest.Mocked<RolesApi> {
  return {
    getMyRole: jest.fn(async () => ({
      role,
      userEntityRef: `user:default/${user}`,
      ownershipEntityRefs: [`user:default/${user}`],
    })),
    listAssignments: jest.fn(async () => []),
    addAssignment: jest.fn(),
    removeAssignment: jest.fn(),
  };
}

/**
 * A permission API that allows everything to admins (as Atrium's policy does) and, to
 * other roles, only the permissions in `allowed`.
 *
 * @public
 */
export function mockPermissionApi(
  role: AtriumRole,
  allowed: Permission[] = [],
): PermissionApi {
  const names = new Set(allowed.map(p => p.name));
  return {
    authorize: async request => ({
      result:
        role === 'admin' || names.has(request.permission.name)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    }),
  };
}

/**
 * The API pairs of a signed-in `role` for renderInTestApp's `apis`: its role and the
 * permissions it holds (see mockPermissionApi).
 *
 * @public
 */
export function signedInAs(
  role: AtriumRole,
  options: { user?: string; allowed?: Permission[] } = {},
) {
  return [
    [rolesApiRef, mockRolesApi(role, options.user)],
    [permissionApiRef, mockPermissionApi(role, options.allowed)],
  ] as const;
}

import type { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { AtriumRole } from '@internal/plugin-roles-common';
import { rolesApiRef } from './api';

/**
 * The signed-in user's role. `role` is undefined while loading and when it could not
 * be fetched (then `error` says why).
 *
 * @public
 */
export function useMyRole(): {
  role?: AtriumRole;
  loading: boolean;
  error?: Error;
} {
  const rolesApi = useApi(rolesApiRef);
  const { value, loading, error } = useAsync(
    () => rolesApi.getMyRole(),
    [rolesApi],
  );
  return { role: value?.role, loading, error };
}

const roleTitles: Record<AtriumRole, string> = {
  admin: 'platform admin',
  devops: 'DevOps',
  'data-scientist': 'data scientist',
};

const rolePlurals: Record<AtriumRole, string> = {
  admin: 'platform admins',
  devops: 'DevOps',
  'data-scientist': 'data scientists',
};

/**
 * Tells a signed-in user that a page is for other roles, and what to do about it.
 *
 * @public
 */
export function NotForYourRole(props: {
  /** The roles the page is for, as the message names them. */
  roles: AtriumRole[];
  /** The user's role, if known. */
  role?: AtriumRole;
}) {
  return (
    <EmptyState
      missing="info"
      title={`This page is for ${props.roles
        .map(r => rolePlurals[r])
        .join(' and ')}`}
      description={`You are signed in as a ${
        props.role ? roleTitles[props.role] : 'user without a role'
      }. Ask a platform admin to add you (or one of your groups) to the role in atrium.roles if you need it.`}
    />
  );
}

/**
 * Renders its children only for the given roles; others see why not and what to do.
 * For pages whose data the backend guards with a permission, use `PermissionGate`:
 * this gate is for what no permission decides.
 *
 * @public
 */
export function RequireRole(props: {
  roles: AtriumRole[];
  children: ReactNode;
}) {
  const { role, loading, error } = useMyRole();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!role || !props.roles.includes(role)) {
    return <NotForYourRole roles={props.roles} role={role} />;
  }
  return <>{props.children}</>;
}

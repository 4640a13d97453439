import type { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { AtriumRole } from '@internal/plugin-roles-common';
import { rolesApiRef } from '../api';

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

/**
 * Renders its children only for the given roles; others see why not and what to do.
 * The backend refuses these users anyway: this only spares them a page of errors.
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
    return (
      <EmptyState
        missing="info"
        title={`This page is for ${props.roles
          .map(r => roleTitles[r])
          .join(' and ')}s`}
        description={`You are signed in as a ${
          role ? roleTitles[role] : 'user without a role'
        }. Ask a platform admin to add you (or one of your groups) to the role in atrium.roles if you need it.`}
      />
    );
  }
  return <>{props.children}</>;
}

import type { ReactNode } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import { usePermission } from '@backstage/plugin-permission-react';
import type { AtriumRole } from '@internal/plugin-roles-common';
import { NotForYourRole, useMyRole } from './RequireRole';

function Refusal(props: { roles: AtriumRole[] }) {
  // The role only words the message; the permission decided.
  const { role, loading } = useMyRole();
  if (loading) return <Progress />;
  return <NotForYourRole roles={props.roles} role={role} />;
}

/**
 * Renders its children only if the signed-in user holds `permission`, the one the
 * backend checks for what the children show; others see which roles the page is for
 * and what to do. The backend refuses them anyway: this only spares them a page of
 * errors.
 *
 * @public
 */
export function PermissionGate(props: {
  permission: BasicPermission;
  /** Who holds the permission under Atrium's policy, for the refusal message. */
  roles: AtriumRole[];
  children: ReactNode;
}) {
  const { allowed, loading, error } = usePermission({
    permission: props.permission,
  });
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!allowed) return <Refusal roles={props.roles} />;
  return <>{props.children}</>;
}

import type {
  LoggerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogIngestionManagePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import {
  AuthorizeResult,
  type Permission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { templateManagementPermission } from '@backstage/plugin-scaffolder-common/alpha';
import {
  roleAssignmentsManagePermission,
  roleAssignmentsReadPermission,
  type AtriumRole,
} from '@internal/plugin-roles-common';
import { auditLogReadPermission } from '@internal/plugin-audit-common';
import {
  costsManagePermission,
  costsReadAllPermission,
} from '@internal/plugin-costs-common';
import type { RolesService } from '@internal/plugin-roles-node';
import {
  workspaceManageAllPermission,
  workspaceReadAllPermission,
} from '@internal/plugin-workspaces-common';
import {
  platformClusterReadPermission,
  platformMetricsReadPermission,
} from '@internal/plugin-platform-health-common';

/**
 * Which roles may use a permission, by permission name. A permission not listed here is
 * open to every signed-in user: Backstage's read and self-service permissions (catalog
 * read, scaffolder tasks, notifications, user settings) stay as Backstage ships them.
 * Later Atrium plugins add their admin- and devops-only permissions to this table.
 */
export const RESTRICTED_PERMISSIONS: ReadonlyMap<
  string,
  readonly AtriumRole[]
> = new Map(
  (
    [
      // Registering, unregistering and deleting catalog content changes what everyone
      // sees: admins only.
      [catalogLocationCreatePermission, ['admin']],
      [catalogLocationDeletePermission, ['admin']],
      [catalogEntityCreatePermission, ['admin']],
      [catalogEntityDeletePermission, ['admin']],
      [catalogIngestionManagePermission, ['admin']],
      // Editing templates in the template editor.
      [templateManagementPermission, ['admin']],
      // Raw proxy to the Kubernetes API: operators only.
      [kubernetesProxyPermission, ['admin', 'devops']],
      [roleAssignmentsReadPermission, ['admin']],
      [roleAssignmentsManagePermission, ['admin']],
      [auditLogReadPermission, ['admin']],
      // Everyone uses their own workspaces; seeing and stopping anyone's is for admins.
      [workspaceReadAllPermission, ['admin']],
      [workspaceManageAllPermission, ['admin']],
      // Everyone sees their own and their groups' costs (checked by the costs plugin);
      // everyone's costs, budgets and quotas are for admins.
      [costsReadAllPermission, ['admin']],
      [costsManagePermission, ['admin']],
      // Nodes, every namespace's pods, events and logs: operators only. The platform
      // status (services) stays open to everyone.
      [platformClusterReadPermission, ['admin', 'devops']],
      [platformMetricsReadPermission, ['admin', 'devops']],
    ] as [Permission, AtriumRole[]][]
  ).map(([permission, roles]) => [permission.name, roles]),
);

/**
 * Decides every permission from the caller's Atrium role (see roles-common).
 *
 * @public
 */
export class AtriumPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly options: {
      roles: RolesService;
      userInfo: UserInfoService;
      logger: LoggerService;
    },
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const allowedRoles = RESTRICTED_PERMISSIONS.get(request.permission.name);
    if (!allowedRoles) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const info = await this.options.userInfo.getUserInfo(user.credentials);
    const role = await this.options.roles.getRole(info);
    const allowed = allowedRoles.includes(role);
    if (!allowed) {
      this.options.logger.debug(
        `Denied ${request.permission.name} to ${info.userEntityRef} (role ${role})`,
      );
    }
    return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }
}

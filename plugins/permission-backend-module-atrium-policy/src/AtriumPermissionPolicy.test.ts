import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  kubernetesClustersReadPermission,
  kubernetesProxyPermission,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  actionExecutePermission,
  RESOURCE_TYPE_SCAFFOLDER_TASK,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  auditLogReadPermission,
  auditPermissions,
} from '@internal/plugin-audit-common';
import {
  costsManagePermission,
  costsPermissions,
  costsReadAllPermission,
  costsReadPermission,
} from '@internal/plugin-costs-common';
import {
  DATA_ACCESS_SOURCE_RESOURCE_TYPE,
  dataAccessAdminPermission,
  dataAccessManagePermission,
  dataAccessPermissions,
  dataAccessReadPermission,
  dataAccessRequestPermission,
} from '@internal/plugin-data-access-common';
import {
  environmentsOverviewPermission,
  environmentsPermissions,
  environmentsReadPermission,
} from '@internal/plugin-environments-common';
import {
  platformClusterReadPermission,
  platformHealthPermissions,
  platformMetricsReadPermission,
  platformServicesReadPermission,
} from '@internal/plugin-platform-health-common';
import {
  resolveRole,
  roleAssignmentsManagePermission,
  roleAssignmentsReadPermission,
  roleSelfReadPermission,
  rolesPermissions,
} from '@internal/plugin-roles-common';
import {
  workspaceManageAllPermission,
  workspaceReadAllPermission,
  workspacesPermissions,
  workspaceUsePermission,
} from '@internal/plugin-workspaces-common';
import { AtriumPermissionPolicy } from './AtriumPermissionPolicy';
import { PERMISSION_RULES } from './permissionRules';

// The roles service's decision logic with a fixed assignment list; the HTTP path to the
// roles backend is covered by the roles-backend route tests and the browser suite.
const assignments = [
  { subjectRef: 'group:default/platform-admins', role: 'admin' as const },
  { subjectRef: 'group:default/platform-ops', role: 'devops' as const },
];
const groups: Record<string, string[]> = {
  'user:default/margaret': ['group:default/platform-admins'],
  'user:default/linus': ['group:default/platform-ops'],
  'user:default/ada': ['group:default/team-vision'],
};

const policy = new AtriumPermissionPolicy({
  roles: {
    getRole: async user => resolveRole(user.ownershipEntityRefs, assignments),
    listAssignments: async () =>
      assignments.map(a => ({ ...a, source: 'config' as const })),
  },
  userInfo: mockServices.userInfo.mock({
    getUserInfo: async credentials => {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(groups[ref] ?? [])],
      };
    },
  }),
  logger: mockServices.logger.mock(),
});

type Permission = Parameters<typeof policy.handle>[0]['permission'];

function decision(permission: Permission, user: string) {
  return policy.handle(
    { permission },
    {
      credentials: mockCredentials.user(user),
      info: { userEntityRef: user, ownershipEntityRefs: [] },
    },
  );
}

async function decide(permission: Permission, user: string) {
  return (await decision(permission, user)).result;
}

const EVERYONE = ['margaret', 'linus', 'ada'];

describe('AtriumPermissionPolicy', () => {
  it.each([
    // Backstage's catalog
    ['read the catalog', catalogEntityReadPermission, EVERYONE],
    ['refresh an entity', catalogEntityRefreshPermission, EVERYONE],
    ['read catalog locations', catalogLocationReadPermission, EVERYONE],
    [
      'register a catalog location',
      catalogLocationCreatePermission,
      ['margaret'],
    ],
    [
      'analyze a location before registering it',
      catalogLocationAnalyzePermission,
      ['margaret'],
    ],
    [
      'unregister a catalog location',
      catalogLocationDeletePermission,
      ['margaret'],
    ],
    // Backstage's scaffolder
    ['run a scaffolder template', taskCreatePermission, EVERYONE],
    ["read a template's parameters", templateParameterReadPermission, EVERYONE],
    ["read a template's steps", templateStepReadPermission, EVERYONE],
    ["run a template's actions", actionExecutePermission, EVERYONE],
    ['manage templates', templateManagementPermission, ['margaret']],
    [
      'dry-run a template in the template editor',
      templateDryRunPermission,
      ['margaret'],
    ],
    // Backstage's Kubernetes plugin
    [
      'proxy to the Kubernetes API',
      kubernetesProxyPermission,
      ['margaret', 'linus'],
    ],
    [
      "read an entity's Kubernetes resources (pod specs)",
      kubernetesResourcesReadPermission,
      ['margaret', 'linus'],
    ],
    [
      'list the Kubernetes clusters',
      kubernetesClustersReadPermission,
      ['margaret', 'linus'],
    ],
    // Atrium
    ['read their own role', roleSelfReadPermission, EVERYONE],
    ['list role assignments', roleAssignmentsReadPermission, ['margaret']],
    ['give and take roles', roleAssignmentsManagePermission, ['margaret']],
    ['read the audit log', auditLogReadPermission, ['margaret']],
    ['use their own workspaces', workspaceUsePermission, EVERYONE],
    ["see anyone's workspaces", workspaceReadAllPermission, ['margaret']],
    ["stop anyone's workspaces", workspaceManageAllPermission, ['margaret']],
    ["read their own and their groups' costs", costsReadPermission, EVERYONE],
    ["read everyone's costs", costsReadAllPermission, ['margaret']],
    ['set budgets and quotas', costsManagePermission, ['margaret']],
    ['read the platform status', platformServicesReadPermission, EVERYONE],
    [
      'read the cluster overview and logs',
      platformClusterReadPermission,
      ['margaret', 'linus'],
    ],
    [
      "read the portal's metrics",
      platformMetricsReadPermission,
      ['margaret', 'linus'],
    ],
    ['read conda-store builds', environmentsReadPermission, EVERYONE],
    [
      "see conda-store's sprawl overview",
      environmentsOverviewPermission,
      ['margaret', 'linus'],
    ],
    ['see data sources and their grants', dataAccessReadPermission, EVERYONE],
    ['ask for access to data', dataAccessRequestPermission, EVERYONE],
    [
      'give second approvals, see who could read what and data held without access',
      dataAccessAdminPermission,
      ['margaret'],
    ],
  ])('lets only the right roles %s', async (_what, permission, allowed) => {
    for (const name of ['margaret', 'linus', 'ada']) {
      const expected = allowed.includes(name)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY;
      await expect(decide(permission, `user:default/${name}`)).resolves.toBe(
        expected,
      );
    }
  });

  it.each([
    ['read', taskReadPermission],
    ['cancel', taskCancelPermission],
  ])(
    'lets admins %s every scaffolder task, and everyone else only their own',
    async (_what, permission) => {
      await expect(decide(permission, 'user:default/margaret')).resolves.toBe(
        AuthorizeResult.ALLOW,
      );
      for (const name of ['ada', 'linus']) {
        // The scaffolder's own rule (IS_TASK_OWNER) applied to the task's createdBy;
        // retrying a task needs read, so it follows too.
        await expect(
          decision(permission, `user:default/${name}`),
        ).resolves.toEqual({
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'scaffolder',
          resourceType: RESOURCE_TYPE_SCAFFOLDER_TASK,
          conditions: {
            rule: 'IS_TASK_OWNER',
            resourceType: RESOURCE_TYPE_SCAFFOLDER_TASK,
            params: { createdBy: [`user:default/${name}`] },
          },
        });
      }
    },
  );

  it("lets admins manage every data source's access, and everyone else the sources they or their groups own", async () => {
    await expect(
      decide(dataAccessManagePermission, 'user:default/margaret'),
    ).resolves.toBe(AuthorizeResult.ALLOW);
    for (const name of ['ada', 'linus']) {
      const ref = `user:default/${name}`;
      // The data-access plugin's own rule, with the person and their groups as claims.
      await expect(
        decision(dataAccessManagePermission, ref),
      ).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'data-access',
        resourceType: DATA_ACCESS_SOURCE_RESOURCE_TYPE,
        conditions: {
          rule: 'IS_DATA_SOURCE_OWNER',
          resourceType: DATA_ACCESS_SOURCE_RESOURCE_TYPE,
          params: { claims: [ref, ...(groups[ref] ?? [])] },
        },
      });
    }
  });

  it('decides every permission the Atrium plugins declare explicitly', () => {
    for (const permission of [
      ...auditPermissions,
      ...costsPermissions,
      ...dataAccessPermissions,
      ...environmentsPermissions,
      ...platformHealthPermissions,
      ...rolesPermissions,
      ...workspacesPermissions,
    ]) {
      expect([permission.name, PERMISSION_RULES.has(permission.name)]).toEqual([
        permission.name,
        true,
      ]);
    }
  });

  it('denies an Atrium permission it does not list, even to admins', async () => {
    const unlisted = createPermission({
      name: 'atrium.workspaces.share',
      attributes: { action: 'update' },
    });
    for (const name of ['margaret', 'linus', 'ada']) {
      await expect(decide(unlisted, `user:default/${name}`)).resolves.toBe(
        AuthorizeResult.DENY,
      );
    }
  });

  it("keeps Backstage's default (allow) for a permission of another plugin it does not list", async () => {
    const other = createPermission({
      name: 'search.query.example',
      attributes: { action: 'read' },
    });
    await expect(decide(other, 'user:default/ada')).resolves.toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it('denies restricted permissions and scaffolder tasks when there is no user', async () => {
    for (const permission of [
      catalogLocationCreatePermission,
      taskReadPermission,
      kubernetesResourcesReadPermission,
    ]) {
      const result = await policy.handle({ permission });
      expect([permission.name, result.result]).toEqual([
        permission.name,
        AuthorizeResult.DENY,
      ]);
    }
  });
});

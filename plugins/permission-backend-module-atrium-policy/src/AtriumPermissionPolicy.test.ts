import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  taskCreatePermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  resolveRole,
  roleAssignmentsReadPermission,
} from '@internal/plugin-roles-common';
import {
  platformClusterReadPermission,
  platformMetricsReadPermission,
  platformServicesReadPermission,
} from '@internal/plugin-platform-health-common';
import { AtriumPermissionPolicy } from './AtriumPermissionPolicy';

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

async function decide(
  permission: Parameters<typeof policy.handle>[0]['permission'],
  user: string,
) {
  const credentials = mockCredentials.user(user);
  const decision = await policy.handle(
    { permission },
    { credentials, info: { userEntityRef: user, ownershipEntityRefs: [] } },
  );
  return decision.result;
}

describe('AtriumPermissionPolicy', () => {
  it.each([
    [
      'register a catalog location',
      catalogLocationCreatePermission,
      ['margaret'],
    ],
    [
      'unregister a catalog location',
      catalogLocationDeletePermission,
      ['margaret'],
    ],
    ['manage templates', templateManagementPermission, ['margaret']],
    ['list role assignments', roleAssignmentsReadPermission, ['margaret']],
    [
      'proxy to the Kubernetes API',
      kubernetesProxyPermission,
      ['margaret', 'linus'],
    ],
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
    [
      'read the platform status',
      platformServicesReadPermission,
      ['margaret', 'linus', 'ada'],
    ],
    [
      'read the catalog',
      catalogEntityReadPermission,
      ['margaret', 'linus', 'ada'],
    ],
    [
      'run a scaffolder template',
      taskCreatePermission,
      ['margaret', 'linus', 'ada'],
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

  it('denies a restricted permission when there is no user', async () => {
    const decision = await policy.handle({
      permission: catalogLocationCreatePermission,
    });
    expect(decision.result).toBe(AuthorizeResult.DENY);
  });
});

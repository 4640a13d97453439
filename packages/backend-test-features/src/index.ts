/**
 * The backend features every Atrium route test starts with, so that each test asks
 * the real permission backend, Atrium's policy and the roles backend, as production
 * does, and only the users and their groups are made up.
 *
 * @packageDocumentation
 */
import {
  coreServices,
  createServiceFactory,
  type BackendFeature,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  type TestDatabaseId,
  type TestDatabases,
} from '@backstage/backend-test-utils';
import permissionBackend from '@backstage/plugin-permission-backend';
import type { JsonObject } from '@backstage/types';
import atriumPolicyModule from '@internal/plugin-permission-backend-module-atrium-policy';
// This package exists to hand tests the real roles backend (the policy asks it for
// roles): a test helper assembling backend features, not a library plugins run with.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import rolesBackend from '@internal/plugin-roles-backend';

/** The demo organisation's role groups, as app-config.yaml assigns them. */
export const TEST_ROLE_GROUPS = {
  admin: ['group:default/platform-admins'],
  devops: ['group:default/platform-ops'],
};

/**
 * The permission backend with Atrium's policy, the roles backend, request
 * authentication (no token: unauthenticated, so 401s can be tested), the users'
 * groups, and the root config: `config` with permissions enabled and the demo roles
 * (unless `config.atrium.roles` says otherwise). Add the plugins under test, the
 * catalog and the databases they need.
 *
 * @param options.groups - each user ref's groups, e.g.
 *   `{ 'user:default/ada': ['group:default/team-vision'] }`
 */
export function atriumTestBackendFeatures(options: {
  groups: Record<string, readonly string[]>;
  config?: JsonObject;
}): BackendFeature[] {
  const config = options.config ?? {};
  const atrium = (config.atrium as JsonObject | undefined) ?? {};
  return [
    rolesBackend,
    permissionBackend,
    atriumPolicyModule,
    mockServices.httpAuth.factory({
      defaultCredentials: mockCredentials.none(),
    }),
    mockServices.userInfo.mock({
      getUserInfo: async credentials => {
        const ref = (credentials.principal as { userEntityRef: string })
          .userEntityRef;
        return {
          userEntityRef: ref,
          ownershipEntityRefs: [ref, ...(options.groups[ref] ?? [])],
        };
      },
    }).factory,
    mockServices.rootConfig.factory({
      data: {
        ...config,
        permission: { enabled: true },
        atrium: { roles: TEST_ROLE_GROUPS, ...atrium },
      },
    }),
  ];
}

/** The authorization header of a test user (`ada` → `user:default/ada`). */
export const asUser = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);

/** A database client as TestDatabases hands it out (a Knex instance). */
export type TestKnex = Awaited<ReturnType<TestDatabases['init']>>;

/**
 * The database service of a test backend on one engine of `databases` (SQLite or
 * PostgreSQL): each plugin gets its own fresh database, as in production, migrated by
 * the plugin. `knexOf(pluginId)` is that plugin's client, to seed or read it. Route
 * suites that exercise SQL run once per engine with this (test names carry the id, as
 * store tests do), since SQLite alone hides PostgreSQL's typing and ordering.
 */
export function testDatabaseFeature(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
): {
  feature: BackendFeature;
  knexOf: (pluginId: string) => Promise<TestKnex>;
} {
  const knexes = new Map<string, Promise<TestKnex>>();
  const knexOf = (pluginId: string) => {
    if (!knexes.has(pluginId)) knexes.set(pluginId, databases.init(databaseId));
    return knexes.get(pluginId)!;
  };
  const feature = createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    async factory({ plugin }) {
      return mockServices.database({
        knex: await knexOf(plugin.getId()),
        migrations: { skip: false },
      });
    },
  });
  return { feature, knexOf };
}

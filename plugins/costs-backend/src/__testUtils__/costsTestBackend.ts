import { createServiceFactory } from '@backstage/backend-plugin-api';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  startTestBackend,
  type TestDatabaseId,
  type TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  asUser,
  atriumTestBackendFeatures,
  testDatabaseFeature,
} from '@internal/backend-test-features';
import {
  atriumAuditorServiceFactory,
  auditEventSinkServiceRef,
  type AuditEventSink,
} from '@internal/plugin-audit-node';
import type { MeteredSession } from '../database/CostsStore';
import { costsClockServiceRef } from '../clock';
import { costsPlugin } from '../plugin';
import { TEST_ENTITIES, TEST_GROUPS } from './catalogEntities';
import { createTestStore, TEST_SHEETS_CONFIG } from './costsTestSetup';

/**
 * The costs plugin's "now" in route tests: mid-month, midday UTC (a Wednesday), under
 * the price sheet of 2026-11-01. The test backend's clock starts here and runs at the
 * real pace (scheduling and timeouts use real time), so "this month" and "today" never
 * flip at midnight while a test runs, whenever it runs.
 */
export const TEST_NOW_MS = Date.parse('2026-11-18T12:00:00.000Z');
const startedAtMs = Date.now();
/** The test backend's clock (see {@link TEST_NOW_MS}). */
export const testNow = () => new Date(TEST_NOW_MS + (Date.now() - startedAtMs));

/** The days around the seeded sessions (they ended a day before the test clock's now). */
export const day = (offsetDays: number) =>
  new Date(TEST_NOW_MS + offsetDays * 86_400_000).toISOString().slice(0, 10);
export const RANGE = `from=${day(-3)}&to=${day(1)}`;

export const sessionOf = (
  id: string,
  user: string,
  groups: string[],
  extra: Partial<MeteredSession> = {},
): MeteredSession => ({
  id,
  workspaceId: `w-${id}`,
  workspaceName: id,
  owner: `user:default/${user}`,
  groups,
  profile: 'small',
  cpu: 2,
  memoryGiB: 8,
  gpu: 0,
  // Ended a day before the test clock's now.
  startedAt: new Date(TEST_NOW_MS - 26 * 3_600_000).toISOString(),
  endedAt: new Date(TEST_NOW_MS - 24 * 3_600_000).toISOString(),
  ...extra,
});

/** Ada's, Alan's and Grace's sessions of yesterday, two of them on projects. */
export const TEST_SESSIONS: MeteredSession[] = [
  sessionOf('a1', 'ada', ['group:default/team-vision'], {
    project: 'component:default/cats-vs-dogs',
  }),
  sessionOf('al1', 'alan', ['group:default/team-vision']),
  sessionOf('g1', 'grace', ['group:default/team-genomics'], {
    project: 'component:default/genome-assembly',
  }),
];

/**
 * The costs routes on a test backend with the REAL permission backend, Atrium's policy
 * and the roles backend (atriumTestBackendFeatures); audit events as the audit log
 * receives them (`auditEvents`); the catalog is the in-memory catalog service with the
 * demo org (and `entities`), and the usage is `sessions` (default:
 * {@link TEST_SESSIONS}); the costs plugin's clock is {@link testNow}. Every plugin's database is on `databaseId` (default SQLite):
 * the suites that exercise SQL run once per engine.
 */
export async function startCostsTestBackend(
  databases: TestDatabases,
  options: {
    entities?: Entity[];
    sessions?: MeteredSession[];
    /** More plugins to start beside costs (e.g. the notifications backend). */
    features?: BackendFeature[];
    databaseId?: TestDatabaseId;
  } = {},
) {
  // A database per plugin, as in production; the costs one is kept to seed usage into.
  const { feature: databaseFeature, knexOf } = testDatabaseFeature(
    databases,
    options.databaseId ?? 'SQLITE_3',
  );
  // Finished audit events, as the audit log receives them.
  const auditEvents: Parameters<AuditEventSink['publish']>[0][] = [];
  const { server } = await startTestBackend({
    features: [
      costsPlugin,
      ...atriumTestBackendFeatures({
        groups: TEST_GROUPS,
        config: {
          // Read by the notifications backend (its links), when a test starts it.
          app: { baseUrl: 'http://localhost:3000' },
          costs: { prices: TEST_SHEETS_CONFIG },
          workspaces: {
            profiles: [
              {
                display_name: 'Small Instance',
                slug: 'small',
                kubespawner_override: { cpu_limit: 2, mem_limit: '8G' },
              },
            ],
          },
        },
      }),
      atriumAuditorServiceFactory,
      createServiceFactory({
        service: auditEventSinkServiceRef,
        deps: {},
        factory: () => ({
          publish: event => auditEvents.push(event),
          subscribe: () => {},
        }),
      }),
      catalogServiceMock.factory({
        entities: [...TEST_ENTITIES, ...(options.entities ?? [])],
      }),
      databaseFeature,
      createServiceFactory({
        service: costsClockServiceRef,
        deps: {},
        factory: () => ({ now: testNow }),
      }),
      ...(options.features ?? []),
    ],
  });
  // The plugin migrated the database: seed usage through the same store.
  const store = await createTestStore(await knexOf('costs'));
  await store.upsertSessions(options.sessions ?? TEST_SESSIONS);
  return { server, as: asUser, auditEvents };
}

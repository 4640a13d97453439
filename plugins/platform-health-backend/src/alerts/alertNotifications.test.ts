import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import {
  atriumTestBackendFeatures,
  testDatabaseFeature,
} from '@internal/backend-test-features';
import {
  startKubeTestServer,
  type KubeTestServer,
} from '@internal/kube-test-server';
import type { AlertEpisode } from '@internal/plugin-platform-health-common';
import {
  startPrometheus,
  storeTestDatabases,
  type StartedPrometheus,
} from '@internal/test-utils';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { PLATFORM_OBJECTS } from '../__testUtils__/platformCluster';
import { registerTestPortalMetrics } from '../__testUtils__/portalMetrics';
import {
  as,
  platformComponent,
  TRUSTED_ORIGIN,
} from '../__testUtils__/testBackend';
import { platformHealthPlugin } from '../plugin';

jest.setTimeout(180_000);
beforeAll(registerTestPortalMetrics);

const databases = storeTestDatabases();
// eslint-disable-next-line no-restricted-syntax
const DEV_RULES = path.resolve(
  __dirname,
  '../../../../dev/prometheus/rules.yml',
);

const user = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: {},
});
/** The catalog as the org processor leaves it: groups know their members. */
const ENTITIES: Entity[] = [
  user('linus'),
  user('ada'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform-ops', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: 'user:default/linus' }],
  },
  platformComponent('conda-store', {
    'backstage.io/kubernetes-id': 'conda-store',
    'atrium.io/prometheus-alerts': 'service=conda-store',
  }),
];

async function reservePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>(r => server.close(() => r()));
  return port;
}

describe.each(databases.eachSupportedId())(
  'alerts reach the owning group through the real notifications backend, on %s',
  databaseId => {
    let kube: KubeTestServer;
    let prometheus: StartedPrometheus | undefined;
    const stops: Array<() => Promise<void>> = [];
    beforeEach(async () => {
      kube = await startKubeTestServer({ seed: { objects: PLATFORM_OBJECTS } });
    });
    afterEach(async () => {
      for (const stop of stops.splice(0)) await stop();
      await prometheus?.stop();
      prometheus = undefined;
      await kube.close();
    });

    async function backend(
      database: ReturnType<typeof testDatabaseFeature>,
      prometheusUrl: string,
    ) {
      // The test's scheduler runs a task only when told to.
      const scheduler = mockServices.scheduler();
      const started = await startTestBackend({
        features: [
          platformHealthPlugin,
          notificationsBackend,
          database.feature,
          catalogServiceMock.factory({ entities: ENTITIES }),
          createServiceFactory({
            service: coreServices.scheduler,
            deps: {},
            factory: () => scheduler,
          }),
          ...atriumTestBackendFeatures({
            groups: {
              'user:default/linus': ['group:default/platform-ops'],
              'user:default/ada': ['group:default/team-vision'],
            },
            config: {
              app: { baseUrl: 'http://localhost:3000' },
              platformHealth: {
                clusters: [{ name: 'demo', url: kube.url, token: kube.token }],
                prometheus: { url: prometheusUrl },
                requestTimeout: { seconds: 2 },
                heartbeatInterval: { milliseconds: 300 },
                services: {
                  cacheTtl: { milliseconds: 0 },
                  trustedOrigins: [TRUSTED_ORIGIN],
                },
              },
            },
          }),
        ],
      });
      stops.push(() => started.stop());
      return { server: started.server, scheduler };
    }

    it('notifies once per episode, again after it resolved and came back, and not after a restart', async () => {
      const database = testDatabaseFeature(
        databases,
        databaseId as TestDatabaseId,
      );
      const promPort = await reservePort();
      const first = await backend(database, `http://127.0.0.1:${promPort}`);
      const backendPort = (first.server.address() as net.AddressInfo).port;
      prometheus = await startPrometheus({
        rules: [
          readFileSync(DEV_RULES, 'utf8').replace(/for: \S+/g, 'for: 0s'),
        ],
        jobs: [
          {
            job: 'atrium',
            targets: [`127.0.0.1:${backendPort}`],
            metricsPath: '/api/platform-health/metrics',
            bearerToken: mockCredentials.service
              .header()
              .replace(/^Bearer /, ''),
          },
        ],
        port: promPort,
        nodeExporter: false,
      });
      const notificationsOf = async (server: any, who: string) => {
        const res = await request(server)
          .get('/api/notifications/notifications?topic=platform-health')
          .set('authorization', as(who));
        expect(res.status).toBe(200);
        return res.body.notifications as Array<{ payload: any; user: string }>;
      };
      const pod = PLATFORM_OBJECTS.find(
        o => o.metadata?.name === 'conda-store-worker-6f7d-y2',
      )!;

      kube.faults.crashLoop('dev', 'conda-store-worker-6f7d-y2');
      await prometheus.waitForAlert('PlatformPodsFailing');
      await first.scheduler.triggerTask('platform-health-alerts');
      const sent = await notificationsOf(first.server, 'linus');
      expect(sent.map(n => n.payload.title).sort()).toEqual([
        'Alert PlatformPodsFailing is firing for conda-store',
        'conda-store is degraded',
      ]);
      for (const n of sent) {
        expect(n).toMatchObject({
          user: 'user:default/linus',
          payload: {
            topic: 'platform-health',
            link: '/catalog/default/component/conda-store/health',
            severity: 'high',
          },
        });
      }
      expect(
        sent.find(n => n.payload.title.startsWith('Alert'))!.payload
          .description,
      ).toMatch(/^1 pod\(s\) of conda-store in CrashLoopBackOff/);
      // Ada is not in the owning group.
      expect(await notificationsOf(first.server, 'ada')).toEqual([]);

      // Still bad: nothing new.
      await first.scheduler.triggerTask('platform-health-alerts');
      expect(await notificationsOf(first.server, 'linus')).toHaveLength(2);

      // Healed: the episodes resolve; broken again: new episodes, new notifications.
      kube.apply(pod);
      await waitForNoAlert(prometheus, 'PlatformPodsFailing');
      await eventuallyResolved(first, 2);
      kube.faults.crashLoop('dev', 'conda-store-worker-6f7d-y2');
      await prometheus.waitForAlert('PlatformPodsFailing');
      await first.scheduler.triggerTask('platform-health-alerts');
      expect(await notificationsOf(first.server, 'linus')).toHaveLength(4);

      // DevOps see the alert history; data scientists do not.
      const history = await request(first.server)
        .get(
          '/api/platform-health/alerts/history?component=component:default/conda-store',
        )
        .set('authorization', as('linus'));
      expect(history.status).toBe(200);
      const items = history.body.items as AlertEpisode[];
      expect(
        items.map(e => [e.kind, e.name, !!e.resolvedAt, !!e.notifiedAt]),
      ).toEqual(
        expect.arrayContaining([
          ['alert', 'PlatformPodsFailing', true, true],
          ['status', 'degraded', true, true],
          ['alert', 'PlatformPodsFailing', false, true],
          ['status', 'degraded', false, true],
        ]),
      );
      expect(items).toHaveLength(4);
      const refused = await request(first.server)
        .get('/api/platform-health/alerts/history')
        .set('authorization', as('ada'));
      expect(refused.status).toBe(403);
      const bad = await request(first.server)
        .get(
          '/api/platform-health/alerts/history?from=2026-12-05&to=2026-12-01',
        )
        .set('authorization', as('linus'));
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(
        /'from' must not be later than 'to'/,
      );

      // A restart (a new backend on the same databases) finds the open episodes
      // notified: nothing is sent again.
      await stops.shift()!();
      const second = await backend(database, `http://127.0.0.1:${promPort}`);
      await second.scheduler.triggerTask('platform-health-alerts');
      expect(await notificationsOf(second.server, 'linus')).toHaveLength(4);
    });

    async function waitForNoAlert(p: StartedPrometheus, name: string) {
      await p.waitForSample(
        `absent(ALERTS{alertname="${name}",alertstate="firing"})`,
        30_000,
      );
    }

    /** Runs the task until `n` episodes are resolved (the cache catches up with the pod). */
    async function eventuallyResolved(
      b: { server: any; scheduler: ReturnType<typeof mockServices.scheduler> },
      n: number,
    ) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        await b.scheduler.triggerTask('platform-health-alerts');
        const res = await request(b.server)
          .get('/api/platform-health/alerts/history')
          .set('authorization', as('linus'));
        const resolved = (res.body.items as AlertEpisode[]).filter(
          e => e.resolvedAt,
        ).length;
        if (resolved >= n) {
          expect(resolved).toBe(n);
          return;
        }
        if (Date.now() > deadline) {
          throw new Error(`only ${resolved} of ${n} episodes resolved`);
        }
        await new Promise(r => setTimeout(r, 250));
      }
    }
  },
);

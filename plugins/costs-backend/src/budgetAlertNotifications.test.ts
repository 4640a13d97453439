import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import { storeTestDatabases } from '@internal/test-utils';
import request from 'supertest';
import {
  sessionOf,
  startCostsTestBackend,
  testNow,
} from './__testUtils__/costsTestBackend';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

describe.each(databases.eachSupportedId())(
  'a budget alert, end to end through the real notifications backend, on %s',
  databaseId => {
    it('reaches the person over budget: stored once and listed for them, not for others', async () => {
      // Three hours of a large workspace, ended a minute before the test clock's now
      // (mid-month: all of it this month, whatever the day the test runs).
      const now = testNow().getTime();
      // The test's scheduler runs a task only when told to.
      const scheduler = mockServices.scheduler();
      const { server, as } = await startCostsTestBackend(databases, {
        databaseId,
        sessions: [
          sessionOf('big', 'ada', ['group:default/team-vision'], {
            cpu: 64,
            memoryGiB: 512,
            startedAt: new Date(now - 3 * 3_600_000).toISOString(),
            endedAt: new Date(now - 60_000).toISOString(),
          }),
        ],
        features: [
          notificationsBackend,
          createServiceFactory({
            service: coreServices.scheduler,
            deps: {},
            factory: () => scheduler,
          }),
        ],
      });
      const set = await request(server)
        .put('/api/costs/budgets')
        .set('authorization', as('margaret'))
        .send({ subjectRef: 'user:default/ada', monthlyAmount: 0.01 });
      expect(set.status).toBe(200);
      expect(set.body.percent).toBeGreaterThanOrEqual(100);

      const list = async (user: string) => {
        const res = await request(server)
          .get('/api/notifications/notifications?topic=costs-budget')
          .set('authorization', as(user));
        expect(res.status).toBe(200);
        return res.body as { totalCount: number; notifications: any[] };
      };
      expect((await list('ada')).totalCount).toBe(0);
      await scheduler.triggerTask('costs-budget-alerts');
      const listed = (await list('ada')).notifications;
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({
        user: 'user:default/ada',
        payload: {
          topic: 'costs-budget',
          severity: 'high',
          link: '/costs',
          title: expect.stringMatching(
            /^You have used 100 % of your \$0\.01 budget for \d{4}-\d{2}$/,
          ),
        },
      });
      expect(listed[0].payload.description).toContain(
        'New workspaces cannot start until an admin raises the budget.',
      );

      // Once per episode: a later run sends nothing more; and nobody else got it.
      await scheduler.triggerTask('costs-budget-alerts');
      expect((await list('ada')).totalCount).toBe(1);
      expect((await list('grace')).totalCount).toBe(0);
    });
  },
);

import { mockServices } from '@backstage/backend-test-utils';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { storeTestDatabases } from '@internal/test-utils';
import {
  createTestServices,
  createTestStore,
  replicaClient,
} from '../__testUtils__/costsTestSetup';
import type { DatabaseCostsStore } from '../database/DatabaseCostsStore';
import { BudgetAlerts } from './BudgetAlerts';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

/** Records what would be sent: the notifications backend is exercised in plugin.test.ts. */
class RecordingNotifications implements NotificationService {
  sent: NotificationSendOptions[] = [];
  async send(options: NotificationSendOptions) {
    this.sent.push(options);
  }
}

function alertsFor(
  store: DatabaseCostsStore,
  now: () => Date,
  notifications: NotificationService,
) {
  return new BudgetAlerts({
    budgets: createTestServices(store, now).budgets,
    notifications,
    thresholds: [50, 80, 100],
    logger: mockServices.logger.mock(),
  });
}

/** `hours` of one GPU (2.48 + 0.1 an hour with the gpu profile) for alan of team-vision. */
const gpuHours = (id: string, start: string, hours: number) => ({
  id,
  workspaceId: id,
  owner: 'user:default/alan',
  groups: ['group:default/team-vision'],
  profile: 'gpu',
  cpu: 0,
  memoryGiB: 0,
  gpu: 1,
  gpuType: 'nvidia.com/gpu',
  startedAt: start,
  endedAt: new Date(Date.parse(start) + hours * 3_600_000).toISOString(),
});

describe.each(databases.eachSupportedId())('BudgetAlerts on %p', databaseId => {
  it('notifies once per threshold and month, at the highest threshold crossed', async () => {
    const store = await createTestStore(await databases.init(databaseId));
    let now = new Date('2026-11-20T12:00:00Z');
    const notifications = new RecordingNotifications();
    const alerts = alertsFor(store, () => now, notifications);
    await store.putBudget({
      subjectRef: 'group:default/team-vision',
      monthlyAmount: 100,
    });

    // $51.60 by the 20th: past 50 %, and on course for about $77: no forecast alert.
    await store.upsertSessions([gpuHours('a', '2026-11-02T08:00:00.000Z', 20)]);
    expect(await alerts.run()).toEqual({ sent: 1 });
    expect(await alerts.run()).toEqual({ sent: 0 });
    expect(notifications.sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: 'group:default/team-vision' },
        payload: expect.objectContaining({
          title: 'team-vision has used 50 % of its $100.00 budget for 2026-11',
          link: '/costs',
          topic: 'costs-budget',
        }),
      },
    ]);
    expect(notifications.sent[0].payload.description).toMatch(
      /^Spent \$51\.60 so far \(51\.6 %\)\. At the pace of the last 7 days the month ends near \$51\.60/,
    );

    // $56.76 more in the last days: 80 and 100 % crossed at once -> one notification (100).
    await store.upsertSessions([gpuHours('b', '2026-11-19T00:00:00.000Z', 22)]);
    expect(await alerts.run()).toEqual({ sent: 1 });
    expect(notifications.sent[1].payload.title).toBe(
      'team-vision has used 100 % of its $100.00 budget for 2026-11',
    );
    expect(notifications.sent[1].payload.severity).toBe('high');
    const [status] = await createTestServices(
      store,
      () => now,
    ).budgets.statuses();
    expect(status.alertsSent).toEqual([50, 80, 100]);

    // A new month starts from nothing.
    now = new Date('2026-12-01T12:00:00Z');
    expect(await alerts.run()).toEqual({ sent: 0 });
  });

  it('sends the forecast alert when the pace of the last 7 days would exceed the budget', async () => {
    const store = await createTestStore(await databases.init(databaseId));
    const now = new Date('2026-11-10T00:00:00Z');
    const notifications = new RecordingNotifications();
    await store.putBudget({
      subjectRef: 'user:default/alan',
      monthlyAmount: 100,
    });
    // $30.96 in the last week: ~$4.42 a day, $119 by the end of the month.
    await store.upsertSessions([gpuHours('c', '2026-11-05T00:00:00.000Z', 12)]);
    const alerts = alertsFor(store, () => now, notifications);
    expect(await alerts.run()).toEqual({ sent: 1 });
    expect(notifications.sent[0]).toMatchObject({
      recipients: { entityRef: 'user:default/alan' },
      payload: {
        title: 'You are on course to exceed your $100.00 budget for 2026-11',
        scope: 'costs-budget:user:default/alan:2026-11:101',
      },
    });
    expect(await alerts.run()).toEqual({ sent: 0 });
  });

  it('sends one notification when two replicas evaluate at the same time', async () => {
    const knex = await databases.init(databaseId);
    const replica = replicaClient(databaseId, knex);
    try {
      const now = () => new Date('2026-11-20T12:00:00Z');
      const storeA = await createTestStore(knex);
      const storeB = await createTestStore(replica);
      await storeA.putBudget({
        subjectRef: 'group:default/team-vision',
        monthlyAmount: 100,
      });
      await storeA.upsertSessions([
        gpuHours('a', '2026-11-02T08:00:00.000Z', 20),
      ]);
      const notifications = new RecordingNotifications();
      const results = await Promise.all([
        alertsFor(storeA, now, notifications).run(),
        alertsFor(storeB, now, notifications).run(),
        alertsFor(storeA, now, notifications).run(),
        alertsFor(storeB, now, notifications).run(),
      ]);
      expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(1);
      expect(notifications.sent).toHaveLength(1);
    } finally {
      if (replica !== knex) await replica.destroy();
    }
  });

  it('gives the claim back when sending fails, so the next run tries again', async () => {
    const store = await createTestStore(await databases.init(databaseId));
    const now = () => new Date('2026-11-20T12:00:00Z');
    await store.putBudget({
      subjectRef: 'group:default/team-vision',
      monthlyAmount: 100,
    });
    await store.upsertSessions([gpuHours('a', '2026-11-02T08:00:00.000Z', 20)]);
    const failing: NotificationService = {
      send: async () => {
        throw new Error('notifications backend unavailable');
      },
    };
    expect(await alertsFor(store, now, failing).run()).toEqual({ sent: 0 });
    const notifications = new RecordingNotifications();
    expect(await alertsFor(store, now, notifications).run()).toEqual({
      sent: 1,
    });
  });
});

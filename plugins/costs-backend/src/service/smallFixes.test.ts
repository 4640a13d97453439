import { mockServices } from '@backstage/backend-test-utils';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { storeTestDatabases } from '@internal/test-utils';
import {
  createTestService,
  createTestServices,
  createTestStore,
} from '../__testUtils__/costsTestSetup';
import type { MeteredSession } from '../database/CostsStore';
import type { DatabaseCostsStore } from '../database/DatabaseCostsStore';
import { BudgetAlerts } from './BudgetAlerts';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

const ALAN = 'user:default/alan';

/** `hours` of one default GPU, $2 an hour under October's sheet. */
function gpuHours(
  id: string,
  start: string,
  hours: number | undefined,
): MeteredSession {
  return {
    id,
    workspaceId: `w-${id}`,
    workspaceName: `gpu-${id}`,
    owner: ALAN,
    groups: [],
    profile: 'gpu-small',
    cpu: 0,
    memoryGiB: 0,
    gpu: 1,
    startedAt: start,
    ...(hours !== undefined
      ? {
          endedAt: new Date(
            Date.parse(start) + hours * 3_600_000,
          ).toISOString(),
        }
      : {}),
  };
}

function alertsAt(store: DatabaseCostsStore, now: Date) {
  const sent: NotificationSendOptions[] = [];
  const notifications: NotificationService = {
    send: async options => {
      sent.push(options);
    },
  };
  const { budgets } = createTestServices(store, () => now);
  const alerts = new BudgetAlerts({
    budgets,
    notifications,
    thresholds: [50, 80, 100],
    logger: mockServices.logger.mock(),
  });
  return { budgets, alerts, sent };
}

describe.each(databases.eachSupportedId())('costs on %p', databaseId => {
  it('says 99.9 %, not "100 %: cannot start", at $99.96 of $100', async () => {
    const store = await createTestStore(await databases.init(databaseId));
    await store.putBudget({ subjectRef: ALAN, monthlyAmount: 100 });
    // 49.98 h at $2: $99.96.
    await store.upsertSessions([
      gpuHours('a', '2026-10-01T00:00:00.000Z', 49.98),
    ]);
    const { budgets, alerts, sent } = alertsAt(
      store,
      new Date('2026-10-20T00:00:00.000Z'),
    );
    const [status] = await budgets.statuses();
    expect(status.spent).toBeCloseTo(99.96, 6);
    expect(status.percent).toBe(99.9);
    expect(await alerts.run()).toEqual({ sent: 1 });
    expect(sent[0].payload.title).toBe(
      'You have used 80 % of your $100.00 budget for 2026-10',
    );
  });

  it('waits for 24 h of the month or 10 % of the budget before the forecast alert', async () => {
    const store = await createTestStore(await databases.init(databaseId));
    await store.putBudget({ subjectRef: ALAN, monthlyAmount: 500 });
    // One GPU since 23:30 on the 31st: $1 by 00:30 on the 1st, a pace of $1,488 a month.
    await store.upsertSessions([
      gpuHours('a', '2026-09-30T23:30:00.000Z', undefined),
    ]);
    const early = alertsAt(store, new Date('2026-10-01T00:30:00.000Z'));
    const [status] = await early.budgets.statuses();
    expect(status.forecastPercent).toBeGreaterThan(100);
    expect(await early.alerts.run()).toEqual({ sent: 0 });

    // A day in, still running ($49 spent): the pace is a fact now.
    const later = alertsAt(store, new Date('2026-10-02T00:30:00.000Z'));
    expect(await later.alerts.run()).toEqual({ sent: 1 });
    expect(later.sent[0].payload.title).toBe(
      'You are on course to exceed your $500.00 budget for 2026-10',
    );
  });

  it('sends the forecast alert early once 10 % of the budget is spent', async () => {
    const store = await createTestStore(await databases.init(databaseId));
    await store.putBudget({ subjectRef: ALAN, monthlyAmount: 20 });
    // Eight GPUs since midnight: $16 by 01:00 on the 1st, 80 % of $20.
    await store.upsertSessions(
      Array.from({ length: 8 }, (_, i) =>
        gpuHours(`g${i}`, '2026-10-01T00:00:00.000Z', undefined),
      ),
    );
    const { alerts, sent } = alertsAt(
      store,
      new Date('2026-10-01T01:00:00.000Z'),
    );
    expect(await alerts.run()).toEqual({ sent: 2 });
    expect(sent.map(s => s.payload.title)).toEqual([
      'You have used 80 % of your $20.00 budget for 2026-10',
      'You are on course to exceed your $20.00 budget for 2026-10',
    ]);
  });

  it("keeps a deleted workspace's name on its last session", async () => {
    const store = await createTestStore(await databases.init(databaseId));
    const ended = {
      ...gpuHours('a', '2026-10-01T00:00:00.000Z', 2),
      endReason: 'idle',
      idleSeconds: 3600,
    };
    await store.upsertSessions([ended]);
    // The workspace is deleted: metering copies the session again, without its name.
    const { workspaceName: _gone, ...nameless } = ended;
    await store.upsertSessions([nameless]);
    const waste = await createTestService(
      store,
      () => new Date('2026-10-20T00:00:00.000Z'),
    ).idleWaste('2026-10-01', '2026-11-01');
    expect(waste.rows.map(r => r.workspaceName)).toEqual(['gpu-a']);
  });
});

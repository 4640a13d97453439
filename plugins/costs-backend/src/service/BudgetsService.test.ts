import { mockServices } from '@backstage/backend-test-utils';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { storeTestDatabases } from '@internal/test-utils';
import {
  createTestServices,
  createTestStore,
} from '../__testUtils__/costsTestSetup';
import { BudgetAlerts } from './BudgetAlerts';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

const VISION = 'group:default/team-vision';

/** `hours` of one GPU (2.48 + 0.1 an hour with the gpu profile) for alan of team-vision. */
const gpuHours = (id: string, start: string, hours: number) => ({
  id,
  workspaceId: id,
  owner: 'user:default/alan',
  groups: [VISION],
  profile: 'gpu',
  cpu: 0,
  memoryGiB: 0,
  gpu: 1,
  gpuType: 'nvidia.com/gpu',
  startedAt: start,
  endedAt: new Date(Date.parse(start) + hours * 3_600_000).toISOString(),
});

describe.each(databases.eachSupportedId())(
  'BudgetsService.set on %p',
  databaseId => {
    it('re-arms the alerts a raised budget no longer crosses, so reaching the new amount is told', async () => {
      const store = await createTestStore(await databases.init(databaseId));
      let now = new Date('2026-11-20T12:00:00Z');
      const { budgets } = createTestServices(store, () => now);
      const sent: NotificationSendOptions[] = [];
      const notifications: NotificationService = {
        send: async options => {
          sent.push(options);
        },
      };
      const alerts = new BudgetAlerts({
        budgets,
        notifications,
        thresholds: [50, 80, 100],
        logger: mockServices.logger.mock(),
      });

      await budgets.set({ subjectRef: VISION, monthlyAmount: 100 });
      // $108.36: past 100 % of $100.
      await store.upsertSessions([
        gpuHours('a', '2026-11-02T08:00:00.000Z', 20),
        gpuHours('b', '2026-11-19T00:00:00.000Z', 22),
      ]);
      expect(await alerts.run()).toEqual({ sent: 1 });

      // Raised to $300: 36 %, so no threshold is crossed any more.
      const raised = await budgets.set({
        subjectRef: VISION,
        monthlyAmount: 300,
      });
      expect(raised.alertsSent).toEqual([]);
      expect(await alerts.run()).toEqual({ sent: 0 });

      // $206.40 more: past $300, and the admins and the team hear of it.
      now = new Date('2026-11-28T12:00:00Z');
      await store.upsertSessions([
        gpuHours('c', '2026-11-21T00:00:00.000Z', 80),
      ]);
      expect(await alerts.run()).toEqual({ sent: 1 });
      expect(sent.map(s => s.payload.title)).toEqual([
        'team-vision has used 100 % of its $100.00 budget for 2026-11',
        'team-vision has used 100 % of its $300.00 budget for 2026-11',
      ]);
    });

    it('keeps the alerts of thresholds still crossed after a change', async () => {
      const store = await createTestStore(await databases.init(databaseId));
      const now = new Date('2026-11-20T12:00:00Z');
      const { budgets } = createTestServices(store, () => now);
      await budgets.set({ subjectRef: VISION, monthlyAmount: 100 });
      await store.upsertSessions([
        gpuHours('a', '2026-11-02T08:00:00.000Z', 20),
      ]);
      // $51.60 of $100: the 50 % alert is claimed.
      expect(await store.claimAlert(VISION, '2026-11', 50)).toBe(true);
      // $51.60 of $90 is still past 50 %: nobody is told twice.
      const lowered = await budgets.set({
        subjectRef: VISION,
        monthlyAmount: 90,
      });
      expect(lowered.alertsSent).toEqual([50]);
      expect(await store.claimAlert(VISION, '2026-11', 50)).toBe(false);
    });
  },
);

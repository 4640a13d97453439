import { storeTestDatabases } from '@internal/test-utils';
import {
  createTestService,
  createTestStore,
} from '../__testUtils__/costsTestSetup';
import type { MeteredSession } from '../database/CostsStore';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

const VISION = 'group:default/team-vision';
const GENOMICS = 'group:default/team-genomics';

/** One default GPU and nothing else: $2 an hour under October's sheet. */
function gpuSession(overrides: Partial<MeteredSession>): MeteredSession {
  return {
    id: 's1',
    workspaceId: 'w1',
    workspaceName: 'gpu-1',
    owner: 'user:default/ada',
    groups: [VISION, GENOMICS],
    profile: 'gpu-small',
    cpu: 0,
    memoryGiB: 0,
    gpu: 1,
    startedAt: '2026-10-01T00:00:00.000Z',
    endedAt: '2026-10-03T02:00:00.000Z',
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'a cost report by group on %p',
  databaseId => {
    it('totals real spend once and says which rows share it', async () => {
      const store = await createTestStore(await databases.init(databaseId));
      const service = createTestService(
        store,
        () => new Date('2026-10-10T00:00:00.000Z'),
      );
      await store.upsertSessions([
        // Ada, in both groups: 50 h, $100.
        gpuSession({}),
        // Bob, in team-genomics only: 10 h, $20.
        gpuSession({
          id: 's2',
          workspaceId: 'w2',
          owner: 'user:default/bob',
          groups: [GENOMICS],
          startedAt: '2026-10-05T00:00:00.000Z',
          endedAt: '2026-10-05T10:00:00.000Z',
        }),
        // Ada again, still running: 5 h so far, $10.
        gpuSession({
          id: 's3',
          workspaceId: 'w3',
          startedAt: '2026-10-09T19:00:00.000Z',
          endedAt: undefined,
        }),
      ]);

      const report = await service.report({
        from: '2026-10-01',
        to: '2026-11-01',
        groupBy: 'group',
        interval: 'day',
        filter: {},
      });

      expect(report.total).toBeCloseTo(130, 6);
      const byKey = new Map(report.series.map(s => [s.key, s]));
      expect(byKey.get(GENOMICS)!.total).toBeCloseTo(130, 6);
      expect(byKey.get(VISION)!.total).toBeCloseTo(110, 6);
      expect(byKey.get(GENOMICS)!.alsoCountedIn).toEqual([
        { key: VISION, label: 'team-vision', amount: 110 },
      ]);
      expect(byKey.get(VISION)!.alsoCountedIn).toEqual([
        { key: GENOMICS, label: 'team-genomics', amount: 110 },
      ]);
    });

    it('leaves rows that share nothing alone, and a one-group report equal to its row', async () => {
      const store = await createTestStore(await databases.init(databaseId));
      const service = createTestService(
        store,
        () => new Date('2026-10-10T00:00:00.000Z'),
      );
      await store.upsertSessions([
        gpuSession({}),
        gpuSession({
          id: 's2',
          workspaceId: 'w2',
          owner: 'user:default/bob',
          groups: [GENOMICS],
          startedAt: '2026-10-05T00:00:00.000Z',
          endedAt: '2026-10-05T10:00:00.000Z',
        }),
      ]);
      const mine = await service.report({
        from: '2026-10-01',
        to: '2026-11-01',
        groupBy: 'group',
        interval: 'month',
        filter: { user: 'user:default/bob' },
      });
      expect(mine.total).toBeCloseTo(20, 6);
      expect(mine.series.map(s => [s.key, s.alsoCountedIn])).toEqual([
        [GENOMICS, undefined],
      ]);

      const genomics = await service.report({
        from: '2026-10-01',
        to: '2026-11-01',
        groupBy: 'group',
        interval: 'month',
        filter: { group: GENOMICS },
      });
      expect(genomics.total).toBeCloseTo(120, 6);
      expect(genomics.series).toHaveLength(1);
      expect(genomics.series[0].alsoCountedIn).toBeUndefined();
    });
  },
);

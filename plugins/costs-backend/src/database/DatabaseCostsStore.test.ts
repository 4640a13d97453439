import { storeTestDatabases } from '@internal/test-utils';
import { hourlyRate, sheetInForce } from '@internal/plugin-costs-common';
import {
  createTestService,
  createTestStore,
  TEST_SHEETS,
} from '../__testUtils__/costsTestSetup';
import type { MeteredSession } from './CostsStore';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

function session(overrides: Partial<MeteredSession>): MeteredSession {
  return {
    id: 's1',
    workspaceId: 'w1',
    workspaceName: 'vision-1',
    owner: 'user:default/ada',
    groups: ['group:default/team-vision'],
    project: 'component:default/cats-vs-dogs',
    profile: 'small',
    cpu: 2,
    memoryGiB: 8,
    gpu: 0,
    startedAt: '2026-11-02T09:00:00.000Z',
    endedAt: '2026-11-02T11:00:00.000Z',
    ...overrides,
  };
}

/** Independent of the store: a session's cost on each UTC day, in floating point. */
function expectedByDay(s: MeteredSession): Map<string, number> {
  const out = new Map<string, number>();
  let t = Date.parse(s.startedAt);
  const end = Date.parse(s.endedAt!);
  while (t < end) {
    const midnight = new Date(t);
    midnight.setUTCHours(24, 0, 0, 0);
    const sliceEnd = Math.min(end, midnight.getTime());
    const sheet = sheetInForce(TEST_SHEETS, t)!;
    const day = new Date(t).toISOString().slice(0, 10);
    out.set(
      day,
      (out.get(day) ?? 0) +
        ((sliceEnd - t) / 3_600_000) * hourlyRate(sheet, s, s.profile),
    );
    t = sliceEnd;
  }
  return out;
}

/** A seeded pseudo-random generator, so a failure can be replayed. */
function random(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseCostsStore on %p',
  databaseId => {
    it('prices a session across a price change and a month end at the price of each part', async () => {
      const store = await createTestStore(await databases.init(databaseId));
      // 20:00 on Oct 31 to 04:00 on Nov 1: 4 h at the October sheet, 4 h at November's.
      await store.upsertSessions([
        session({
          startedAt: '2026-10-31T20:00:00.000Z',
          endedAt: '2026-11-01T04:00:00.000Z',
        }),
      ]);
      const days = await store.listSessionDays(['s1']);
      expect(days).toEqual([
        {
          sessionId: 's1',
          day: '2026-10-31',
          durationMs: 4 * 3_600_000,
          // 4 h x (2 x 0.031 + 8 x 0.004) = 0.376
          amountMicros: 376_000,
        },
        {
          sessionId: 's1',
          day: '2026-11-01',
          durationMs: 4 * 3_600_000,
          // 4 h x (2 x 0.033 + 8 x 0.0045) = 0.408
          amountMicros: 408_000,
        },
      ]);
      const rows = await store.queryDaily({
        fromDay: '2026-10-01',
        toDay: '2026-12-01',
        groupBy: 'project',
      });
      expect(rows).toEqual([
        {
          day: '2026-10-31',
          key: 'component:default/cats-vs-dogs',
          amountMicros: 376_000,
          durationMs: 4 * 3_600_000,
          demo: false,
        },
        {
          day: '2026-11-01',
          key: 'component:default/cats-vs-dogs',
          amountMicros: 408_000,
          durationMs: 4 * 3_600_000,
          demo: false,
        },
      ]);
    });

    it('splits a session of several days at each UTC midnight, GPUs and profile prices included', async () => {
      const store = await createTestStore(await databases.init(databaseId));
      await store.upsertSessions([
        session({
          id: 'long',
          profile: 'gpu',
          cpu: 8,
          memoryGiB: 32,
          gpu: 1,
          gpuType: 'nvidia.com/gpu',
          startedAt: '2026-11-03T18:00:00.000Z',
          endedAt: '2026-11-05T06:00:00.000Z',
        }),
      ]);
      const hourly = 8 * 0.033 + 32 * 0.0045 + 2.48 + 0.1; // 2.988
      const days = await store.listSessionDays(['long']);
      expect(
        days.map(d => [d.day, d.durationMs / 3_600_000, d.amountMicros]),
      ).toEqual([
        ['2026-11-03', 6, Math.round(6 * hourly * 1e6)],
        ['2026-11-04', 24, Math.round(24 * hourly * 1e6)],
        ['2026-11-05', 6, Math.round(6 * hourly * 1e6)],
      ]);
    });

    it('keeps each day rollup equal to the sum of its sessions, to the cent, over random sessions', async () => {
      const store = await createTestStore(await databases.init(databaseId));
      const rand = random(databaseId.length);
      const users = ['ada', 'alan', 'grace', 'rosalind'];
      const sessions: MeteredSession[] = [];
      for (let i = 0; i < 400; i++) {
        const start =
          Date.parse('2026-10-25T00:00:00Z') + rand() * 12 * 86_400_000;
        const end = start + rand() * 40 * 3_600_000;
        const user = users[Math.floor(rand() * users.length)];
        sessions.push(
          session({
            id: `r${i}`,
            workspaceId: `w${i}`,
            owner: `user:default/${user}`,
            groups:
              user === 'ada'
                ? ['group:default/team-vision', 'group:default/research']
                : [
                    user === 'alan'
                      ? 'group:default/team-vision'
                      : 'group:default/team-genomics',
                  ],
            project: rand() < 0.3 ? undefined : `component:default/p${i % 3}`,
            profile: rand() < 0.3 ? 'gpu' : 'small',
            cpu: Math.ceil(rand() * 8),
            memoryGiB: Math.round(rand() * 64 * 10) / 10,
            gpu: rand() < 0.3 ? Math.ceil(rand() * 2) : 0,
            gpuType: rand() < 0.5 ? 'nvidia.com/gpu' : undefined,
            startedAt: new Date(start).toISOString(),
            endedAt: new Date(Math.round(end)).toISOString(),
          }),
        );
      }
      await store.upsertSessions(sessions);

      const expectedTotal = new Map<string, number>();
      const expectedGroup = new Map<string, number>();
      for (const s of sessions) {
        for (const [day, amount] of expectedByDay(s)) {
          expectedTotal.set(day, (expectedTotal.get(day) ?? 0) + amount);
          for (const g of s.groups) {
            const key = `${day} ${g}`;
            expectedGroup.set(key, (expectedGroup.get(key) ?? 0) + amount);
          }
        }
      }
      const byUser = await store.queryDaily({
        fromDay: '2026-10-01',
        toDay: '2026-12-01',
        groupBy: 'user',
      });
      const totals = new Map<string, number>();
      for (const row of byUser) {
        totals.set(row.day, (totals.get(row.day) ?? 0) + row.amountMicros);
      }
      expect([...totals.keys()].sort()).toEqual(
        [...expectedTotal.keys()].sort(),
      );
      for (const [day, amount] of expectedTotal) {
        expect(Math.round(totals.get(day)! / 1e4)).toBe(
          Math.round(amount * 100),
        );
      }
      // The rollup is exactly the sum of the stored slices (integers, no rounding drift).
      const slices = await store.listSessionDays(sessions.map(s => s.id));
      expect([...totals.values()].reduce((a, b) => a + b, 0)).toBe(
        slices.reduce((a, s) => a + s.amountMicros, 0),
      );
      // Summed by month in the database: the same money as the days, per user and month.
      const byMonth = await store.queryDaily({
        fromDay: '2026-10-01',
        toDay: '2026-12-01',
        groupBy: 'user',
        period: 'month',
      });
      const fromDays = new Map<string, number>();
      for (const row of byUser) {
        const k = `${row.day.slice(0, 7)} ${row.key}`;
        fromDays.set(k, (fromDays.get(k) ?? 0) + row.amountMicros);
      }
      expect(byMonth.every(r => /^\d{4}-\d{2}$/.test(r.day))).toBe(true);
      expect(
        new Map(byMonth.map(r => [`${r.day} ${r.key}`, r.amountMicros])),
      ).toEqual(fromDays);
      // By group, a session of two groups counts in full for each.
      const byGroup = await store.queryDaily({
        fromDay: '2026-10-01',
        toDay: '2026-12-01',
        groupBy: 'group',
      });
      expect(byGroup).toHaveLength(expectedGroup.size);
      for (const row of byGroup) {
        expect(Math.round(row.amountMicros / 1e4)).toBe(
          Math.round(expectedGroup.get(`${row.day} ${row.key}`)! * 100),
        );
      }
    });

    it('recomputes the days a changed session touched, before and after the change', async () => {
      const store = await createTestStore(await databases.init(databaseId));
      await store.upsertSessions([
        session({
          startedAt: '2026-11-02T22:00:00.000Z',
          endedAt: '2026-11-03T02:00:00.000Z',
        }),
        session({
          id: 's2',
          workspaceId: 'w2',
          owner: 'user:default/grace',
          groups: [],
        }),
      ]);
      // The first session was recorded with a wrong end: corrected to end before midnight.
      await store.upsertSessions([
        session({
          startedAt: '2026-11-02T22:00:00.000Z',
          endedAt: '2026-11-02T23:00:00.000Z',
        }),
      ]);
      const rows = await store.queryDaily({
        fromDay: '2026-11-01',
        toDay: '2026-11-10',
        groupBy: 'user',
      });
      expect(rows.map(r => [r.day, r.key, r.durationMs / 3_600_000])).toEqual([
        ['2026-11-02', 'user:default/ada', 1],
        ['2026-11-02', 'user:default/grace', 2],
      ]);
      const groups = await store.queryDaily({
        fromDay: '2026-11-01',
        toDay: '2026-11-10',
        groupBy: 'group',
      });
      // A session without a group counts under '' (shown as "No group").
      expect(groups.map(r => [r.day, r.key])).toEqual([
        ['2026-11-02', ''],
        ['2026-11-02', 'group:default/team-vision'],
      ]);
    });

    it('counts open sessions up to now in reports, and only their part inside the range', async () => {
      const store = await createTestStore(await databases.init(databaseId));
      let now = new Date('2026-11-10T12:00:00.000Z');
      const service = createTestService(store, () => now);
      await store.upsertSessions([
        session({
          id: 'open',
          startedAt: '2026-11-09T22:00:00.000Z',
          endedAt: undefined,
        }),
        session({
          id: 'done',
          startedAt: '2026-11-09T08:00:00.000Z',
          endedAt: '2026-11-09T09:00:00.000Z',
        }),
      ]);
      // 2 x 0.033 + 8 x 0.0045 = $0.102 an hour, exactly (money is kept in micro-units).
      const report = await service.report({
        from: '2026-11-01',
        to: '2026-12-01',
        groupBy: 'user',
        interval: 'day',
        filter: { user: 'user:default/ada' },
      });
      expect(report.series).toHaveLength(1);
      expect(report.series[0].points).toEqual([
        { date: '2026-11-09', amount: 0.306, hours: 3 },
        { date: '2026-11-10', amount: 1.224, hours: 12 },
      ]);
      expect(report.total).toBe(1.53);

      // An hour later it has cost an hour more; a range ending on the 10th leaves today out.
      now = new Date('2026-11-10T13:00:00.000Z');
      const later = await service.report({
        from: '2026-11-01',
        to: '2026-11-10',
        groupBy: 'profile',
        interval: 'month',
        filter: {},
      });
      expect(later.series[0]).toMatchObject({
        key: 'small',
        points: [{ date: '2026-11', amount: 0.306, hours: 3 }],
      });
      const today = await service.report({
        from: '2026-11-10',
        to: '2026-11-11',
        groupBy: 'user',
        interval: 'day',
        filter: {},
      });
      expect(today.series[0].hours).toBe(13);
    });

    it('lists idle sessions that ended in a range, with what their idle tail cost', async () => {
      const store = await createTestStore(await databases.init(databaseId));
      const service = createTestService(
        store,
        () => new Date('2026-11-20T00:00:00Z'),
      );
      await store.upsertSessions([
        session({
          id: 'idle',
          idleSeconds: 1800,
          endReason: 'stopped after 30 min idle',
        }),
        session({ id: 'busy', workspaceId: 'w2', idleSeconds: 0 }),
      ]);
      const waste = await service.idleWaste('2026-11-01', '2026-12-01');
      expect(waste.rows).toEqual([
        expect.objectContaining({
          workspaceId: 'w1',
          workspaceName: 'vision-1',
          idleHours: 0.5,
          cost: 0.051,
        }),
      ]);
      expect(waste.total).toBe(0.051);
    });
  },
);

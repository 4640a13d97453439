/*
 * The month rollups and the group pairs (#16) answer what the session slices answer:
 * after metering, after changed and late-arriving sessions, after re-pricing, and
 * after the migration's backfill of existing data. The "scan" here sums the stored
 * slices of the raw sessions in JavaScript, independently of the rollup SQL.
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { PriceSheet } from '@internal/plugin-costs-common';
import type { UsageSession } from '@internal/plugin-workspaces-common';
import type { WorkspacesApi } from '@internal/plugin-workspaces-node';
import { pluginMigrations, storeTestDatabases } from '@internal/test-utils';
import type { Knex } from 'knex';
import { createTestStore, TEST_SHEETS } from '../__testUtils__/costsTestSetup';
import { PriceList } from '../pricing';
import { Metering } from '../service/Metering';
import { repriceIfSheetsChanged } from '../service/repricing';
import type { DatabaseCostsStore } from './DatabaseCostsStore';
import { queryGroupOverlaps } from './groupOverlapQuery';

jest.setTimeout(120_000);

const databases = storeTestDatabases();
const { directory: migrationsDir } = pluginMigrations(
  '@internal/plugin-costs-backend',
);
const DIMENSIONS = ['user', 'group', 'project', 'profile'] as const;
const HOUR = 3_600_000;

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

type Stored = UsageSession & { updatedAt: string; demo?: boolean };

/** Sessions of Oct-Dec 2026: some across a month's end, some of two groups, some demo. */
function makeSessions(count: number, seed: number): Stored[] {
  const r = random(seed);
  const start = Date.parse('2026-10-01T00:00:00Z');
  return Array.from({ length: count }, (_, i) => {
    const u = Math.floor(r() * 6);
    const startMs = start + Math.floor(r() * 90 * 24) * HOUR;
    const endMs = startMs + (1 + Math.floor(r() * 40)) * HOUR;
    const groups = [`group:default/g${u % 3}`];
    if (u % 2 === 0) groups.push(`group:default/g${(u + 1) % 3}`);
    const profile = ['small', 'medium', 'gpu'][i % 3];
    return {
      id: `s${String(i).padStart(3, '0')}`,
      workspaceId: `w${u}`,
      owner: `user:default/u${u}`,
      groups: i % 11 === 0 ? [] : groups,
      ...(i % 4 === 0 ? {} : { project: `component:default/p${i % 5}` }),
      profile,
      cpu: 2 + (i % 3) * 2,
      memoryGiB: 8,
      gpu: profile === 'gpu' ? 1 : 0,
      startedAt: new Date(startMs).toISOString(),
      endedAt: new Date(endMs).toISOString(),
      updatedAt: new Date(endMs).toISOString(),
    };
  });
}

/** The workspaces route over an in-memory list, by change time, in pages of 7. */
function fakeWorkspaces(sessions: Stored[]): WorkspacesApi {
  const api: Pick<WorkspacesApi, 'listUsageSessions'> = {
    async listUsageSessions(query) {
      const matching = sessions
        .filter(s => s.updatedAt >= (query.updatedSince ?? ''))
        .sort((a, b) => a.id.localeCompare(b.id));
      const from = query.after
        ? matching.findIndex(s => s.id === query.after) + 1
        : 0;
      const items = matching
        .slice(from, from + 7)
        .map(({ updatedAt, ...s }) => s);
      const more = from + 7 < matching.length;
      return {
        items,
        ...(more ? { nextAfter: items[items.length - 1].id } : {}),
      };
    },
  };
  return api as WorkspacesApi;
}

type Figure = { amount: number; duration: number; demo: boolean };

/** Month figures by key summed from the raw sessions' slices over [fromDay, toDay). */
async function scan(
  knex: Knex,
  dimension: (typeof DIMENSIONS)[number],
  fromDay: string,
  toDay: string,
) {
  const sessions = new Map(
    (await knex('costs_sessions').select()).map(s => [s.id, s]),
  );
  const groups = new Map<string, string[]>();
  for (const g of await knex('costs_session_groups').select()) {
    groups.set(g.session_id, [
      ...(groups.get(g.session_id) ?? []),
      g.group_ref,
    ]);
  }
  const out = new Map<string, Figure>();
  for (const d of await knex('costs_session_days').select()) {
    if (d.day < fromDay || d.day >= toDay) continue;
    const s = sessions.get(d.session_id);
    const keys = {
      user: [s.owner],
      project: [s.project ?? ''],
      profile: [s.profile],
      group: groups.get(s.id) ?? [''],
    }[dimension];
    for (const key of keys) {
      const id = `${d.day.slice(0, 7)} ${key}`;
      const f = out.get(id) ?? { amount: 0, duration: 0, demo: false };
      f.amount += Number(d.amount_micros);
      f.duration += Number(d.duration_ms);
      f.demo = f.demo || Number(s.demo) === 1;
      out.set(id, f);
    }
  }
  return out;
}

/** Every dimension, over whole months and over a range cut mid-month at both ends. */
async function expectRollupsEqualScan(knex: Knex, store: DatabaseCostsStore) {
  let compared = 0;
  for (const [fromDay, toDay] of [
    ['2026-09-01', '2027-02-01'],
    ['2026-10-17', '2026-12-09'],
  ]) {
    for (const groupBy of DIMENSIONS) {
      const rows = await store.queryDaily({
        fromDay,
        toDay,
        groupBy,
        period: 'month',
      });
      const rolled = new Map<string, Figure>();
      for (const r of rows) {
        const id = `${r.day} ${r.key}`;
        const f = rolled.get(id) ?? { amount: 0, duration: 0, demo: false };
        f.amount += r.amountMicros;
        f.duration += r.durationMs;
        f.demo = f.demo || r.demo;
        rolled.set(id, f);
      }
      const expected = await scan(knex, groupBy, fromDay, toDay);
      expect({ groupBy, fromDay, figures: Object.fromEntries(rolled) }).toEqual(
        {
          groupBy,
          fromDay,
          figures: Object.fromEntries(expected),
        },
      );
      compared += expected.size;
    }
    const sort = (xs: Array<{ group: string; other: string }>) =>
      [...xs].sort((a, b) =>
        `${a.group} ${a.other}`.localeCompare(`${b.group} ${b.other}`),
      );
    const pairs = await store.queryGroupOverlaps({ fromDay, toDay });
    const fromSlices = await queryGroupOverlaps(knex, { fromDay, toDay });
    expect(sort(pairs)).toEqual(sort(fromSlices));
    expect(pairs.length).toBeGreaterThan(0);
  }
  // The rows that no day contributes to any more are gone, not left at zero.
  expect(
    Number(
      (
        await knex('costs_monthly_subjects')
          .where('row_count', '<=', 0)
          .count({ n: '*' })
      )[0].n,
    ),
  ).toBe(0);
  return compared;
}

describe.each(databases.eachSupportedId())(
  'month rollups on %p',
  databaseId => {
    it('equal the raw sessions after metering, changed and late sessions, and re-pricing', async () => {
      const knex = await databases.init(databaseId);
      const logger = mockServices.logger.mock();
      const prices = new PriceList(TEST_SHEETS);
      const store = await createTestStore(knex, prices);
      await repriceIfSheetsChanged({ store, prices, logger });
      const sessions = makeSessions(80, 7);
      let now = new Date('2027-01-05T00:00:00Z');
      const metering = new Metering({
        store,
        workspaces: fakeWorkspaces(sessions),
        logger,
        now: () => now,
      });
      expect((await metering.run()).sessions).toBe(80);
      expect(await expectRollupsEqualScan(knex, store)).toBeGreaterThan(50);

      // Changed since: a session moves to another owner, groups and project, and ends
      // later (into the next month); the only session of a user goes to another one
      // (its month row must go); late-arriving sessions of October come in.
      now = new Date('2027-01-06T00:00:00Z');
      const changedAt = '2027-01-05T12:00:00.000Z';
      Object.assign(sessions[3], {
        owner: 'user:default/u9',
        groups: ['group:default/g7', 'group:default/g1'],
        project: 'component:default/p9',
        endedAt: '2026-12-02T03:00:00.000Z',
        startedAt: '2026-11-29T22:00:00.000Z',
        updatedAt: changedAt,
      });
      sessions.push(
        ...makeSessions(10, 99).map((s, i) => ({
          ...s,
          id: `late${i}`,
          startedAt: `2026-10-${String(10 + i).padStart(2, '0')}T08:00:00.000Z`,
          endedAt: `2026-10-${String(10 + i).padStart(2, '0')}T20:00:00.000Z`,
          updatedAt: changedAt,
          ...(i === 0 ? { owner: 'user:default/only-once' } : {}),
        })),
      );
      expect((await metering.run()).sessions).toBe(11);
      await expectRollupsEqualScan(knex, store);
      const onceRows = () =>
        knex('costs_monthly_subjects').where({
          dimension: 'user',
          subject: 'user:default/only-once',
        });
      expect((await onceRows()).length).toBe(1);
      const late0 = sessions.find(s => s.id === 'late0')!;
      Object.assign(late0, {
        owner: 'user:default/u1',
        updatedAt: '2027-01-06T01:00:00.000Z',
      });
      now = new Date('2027-01-07T00:00:00Z');
      expect((await metering.run()).sessions).toBe(1);
      expect(await onceRows()).toEqual([]);
      await expectRollupsEqualScan(knex, store);

      // A back-dated sheet from Nov 15th: the days from then on are priced again.
      const backDated = new PriceList([
        ...TEST_SHEETS,
        {
          ...TEST_SHEETS[1],
          effectiveFrom: '2026-11-15',
          cpuCoreHour: 0.5,
        } as PriceSheet,
      ]);
      const repriced = await createTestStore(knex, backDated);
      const before = await repriced.queryDaily({
        fromDay: '2026-12-01',
        toDay: '2027-01-01',
        groupBy: 'profile',
        period: 'month',
      });
      expect(
        (
          await repriceIfSheetsChanged({
            store: repriced,
            prices: backDated,
            logger,
          })
        ).sessions,
      ).toBeGreaterThan(10);
      await expectRollupsEqualScan(knex, repriced);
      const after = await repriced.queryDaily({
        fromDay: '2026-12-01',
        toDay: '2027-01-01',
        groupBy: 'profile',
        period: 'month',
      });
      const total = (rows: typeof after) =>
        rows.reduce((sum, r) => sum + r.amountMicros, 0);
      expect(total(after)).toBeGreaterThan(total(before));
    });

    it('are backfilled from the existing rollups by their migration', async () => {
      const knex = await databases.init(databaseId);
      const store = await createTestStore(knex);
      await store.upsertSessions([
        ...makeSessions(40, 3),
        { ...makeSessions(1, 5)[0], id: 'demo-1', demo: true } as Stored,
      ]);
      // Back to the schema before the rollups, then forward: the backfill runs on data.
      await knex.migrate.down({
        directory: migrationsDir,
        name: '20261204220000_costs_monthly_rollups.js',
      });
      expect(await knex.schema.hasTable('costs_monthly_subjects')).toBe(false);
      await knex.migrate.latest({ directory: migrationsDir });
      expect(await expectRollupsEqualScan(knex, store)).toBeGreaterThan(30);
      const demo = await store.queryDaily({
        fromDay: '2026-10-01',
        toDay: '2027-01-01',
        groupBy: 'user',
        filter: { user: makeSessions(1, 5)[0].owner },
        period: 'month',
      });
      expect(demo.some(r => r.demo)).toBe(true);
    });
  },
);

import { mockServices } from '@backstage/backend-test-utils';
import type { PriceSheet } from '@internal/plugin-costs-common';
import { storeTestDatabases } from '@internal/test-utils';
import { createTestStore } from '../__testUtils__/costsTestSetup';
import type { MeteredSession } from '../database/CostsStore';
import { PriceList } from '../pricing';
import { firstRepricedDay, repriceIfSheetsChanged } from './repricing';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

const sheet = (effectiveFrom: string, gpu: number): PriceSheet => ({
  effectiveFrom,
  cpuCoreHour: 0,
  memoryGiBHour: 0,
  gpuHour: { default: gpu },
  storageGiBMonth: 0,
});

/** Ten GPU hours on a day. */
const tenHours = (id: string, day: string): MeteredSession => ({
  id,
  workspaceId: `w-${id}`,
  owner: 'user:default/ada',
  groups: ['group:default/team-vision'],
  profile: 'gpu',
  cpu: 0,
  memoryGiB: 0,
  gpu: 1,
  startedAt: `${day}T08:00:00.000Z`,
  endedAt: `${day}T18:00:00.000Z`,
});

function recordingAuditor() {
  const events: Array<{ eventId: string; meta?: unknown; outcome?: unknown }> =
    [];
  return {
    events,
    auditor: {
      async createEvent(options: { eventId: string; meta?: unknown }) {
        const event: (typeof events)[number] = { ...options };
        events.push(event);
        return {
          async success(o?: { meta?: unknown }) {
            event.outcome = { success: o?.meta };
          },
          async fail(o: { error: Error }) {
            event.outcome = { fail: o.error.message };
          },
        };
      },
    },
  };
}

describe('firstRepricedDay', () => {
  it('is the earliest date of a sheet added, removed or changed', () => {
    const a = sheet('2026-01-01', 2);
    const b = sheet('2026-11-01', 3);
    expect(firstRepricedDay([a, b], [b, a])).toBeUndefined();
    expect(firstRepricedDay([a], [a, b])).toBe('2026-11-01');
    expect(firstRepricedDay([a, b], [a])).toBe('2026-11-01');
    expect(firstRepricedDay([a, b], [sheet('2026-01-01', 1), b])).toBe(
      '2026-01-01',
    );
  });
});

describe.each(databases.eachSupportedId())('repricing on %p', databaseId => {
  it('reprices every day a back-dated sheet covers at the next start, with an audit event', async () => {
    const knex = await databases.init(databaseId);
    const logger = mockServices.logger.mock();
    const october = new PriceList([sheet('2026-01-01', 2)]);
    const first = await createTestStore(knex, october);
    await repriceIfSheetsChanged({ store: first, prices: october, logger });
    // Copied on the 20th: the 5th and the 15th at $2 an hour.
    await first.upsertSessions([
      tenHours('early', '2026-11-05'),
      tenHours('late', '2026-11-15'),
      tenHours('before', '2026-10-20'),
    ]);

    // Restarted with a sheet effective from the 1st: $3 an hour from then on.
    const backDated = new PriceList([
      sheet('2026-01-01', 2),
      sheet('2026-11-01', 3),
    ]);
    const store = await createTestStore(knex, backDated);
    const { auditor, events } = recordingAuditor();
    expect(
      await repriceIfSheetsChanged({
        store,
        prices: backDated,
        logger,
        auditor: auditor as any,
      }),
    ).toEqual({ fromDay: '2026-11-01', sessions: 2 });

    const days = await store.queryDaily({
      fromDay: '2026-10-01',
      toDay: '2026-12-01',
      groupBy: 'user',
    });
    expect(
      Object.fromEntries(days.map(d => [d.day, d.amountMicros / 1e6])),
    ).toEqual({ '2026-10-20': 20, '2026-11-05': 30, '2026-11-15': 30 });
    expect(events).toEqual([
      {
        eventId: 'costs-reprice',
        severityLevel: 'medium',
        meta: { fromDay: '2026-11-01' },
        outcome: { success: { fromDay: '2026-11-01', sessions: 2 } },
      },
    ]);

    // The same sheets at the next start: nothing to do.
    expect(
      await repriceIfSheetsChanged({ store, prices: backDated, logger }),
    ).toEqual({ sessions: 0 });
  });
});

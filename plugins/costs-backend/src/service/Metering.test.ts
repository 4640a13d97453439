/*
 * Metering copies incrementally (#22 item 6): a run asks only for sessions changed
 * since the last complete run, however old the open sessions are; it stops between
 * pages when the scheduler aborts it; overlapping runs do not copy at once.
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { UsageSession } from '@internal/plugin-workspaces-common';
import type {
  UsageSessionsQuery,
  WorkspacesApi,
} from '@internal/plugin-workspaces-node';
import { storeTestDatabases } from '@internal/test-utils';
import { createTestStore } from '../__testUtils__/costsTestSetup';
import { METER_LEASE_KEY, METER_MARK_KEY, Metering } from './Metering';

jest.setTimeout(120_000);

const databases = storeTestDatabases();
const DAY = 86_400_000;

type Stored = UsageSession & { updatedAt: string };

/**
 * The workspaces route as the store answers it, in memory: `updatedSince` pages by
 * change time; the old `since` returns every open session plus those started or ended
 * since. Pages of `pageSize` whatever the limit asked (a server may cap it).
 */
function fakeWorkspaces(sessions: Stored[], pageSize = 2) {
  const asked: UsageSessionsQuery[] = [];
  let onPage: (() => void) | undefined;
  const api: Pick<WorkspacesApi, 'listUsageSessions'> = {
    async listUsageSessions(query) {
      asked.push(query);
      onPage?.();
      const matching = sessions
        .filter(s =>
          query.updatedSince !== undefined
            ? s.updatedAt >= query.updatedSince
            : !s.endedAt ||
              s.startedAt >= query.since! ||
              s.endedAt >= query.since!,
        )
        .sort((a, b) => a.id.localeCompare(b.id));
      const start = query.after
        ? matching.findIndex(s => s.id === query.after) + 1
        : 0;
      const items = matching
        .slice(start, start + pageSize)
        .map(({ updatedAt, ...s }) => s);
      const more = start + pageSize < matching.length;
      return {
        items,
        ...(more ? { nextAfter: items[items.length - 1].id } : {}),
      };
    },
  };
  return {
    api: api as WorkspacesApi,
    asked,
    rows: () => asked.length,
    onEachPage: (fn: () => void) => {
      onPage = fn;
    },
  };
}

function session(id: string, startedAt: string, endedAt?: string): Stored {
  return {
    id,
    workspaceId: `ws-${id}`,
    workspaceName: `train-${id}`,
    owner: 'user:default/ada',
    groups: ['group:default/team-vision'],
    profile: 'gpu',
    cpu: 8,
    memoryGiB: 32,
    gpu: 1,
    startedAt,
    ...(endedAt ? { endedAt, endReason: 'stopped by you' } : {}),
    updatedAt: endedAt ?? startedAt,
  };
}

describe.each(databases.eachSupportedId())('metering on %p', databaseId => {
  const now = Date.parse('2026-11-30T12:00:00Z');
  const at = (ms: number) => new Date(ms).toISOString();
  const meteringOf = async (workspaces: WorkspacesApi, clock = () => now) => {
    const store = await createTestStore(await databases.init(databaseId));
    const metering = new Metering({
      store,
      workspaces,
      logger: mockServices.logger.mock(),
      now: () => new Date(clock()),
    });
    return { store, metering };
  };

  it('fetches nothing on a run after one with no change, with a session open for 90 days', async () => {
    const sessions = [
      session('open', at(now - 90 * DAY)),
      session('a', at(now - 3 * DAY), at(now - 3 * DAY + 3_600_000)),
      session('b', at(now - 2 * DAY), at(now - 2 * DAY + 3_600_000)),
    ];
    const workspaces = fakeWorkspaces(sessions);
    let clock = now;
    const { store, metering } = await meteringOf(workspaces.api, () => clock);
    expect(await metering.run()).toEqual({ sessions: 3, pages: 2 });

    clock = now + 60_000;
    const requestsBefore = workspaces.rows();
    expect(await metering.run()).toEqual({ sessions: 0, pages: 1 });
    expect(workspaces.rows() - requestsBefore).toBe(1);
    expect(workspaces.asked[workspaces.asked.length - 1]).toMatchObject({
      updatedSince: at(now - 5 * 60_000),
    });
    // The open session is still open in the store: reports price it to now.
    expect((await store.listOpenSessions()).map(s => s.id)).toEqual(['open']);
    expect(await store.getState(METER_MARK_KEY)).toBe(at(clock));
  });

  it('copies a session changed after the mark, though its end is backdated before it', async () => {
    const sessions = [session('open', at(now - 90 * DAY))];
    const workspaces = fakeWorkspaces(sessions);
    let clock = now;
    const { store, metering } = await meteringOf(workspaces.api, () => clock);
    await metering.run();

    // Closed an hour later, with the end the hub last saw it (before the last run).
    sessions[0] = {
      ...session('open', at(now - 90 * DAY), at(now - 10 * 60_000)),
      updatedAt: at(now + 3_600_000),
    };
    clock = now + 3_600_000 + 60_000;
    expect(await metering.run()).toEqual({ sessions: 1, pages: 1 });
    expect(await store.listOpenSessions()).toEqual([]);
    expect(
      (await store.listSessionDays(['open'])).length,
    ).toBeGreaterThanOrEqual(90);
  });

  it('stops between pages when the scheduler aborts the run, and keeps its mark', async () => {
    const sessions = Array.from({ length: 6 }, (_, i) =>
      session(`s${i}`, at(now - DAY - i * 3_600_000), at(now - DAY)),
    );
    const workspaces = fakeWorkspaces(sessions);
    const { store, metering } = await meteringOf(workspaces.api);
    const controller = new AbortController();
    // The timeout comes while the first page is on its way.
    workspaces.onEachPage(() => controller.abort());
    expect(await metering.run(controller.signal)).toEqual({
      sessions: 2,
      pages: 1,
      aborted: true,
    });
    expect(workspaces.rows()).toBe(1);
    expect(await store.getState(METER_MARK_KEY)).toBeUndefined();
    // The lease is given back: the next run copies all from the old mark.
    workspaces.onEachPage(() => {});
    expect(await metering.run()).toEqual({ sessions: 6, pages: 3 });
  });

  it('skips a run while another holds the lease, and takes over one left to expire', async () => {
    const workspaces = fakeWorkspaces([session('a', at(now - DAY))]);
    const { store, metering } = await meteringOf(workspaces.api);
    expect(await store.claimLease(METER_LEASE_KEY, 'other-run', 60_000)).toBe(
      true,
    );
    expect(await metering.run()).toEqual({
      sessions: 0,
      pages: 0,
      skipped: true,
    });
    expect(workspaces.rows()).toBe(0);
    // A run that died: its lease ran out.
    expect(await store.claimLease(METER_LEASE_KEY, 'dead-run', -1)).toBe(false);
    await store.releaseLease(METER_LEASE_KEY, 'other-run');
    expect(await store.claimLease(METER_LEASE_KEY, 'dead-run', -1)).toBe(true);
    expect(await metering.run()).toEqual({ sessions: 1, pages: 1 });
  });
});

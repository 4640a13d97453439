/*
 * Metering copies incrementally: the store stamps every session insert and update with
 * a change time, and pages by it, so a session open for months is not read again
 * until it changes, and a close backdated before the last read is still seen.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { storeTestDatabases } from '@internal/test-utils';
import { setTimeout as sleep } from 'node:timers/promises';
import { DatabaseWorkspacesStore } from './DatabaseWorkspacesStore';

jest.setTimeout(60_000);

const databases = storeTestDatabases();

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const database = mockServices.database({ knex, migrations: { skip: false } });
  return { knex, store: await DatabaseWorkspacesStore.create({ database }) };
}

async function openSessions(store: DatabaseWorkspacesStore, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const ws = await store.createWorkspace(
      {
        owner: 'user:default/ada',
        hubUser: 'ada',
        name: `metered-${i}`,
        profile: 'gpu',
        options: {},
        resources: { cpu: 4, memoryGiB: 16, gpu: 1 },
      },
      'user:default/ada',
    );
    ids.push(ws.id);
    await store.openUsageSession({
      workspaceId: ws.id,
      owner: 'user:default/ada',
      groups: ['group:default/team-vision'],
      profile: 'gpu',
      cpu: 4,
      memoryGiB: 16,
      gpu: 1,
      // Opened 90 days ago.
      startedAt: new Date(Date.now() - 90 * 86_400_000).toISOString(),
    });
  }
  return ids;
}

describe.each(databases.eachSupportedId())(
  'usage session changes on %p',
  databaseId => {
    it('returns nothing when nothing changed since the mark, however old the open sessions', async () => {
      const { store } = await createStore(databaseId);
      await openSessions(store, 3);
      await sleep(5);
      const mark = new Date().toISOString();
      expect(
        await store.listUsageSessionsUpdatedSince({
          updatedSince: mark,
          limit: 10,
        }),
      ).toEqual({ items: [] });
      // The old read still returns every open session, each time.
      expect(
        await store.listUsageSessionsChangedSince({ since: mark, limit: 10 }),
      ).toHaveLength(3);
    });

    it('returns a session closed after the mark, even with an end time before it', async () => {
      const { store, knex } = await createStore(databaseId);
      const ids = await openSessions(store, 2);
      const before = new Date(Date.now() - 60_000).toISOString();
      await sleep(5);
      const mark = new Date().toISOString();
      await sleep(5);
      // The hub reconcile backdates the end to the last time it saw the server.
      await store.closeUsageSession(ids[1], before, 'server gone');
      const page = await store.listUsageSessionsUpdatedSince({
        updatedSince: mark,
        limit: 10,
      });
      expect(page.items).toEqual([
        expect.objectContaining({
          workspaceId: ids[1],
          workspaceName: 'metered-1',
          endReason: 'server gone',
        }),
      ]);
      expect(page.items[0].endedAt).toBeDefined();
      expect(page.nextAfter).toBeUndefined();
      // Every row carries its change time.
      const [{ n }] = await knex('usage_sessions')
        .whereNull('updated_at')
        .count({ n: '*' });
      expect(Number(n)).toBe(0);
    });

    it('pages in change order with a cursor, each session once, rows of the same millisecond by id', async () => {
      const { store, knex } = await createStore(databaseId);
      await openSessions(store, 5);
      // Three share one change time: the cursor must not skip or repeat them.
      const same = new Date('2026-12-01T00:00:00.000Z');
      const rows = await knex('usage_sessions').select('id').orderBy('id');
      await knex('usage_sessions')
        .whereIn(
          'id',
          rows.slice(1, 4).map((r: { id: string }) => r.id),
        )
        .update({ updated_at: same });
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await store.listUsageSessionsUpdatedSince({
          updatedSince: '2026-01-01T00:00:00.000Z',
          limit: 2,
          ...(after ? { after } : {}),
        });
        seen.push(...page.items.map(s => s.id));
        after = page.nextAfter;
        pages += 1;
      } while (after);
      expect(pages).toBe(3);
      expect([...seen].sort()).toEqual(
        rows.map((r: { id: string }) => r.id).sort(),
      );
      // The three of the same millisecond come first (the others changed now), by id.
      expect(seen.slice(0, 3)).toEqual(
        rows.slice(1, 4).map((r: { id: string }) => r.id),
      );
    });
  },
);

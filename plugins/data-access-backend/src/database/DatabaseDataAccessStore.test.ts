import { pluginMigrations, storeTestDatabases } from '@internal/test-utils';
import type { AccessRequest } from '@internal/plugin-data-access-common';
import { DatabaseDataAccessStore } from './DatabaseDataAccessStore';
import type { NewGrant } from './DataAccessStore';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = await DatabaseDataAccessStore.create({
    database: { getClient: async () => knex },
  });
  return { knex, store };
}

const T0 = '2026-12-01T00:00:00.000Z';
const at = (iso: string) => new Date(iso);
let n = 0;
const grant = (extra: Partial<NewGrant>): NewGrant => ({
  id: `g${++n}`,
  source: 'resource:default/clinical',
  subject: 'group:default/team-vision',
  access: 'read',
  expiresAt: null,
  grantedBy: 'user:default/margaret',
  grantedAt: T0,
  requestId: null,
  ...extra,
});

const request = (extra: Partial<AccessRequest>): AccessRequest => ({
  id: `r${++n}`,
  source: 'resource:default/clinical',
  requester: 'user:default/ada',
  forGroup: null,
  access: 'read',
  reason: 'a model of trial outcomes',
  expiresAt: null,
  status: 'pending',
  createdAt: T0,
  decisions: [],
  grantId: null,
  ...extra,
});

describe('DatabaseDataAccessStore', () => {
  it.each(databases.eachSupportedId())(
    'resolves the highest access per source among a person and their groups, leaving out ended and expired grants (%p)',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.createGrant(grant({ source: 'resource:default/a', subject: 'Group:default/Team-Vision' }));
      await store.createGrant(grant({ source: 'resource:default/a', subject: 'user:default/ada', access: 'read-write' }));
      await store.createGrant(grant({ source: 'resource:default/b', subject: 'group:default/team-vision' }));
      await store.createGrant(grant({ source: 'resource:default/c', subject: 'group:default/team-genomics', access: 'read-write' }));
      await store.createGrant(grant({ source: 'resource:default/d', subject: 'group:default/team-vision', expiresAt: '2026-12-02T00:00:00.000Z' }));
      const ended = await store.createGrant(grant({ source: 'resource:default/e', subject: 'user:default/ada' }));
      await store.endGrant(ended.id, { endedAt: T0, endedBy: 'user:default/margaret', endReason: 'project over' });

      const resolved = await store.resolveGrants(
        ['user:default/ada', 'group:default/team-vision'],
        at('2026-12-03T00:00:00.000Z'),
      );
      expect(resolved.sort((x, y) => x.source.localeCompare(y.source))).toEqual([
        { source: 'resource:default/a', access: 'read-write' },
        { source: 'resource:default/b', access: 'read' },
      ]);
      // Before its expiry, d was in force.
      const earlier = await store.resolveGrants(['group:default/team-vision'], at('2026-12-01T12:00:00.000Z'));
      expect(earlier.map(r => r.source).sort()).toEqual([
        'resource:default/a',
        'resource:default/b',
        'resource:default/d',
      ]);
      expect(await store.resolveGrants([], at(T0))).toEqual([]);
      // The baseline reads every grant not ended, expired ones included.
      expect((await store.listAllActiveGrants()).map(g => g.source).sort()).toEqual([
        'resource:default/a',
        'resource:default/a',
        'resource:default/b',
        'resource:default/c',
        'resource:default/d',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps ended grants as history: who held a source at a given time, current and past lists (%p)',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const src = 'resource:default/clinical';
      const early = await store.createGrant(grant({ subject: 'group:default/team-vision', grantedAt: '2026-01-01T00:00:00.000Z' }));
      await store.endGrant(early.id, { endedAt: '2026-03-01T00:00:00.000Z', endedBy: 'user:default/margaret', endReason: 'done' });
      await store.createGrant(grant({ subject: 'group:default/team-genomics', grantedAt: '2026-02-01T00:00:00.000Z', expiresAt: '2026-06-01T00:00:00.000Z' }));
      await store.createGrant(grant({ subject: 'user:default/grace', grantedAt: '2026-05-01T00:00:00.000Z' }));

      const subjectsAt = async (iso: string) => (await store.grantsInForceAt(src, at(iso))).map(g => g.subject);
      expect(await subjectsAt('2026-01-15T00:00:00.000Z')).toEqual(['group:default/team-vision']);
      expect(await subjectsAt('2026-02-15T00:00:00.000Z')).toEqual(['group:default/team-genomics', 'group:default/team-vision']);
      expect(await subjectsAt('2026-05-15T00:00:00.000Z')).toEqual(['group:default/team-genomics', 'user:default/grace']);
      expect(await subjectsAt('2026-07-01T00:00:00.000Z')).toEqual(['user:default/grace']);
      // Over a span: whoever held it at any moment of it.
      const during = await store.grantsInForceAt(src, at('2026-02-20T00:00:00.000Z'), at('2026-05-20T00:00:00.000Z'));
      expect(during.map(g => g.subject)).toEqual(['group:default/team-genomics', 'group:default/team-vision', 'user:default/grace']);

      const now = at('2026-07-01T00:00:00.000Z');
      expect((await store.listActiveGrants(now, [src])).map(g => g.subject)).toEqual(['user:default/grace']);
      expect((await store.listPastGrants(src, now)).map(g => g.subject)).toEqual([
        'group:default/team-genomics',
        'group:default/team-vision',
      ]);
      const past = await store.getGrant(early.id);
      expect(past).toMatchObject({ endedBy: 'user:default/margaret', endReason: 'done', endedAt: '2026-03-01T00:00:00.000Z' });
    },
  );

  it.each(databases.eachSupportedId())(
    'ends expired grants at their expiry, once, and refuses to change or end an ended grant (%p)',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const expiring = await store.createGrant(grant({ expiresAt: '2026-12-02T00:00:00.000Z' }));
      const open = await store.createGrant(grant({ subject: 'user:default/ada' }));
      const ended = await store.endExpiredGrants(at('2026-12-03T00:00:00.000Z'));
      expect(ended).toEqual([
        expect.objectContaining({ id: expiring.id, endedAt: '2026-12-02T00:00:00.000Z', endedBy: null, endReason: 'expired' }),
      ]);
      expect(await store.endExpiredGrants(at('2026-12-04T00:00:00.000Z'))).toEqual([]);
      expect(await store.updateGrant(expiring.id, { access: 'read-write' })).toBeUndefined();
      expect(await store.endGrant(expiring.id, { endedAt: T0, endedBy: 'user:default/x', endReason: 'x' })).toBeUndefined();

      expect(await store.updateGrant(open.id, { access: 'read-write', expiresAt: '2027-01-01T00:00:00.000Z' })).toMatchObject({
        access: 'read-write',
        expiresAt: '2027-01-01T00:00:00.000Z',
      });
      expect(await store.updateGrant(open.id, { expiresAt: null })).toMatchObject({ expiresAt: null });
      expect(await store.updateGrant('no-such-grant', { access: 'read' })).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'moves a request on only from the status it has: a second decision loses the race (%p)',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const created = await store.createRequest(request({}));
      await store.createRequest(request({ requester: 'user:default/grace', status: 'refused' }));
      expect(await store.findOpenRequest('resource:default/clinical', 'user:default/ada')).toMatchObject({ id: created.id });
      expect(await store.findOpenRequest('resource:default/clinical', 'user:default/grace')).toBeUndefined();

      const decision = { by: 'user:default/carl', at: T0, decision: 'approve' as const, as: 'owner' as const, comment: null };
      const first = await store.transitionRequest(created.id, { from: 'pending', to: 'owner-approved', decision, at: T0 });
      expect(first).toMatchObject({ status: 'owner-approved', decisions: [decision] });
      expect(await store.transitionRequest(created.id, { from: 'pending', to: 'refused', at: T0 })).toBeUndefined();
      const second = await store.transitionRequest(created.id, {
        from: 'owner-approved',
        to: 'approved',
        decision: { ...decision, by: 'user:default/margaret', as: 'admin' },
        grantId: 'g-made',
        at: T0,
      });
      expect(second).toMatchObject({ status: 'approved', grantId: 'g-made' });
      expect(second?.decisions.map(d => d.as)).toEqual(['owner', 'admin']);

      expect((await store.listRequests({ requester: 'USER:default/ada' })).map(r => r.id)).toEqual([created.id]);
      expect(
        (await store.listRequests({ sources: ['resource:default/clinical'], statuses: ['refused'] })).map(r => r.requester),
      ).toEqual(['user:default/grace']);
    },
  );

  it.each(databases.eachSupportedId())(
    'records launches, finds the last one of a workspace, ends them idempotently, and keeps the held list (%p)',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const sources = [{ ref: 'resource:default/clinical', access: 'read' as const, snapshot: '2026-11-30' }];
      await store.recordLaunch({ id: 'l1', workspaceId: 'w1', user: 'user:default/ada', sources: [], launchedAt: T0, endedAt: null });
      await store.recordLaunch({ id: 'l2', workspaceId: 'w1', user: 'user:default/ada', sources, launchedAt: '2026-12-02T00:00:00.000Z', endedAt: null });
      await store.recordLaunch({ id: 'l3', workspaceId: 'w2', user: 'user:default/grace', sources, launchedAt: T0, endedAt: null });
      expect(await store.lastLaunchOf('w1')).toMatchObject({ id: 'l2', sources });
      expect(await store.lastLaunchOf('nope')).toBeUndefined();

      expect(await store.endLaunches('w1', '2026-12-03T00:00:00.000Z')).toBe(2);
      expect(await store.endLaunches('w1', '2026-12-04T00:00:00.000Z')).toBe(0);
      expect((await store.listOpenLaunches()).map(l => l.id)).toEqual(['l3']);
      expect((await store.lastLaunchOf('w1'))?.endedAt).toBe('2026-12-03T00:00:00.000Z');

      const held = {
        workspaceId: 'w2',
        user: 'user:default/grace',
        source: 'resource:default/clinical',
        sourceName: 'clinical',
        launchedAt: T0,
        reason: 'access to clinical ended',
        action: 'listed' as const,
      };
      await store.replaceHeld([held]);
      expect(await store.listHeld()).toEqual([held]);
      await store.replaceHeld([]);
      expect(await store.listHeld()).toEqual([]);
    },
  );
});

describe.each(databases.eachSupportedId())('data-access migrations on %p', databaseId => {
  const { directory, files } = pluginMigrations('@internal/plugin-data-access-backend');
  it('take an empty database to the latest schema and back down', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory });
    const [completed] = await knex.migrate.list({ directory });
    expect(completed.map((m: { name: string }) => m.name)).toEqual(files());
    for (const table of ['data_access_grants', 'data_access_requests', 'data_access_launches', 'data_access_held']) {
      expect({ table, exists: await knex.schema.hasTable(table) }).toEqual({ table, exists: true });
    }
    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('data_access_grants')).toBe(false);
  });
});

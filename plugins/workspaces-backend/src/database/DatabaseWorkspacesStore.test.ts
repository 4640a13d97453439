import { mockServices } from '@backstage/backend-test-utils';
import { overlappingSessions, storeTestDatabases } from '@internal/test-utils';
import path from 'node:path';
import { DatabaseWorkspacesStore } from './DatabaseWorkspacesStore';
import type { NewWorkspace } from './WorkspacesStore';

jest.setTimeout(60_000);

const databases = storeTestDatabases();

/** The stores of the running test: checked for overlapping usage sessions after it. */
let stores: DatabaseWorkspacesStore[] = [];
afterEach(async () => {
  const checked = stores;
  stores = [];
  for (const store of checked) {
    const problems = overlappingSessions(await store.listUsageSessions());
    if (problems.length > 0) {
      throw new Error(`Overlapping usage sessions: ${problems.join('; ')}`);
    }
  }
});

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const database = mockServices.database({ knex, migrations: { skip: false } });
  const store = await DatabaseWorkspacesStore.create({ database });
  stores.push(store);
  return { knex, store };
}

const adaWorkspace: NewWorkspace = {
  owner: 'user:default/ada',
  hubUser: 'ada',
  name: 'vision-1',
  profile: 'gpu',
  options: { image: 'pytorch' },
  resources: { cpu: 4, memoryGiB: 16, gpu: 1, gpuType: 'nvidia.com/gpu' },
  project: 'component:default/cats-vs-dogs',
};

describe.each(databases.eachSupportedId())(
  'DatabaseWorkspacesStore on %p',
  databaseId => {
    it('creates, reads, lists and refuses a second workspace of the same name', async () => {
      const { store } = await createStore(databaseId);
      const created = await store.createWorkspace(
        adaWorkspace,
        'user:default/ada',
      );
      expect(created).toMatchObject({
        ...adaWorkspace,
        status: 'stopped',
        ownerGroups: [],
      });
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
      await expect(store.getWorkspace(created.id)).resolves.toEqual(created);

      await expect(
        store.createWorkspace(adaWorkspace, 'user:default/ada'),
      ).rejects.toThrow("You already have a workspace named 'vision-1'");
      await store.createWorkspace(
        { ...adaWorkspace, owner: 'user:default/grace', hubUser: 'grace' },
        'x',
      );
      expect(
        (await store.listWorkspaces({ owner: 'user:default/ada' })).map(
          w => w.name,
        ),
      ).toEqual(['vision-1']);
      expect(
        await store.listWorkspaces({
          project: 'component:default/cats-vs-dogs',
        }),
      ).toHaveLength(2);
      expect(
        await store.listWorkspaces({ statuses: ['running'] }),
      ).toHaveLength(0);
    });

    it('records each status change with its reason and actor; conditional updates lose races cleanly', async () => {
      const { store } = await createStore(databaseId);
      const ws = await store.createWorkspace(adaWorkspace, 'user:default/ada');
      await store.updateWorkspace(
        ws.id,
        { status: 'starting', ownerGroups: ['group:default/team-vision'] },
        { actor: 'user:default/ada' },
      );
      const running = await store.updateWorkspace(
        ws.id,
        {
          status: 'running',
          url: 'http://hub/user/ada/vision-1/',
          startedAt: '2026-11-29T10:00:00.000Z',
        },
        { expectStatus: ['starting'] },
      );
      expect(running).toMatchObject({
        status: 'running',
        startedAt: '2026-11-29T10:00:00.000Z',
        ownerGroups: ['group:default/team-vision'],
      });
      // A second replica acting on the same change finds it already done.
      await expect(
        store.updateWorkspace(
          ws.id,
          { status: 'running' },
          { expectStatus: ['starting'] },
        ),
      ).resolves.toBeUndefined();
      await store.updateWorkspace(ws.id, {
        status: 'stopped',
        statusReason: 'stopped after 47 min idle',
        url: null,
      });
      // Not a status change: no event.
      await store.updateWorkspace(ws.id, {
        lastActivity: '2026-11-29T10:05:00.000Z',
      });

      const events = await store.listEvents(ws.id);
      expect(events.map(e => [e.status, e.reason, e.actor])).toEqual([
        ['stopped', 'created', 'user:default/ada'],
        ['starting', undefined, 'user:default/ada'],
        ['running', undefined, undefined],
        ['stopped', 'stopped after 47 min idle', undefined],
      ]);
      const stopped = await store.getWorkspace(ws.id);
      expect(stopped).toMatchObject({
        status: 'stopped',
        statusReason: 'stopped after 47 min idle',
      });
      expect(stopped?.url).toBeUndefined();
    });

    it('keeps one open usage session per workspace and closes it exactly', async () => {
      const { store } = await createStore(databaseId);
      const ws = await store.createWorkspace(adaWorkspace, 'user:default/ada');
      const session = {
        workspaceId: ws.id,
        owner: ws.owner,
        groups: ['group:default/team-vision'],
        project: ws.project,
        profile: 'gpu',
        cpu: 4,
        memoryGiB: 16,
        gpu: 1,
        gpuType: 'nvidia.com/gpu',
        startedAt: '2026-11-29T10:00:00.123Z',
      };
      await store.openUsageSession(session);
      await store.openUsageSession({
        ...session,
        startedAt: '2026-11-29T10:00:30.000Z',
      });
      expect(await store.listUsageSessions({ open: true })).toHaveLength(1);

      await store.closeUsageSession(
        ws.id,
        '2026-11-29T10:47:00.456Z',
        'stopped after 47 min idle',
      );
      // Closing again changes nothing.
      await store.closeUsageSession(ws.id, '2026-11-29T11:00:00.000Z', 'again');
      const [closed] = await store.listUsageSessions({ workspaceId: ws.id });
      expect(closed).toEqual({
        id: expect.any(String),
        workspaceId: ws.id,
        owner: 'user:default/ada',
        groups: ['group:default/team-vision'],
        project: 'component:default/cats-vs-dogs',
        profile: 'gpu',
        cpu: 4,
        memoryGiB: 16,
        gpu: 1,
        gpuType: 'nvidia.com/gpu',
        startedAt: '2026-11-29T10:00:00.123Z',
        endedAt: '2026-11-29T10:47:00.456Z',
        endReason: 'stopped after 47 min idle',
      });

      // A session never ends before it started, whatever the clocks say.
      await store.openUsageSession({
        ...session,
        startedAt: '2026-11-29T12:00:00.000Z',
      });
      await store.closeUsageSession(
        ws.id,
        '2026-11-29T11:59:00.000Z',
        'clock skew',
      );
      const sessions = await store.listUsageSessions({ workspaceId: ws.id });
      expect(sessions[1].endedAt).toBe('2026-11-29T12:00:00.000Z');

      // Deleting the workspace keeps its history and sessions.
      await store.deleteWorkspace(ws.id);
      expect(await store.getWorkspace(ws.id)).toBeUndefined();
      expect(
        await store.listUsageSessions({ owner: 'user:default/ada' }),
      ).toHaveLength(2);
      expect((await store.listEvents(ws.id)).length).toBeGreaterThan(0);
    });

    it('records idle time at the end and pages the sessions metering reads', async () => {
      const { store } = await createStore(databaseId);
      const sessionOf = (workspaceId: string, startedAt: string) => ({
        workspaceId,
        owner: 'user:default/ada',
        groups: ['group:default/team-vision'],
        profile: 'small',
        cpu: 2,
        memoryGiB: 8,
        gpu: 0,
        startedAt,
      });
      const ids: string[] = [];
      for (const [i, startedAt] of [
        '2026-11-01T08:00:00.000Z',
        '2026-11-20T08:00:00.000Z',
        '2026-11-28T08:00:00.000Z',
      ].entries()) {
        const ws = await store.createWorkspace(
          { ...adaWorkspace, name: `metered-${i}` },
          'user:default/ada',
        );
        ids.push(ws.id);
        await store.openUsageSession(sessionOf(ws.id, startedAt));
      }
      // Old and closed long ago: not changed since the cursor.
      await store.closeUsageSession(
        ids[0],
        '2026-11-01T10:00:00.000Z',
        'stopped after 61 min idle',
        '2026-11-01T08:59:00.000Z',
      );
      // Closed after the cursor, no activity known: no idle figure.
      await store.closeUsageSession(
        ids[1],
        '2026-11-27T09:00:00.000Z',
        'stopped by you',
      );
      // ids[2] stays open.

      const changed = await store.listUsageSessionsChangedSince({
        since: '2026-11-25T00:00:00.000Z',
        limit: 10,
      });
      expect(changed.map(s => s.workspaceId).sort()).toEqual(
        [ids[1], ids[2]].sort(),
      );
      expect(changed.every(s => s.idleSeconds === undefined)).toBe(true);
      expect(changed.map(s => s.workspaceName).sort()).toEqual([
        'metered-1',
        'metered-2',
      ]);

      const all = await store.listUsageSessionsChangedSince({
        since: '2026-10-01T00:00:00.000Z',
        limit: 10,
      });
      const idle = all.find(s => s.workspaceId === ids[0]);
      expect(idle?.idleSeconds).toBe(61 * 60);

      // Paging by id: two pages of 2 and 1 cover the three, in id order, once each.
      const first = await store.listUsageSessionsChangedSince({
        since: '2026-10-01T00:00:00.000Z',
        limit: 2,
      });
      const second = await store.listUsageSessionsChangedSince({
        since: '2026-10-01T00:00:00.000Z',
        limit: 2,
        after: first[1].id,
      });
      expect(second).toHaveLength(1);
      expect([...first, ...second].map(s => s.id)).toEqual(all.map(s => s.id));
    });

    it('keeps what a workspace was launched from and records it with each launch', async () => {
      const { store } = await createStore(databaseId);
      const commit = 'a'.repeat(40);
      const original = await store.createWorkspace(
        {
          ...adaWorkspace,
          environment: 'resource:default/python-data-science-2025.05',
        },
        'user:default/ada',
      );
      expect(original.gitCommit).toBeUndefined();
      expect(original.reproducedFrom).toBeUndefined();

      // The first launch resolves the commit and records it on the workspace and the event.
      await store.updateWorkspace(
        original.id,
        { status: 'starting', gitCommit: commit },
        {
          actor: 'user:default/ada',
          eventReason: `launched at ${commit.slice(0, 7)}`,
        },
      );
      await store.updateWorkspace(original.id, {
        status: 'failed',
        statusReason: 'image pull failed',
      });
      // A second launch after a profile change: the history keeps both.
      await store.updateWorkspace(
        original.id,
        { status: 'starting', profile: 'small', options: {} },
        { actor: 'user:default/ada' },
      );
      expect(await store.getWorkspace(original.id)).toMatchObject({
        gitCommit: commit,
        environment: 'resource:default/python-data-science-2025.05',
      });
      const launches = (await store.listEvents(original.id)).filter(
        e => e.status === 'starting',
      );
      expect(launches).toEqual([
        expect.objectContaining({
          reason: 'launched at aaaaaaa',
          profile: 'gpu',
          options: { image: 'pytorch' },
          environment: 'resource:default/python-data-science-2025.05',
          gitCommit: commit,
        }),
        expect.objectContaining({
          profile: 'small',
          options: {},
          environment: 'resource:default/python-data-science-2025.05',
          gitCommit: commit,
        }),
      ]);
      expect(launches[1].reason).toBeUndefined();
      // Other status changes are not launches.
      const failed = (await store.listEvents(original.id)).find(
        e => e.status === 'failed',
      );
      expect(failed).toEqual({
        workspaceId: original.id,
        at: expect.any(String),
        status: 'failed',
        reason: 'image pull failed',
      });

      const reproduction = await store.createWorkspace(
        {
          ...adaWorkspace,
          name: 'vision-1-repro-1',
          environment: 'resource:default/python-data-science-2025.05',
          gitCommit: commit,
          reproducedFrom: original.id,
        },
        'user:default/ada',
      );
      expect(await store.getWorkspace(reproduction.id)).toMatchObject({
        gitCommit: commit,
        reproducedFrom: original.id,
        profile: 'gpu',
        options: { image: 'pytorch' },
      });
    });

    it('migrates down and up again', async () => {
      const { knex } = await createStore(databaseId);
      const directory = path.resolve(__dirname, '../../migrations');
      await knex.migrate.rollback({ directory }, true);
      expect(await knex.schema.hasTable('workspaces')).toBe(false);
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('usage_sessions')).toBe(true);
      expect(await knex.schema.hasColumn('workspaces', 'git_commit')).toBe(
        true,
      );
      expect(
        await knex.schema.hasColumn('workspace_events', 'environment'),
      ).toBe(true);

      // The launch-source migration alone steps down and up (named: later ones exist).
      const launchSource = {
        directory,
        name: '20261130100000_workspace_launch_source.js',
      };
      await knex.migrate.down(launchSource);
      expect(await knex.schema.hasColumn('workspaces', 'git_commit')).toBe(
        false,
      );
      expect(
        await knex.schema.hasColumn('workspace_events', 'git_commit'),
      ).toBe(false);
      await knex.migrate.up(launchSource);
      expect(await knex.schema.hasColumn('workspaces', 'reproduced_from')).toBe(
        true,
      );
    });
  },
);

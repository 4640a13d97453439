/*
 * Upgrades: the workspaces database only moves forward. From an empty database to the
 * latest schema, and from the first release's schema with data in it to the latest, the
 * way a new version starts on an old database (DatabaseWorkspacesStore.create migrates).
 */
import { mockServices } from '@backstage/backend-test-utils';
import { pluginMigrations, storeTestDatabases } from '@internal/test-utils';
import { DatabaseWorkspacesStore } from './DatabaseWorkspacesStore';

jest.setTimeout(60_000);

const databases = storeTestDatabases();
const { directory: migrationsDir, files: migrationFiles } = pluginMigrations(
  '@internal/plugin-workspaces-backend',
);
const FIRST_RELEASE = '20261129100000_workspaces.js';

describe('workspaces migrations', () => {
  it('are named by timestamp, so that they apply in the order they were written', () => {
    const files = migrationFiles();
    expect(files[0]).toBe(FIRST_RELEASE);
    for (const file of files) {
      expect(file).toMatch(/^\d{14}_[a-z0-9_]+\.js$/);
    }
  });
});

describe.each(databases.eachSupportedId())(
  'workspaces migrations on %p',
  databaseId => {
    it('take an empty database to the latest schema, and a second run changes nothing', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const files = migrationFiles();
      expect(
        await knex.migrate.currentVersion({ directory: migrationsDir }),
      ).toBe(files[files.length - 1].split('_')[0]);
      const [completed, pending] = await knex.migrate.list({
        directory: migrationsDir,
      });
      expect(completed.map((m: { name: string }) => m.name)).toEqual(files);
      expect(pending).toEqual([]);
      const [batch, applied] = await knex.migrate.latest({
        directory: migrationsDir,
      });
      expect({ batch, applied }).toEqual({ batch: 1, applied: [] });
      for (const table of [
        'workspaces',
        'workspace_events',
        'usage_sessions',
      ]) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
    });

    it('keep the data of the first release and give the new columns their defaults', async () => {
      const knex = await databases.init(databaseId);
      // The first release: its one migration only.
      await knex.migrate.up({ directory: migrationsDir, name: FIRST_RELEASE });
      expect(
        await knex.schema.hasColumn('usage_sessions', 'idle_seconds'),
      ).toBe(false);
      const started = new Date('2026-11-29T09:00:00Z');
      const ended = new Date('2026-11-29T11:30:00Z');
      await knex('workspaces').insert({
        id: 'w-1',
        owner: 'user:default/ada',
        hub_user: 'ada',
        owner_groups: JSON.stringify(['group:default/team-vision']),
        name: 'vision-1',
        profile: 'gpu',
        options: JSON.stringify({ gpus: 'one' }),
        resources: JSON.stringify({ cpu: 8, memoryGiB: 32, gpu: 1 }),
        project: 'component:default/cats-vs-dogs',
        environment: null,
        status: 'running',
        status_reason: null,
        url: '/user/ada/vision-1/',
        last_activity: ended,
        started_at: started,
        last_seen_running_at: ended,
        created_at: started,
        updated_at: ended,
      });
      await knex('workspace_events').insert([
        {
          workspace_id: 'w-1',
          at: started,
          status: 'starting',
          reason: null,
          actor: 'user:default/ada',
        },
        {
          workspace_id: 'w-1',
          at: ended,
          status: 'running',
          reason: null,
          actor: null,
        },
      ]);
      await knex('usage_sessions').insert([
        {
          id: 's-1',
          workspace_id: 'w-1',
          owner: 'user:default/ada',
          groups: JSON.stringify(['group:default/team-vision']),
          project: 'component:default/cats-vs-dogs',
          profile: 'gpu',
          cpu: 8,
          memory_gib: 32,
          gpu: 1,
          gpu_type: 'nvidia.com/gpu',
          started_at: started,
          ended_at: ended,
          end_reason: 'stopped by ada',
        },
        {
          id: 's-2',
          workspace_id: 'w-1',
          owner: 'user:default/ada',
          groups: JSON.stringify(['group:default/team-vision']),
          project: null,
          profile: 'gpu',
          cpu: 8,
          memory_gib: 32,
          gpu: 1,
          gpu_type: null,
          started_at: ended,
          ended_at: null,
          end_reason: null,
        },
      ]);

      // The new version starts: the store migrates to the latest schema.
      const store = await DatabaseWorkspacesStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const [, pending] = await knex.migrate.list({ directory: migrationsDir });
      expect(pending).toEqual([]);

      const workspace = await store.getWorkspace('w-1');
      expect(workspace).toMatchObject({
        id: 'w-1',
        owner: 'user:default/ada',
        ownerGroups: ['group:default/team-vision'],
        name: 'vision-1',
        profile: 'gpu',
        options: { gpus: 'one' },
        resources: { cpu: 8, memoryGiB: 32, gpu: 1 },
        project: 'component:default/cats-vs-dogs',
        status: 'running',
        startedAt: started.toISOString(),
      });
      // Columns added since: empty for old workspaces.
      expect(workspace).not.toHaveProperty('gitCommit');
      expect(workspace).not.toHaveProperty('reproducedFrom');
      const row = await knex('workspaces').where({ id: 'w-1' }).first();
      expect(row).toMatchObject({ git_commit: null, reproduced_from: null });

      const events = await store.listEvents('w-1');
      expect(events.map(e => [e.status, e.actor ?? null])).toEqual([
        ['starting', 'user:default/ada'],
        ['running', null],
      ]);
      // Launch details are recorded from now on; old events have none.
      expect(
        await knex('workspace_events')
          .select('profile', 'options', 'environment', 'git_commit')
          .orderBy('id'),
      ).toEqual([
        { profile: null, options: null, environment: null, git_commit: null },
        { profile: null, options: null, environment: null, git_commit: null },
      ]);

      const sessions = await store.listUsageSessions({ workspaceId: 'w-1' });
      expect(sessions).toEqual([
        expect.objectContaining({
          id: 's-1',
          owner: 'user:default/ada',
          cpu: 8,
          memoryGiB: 32,
          gpu: 1,
          startedAt: started.toISOString(),
          endedAt: ended.toISOString(),
          endReason: 'stopped by ada',
        }),
        expect.objectContaining({ id: 's-2', startedAt: ended.toISOString() }),
      ]);
      // Idle time is unknown for sessions recorded before it was measured.
      expect(sessions[0]).not.toHaveProperty('idleSeconds');
      expect(sessions[1]).not.toHaveProperty('endedAt');
      // Change times for metering's incremental copy: the last known change of each.
      const stamped = await knex('usage_sessions')
        .select('id', 'updated_at')
        .orderBy('id');
      expect(
        stamped.map((r: { id: string; updated_at: Date | number }) => [
          r.id,
          new Date(r.updated_at).toISOString(),
        ]),
      ).toEqual([
        ['s-1', ended.toISOString()],
        ['s-2', ended.toISOString()],
      ]);
      // The open session is still the one the store closes.
      expect(await store.listUsageSessions({ open: true })).toEqual([
        expect.objectContaining({ id: 's-2' }),
      ]);
    });
  },
);

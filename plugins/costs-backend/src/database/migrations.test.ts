/*
 * Upgrades: the costs database only moves forward. Its migrations take an empty database
 * to the latest schema on SQLite and PostgreSQL, and running them again changes nothing
 * (what every start of every replica does). When a second migration is added, add a
 * test that migrates to the first one only, inserts rows, then migrates to the latest
 * and reads them back (see plugins/workspaces-backend/src/database/migrations.test.ts).
 */
import { pluginMigrations, storeTestDatabases } from '@internal/test-utils';
import { createTestStore } from '../__testUtils__/costsTestSetup';

jest.setTimeout(60_000);

const databases = storeTestDatabases();
const { directory: migrationsDir, files: migrationFiles } = pluginMigrations(
  '@internal/plugin-costs-backend',
);

describe('costs migrations', () => {
  it('are named by timestamp, so that they apply in the order they were written', () => {
    expect(migrationFiles().length).toBeGreaterThan(0);
    for (const file of migrationFiles()) {
      expect(file).toMatch(/^\d{14}_[a-z0-9_]+\.js$/);
    }
  });
});

describe.each(databases.eachSupportedId())(
  'costs migrations on %p',
  databaseId => {
    it('take an empty database to the latest schema, and a second run changes nothing', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const [completed, pending] = await knex.migrate.list({
        directory: migrationsDir,
      });
      expect(completed.map((m: { name: string }) => m.name)).toEqual(
        migrationFiles(),
      );
      expect(pending).toEqual([]);
      const [, applied] = await knex.migrate.latest({
        directory: migrationsDir,
      });
      expect(applied).toEqual([]);
      for (const table of [
        'costs_sessions',
        'costs_budgets',
        'costs_quotas',
        'costs_daily',
      ]) {
        expect({ table, exists: await knex.schema.hasTable(table) }).toEqual({
          table,
          exists: true,
        });
      }
    });

    it('keep the reservations of the first release, each as its own admission', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({
        directory: migrationsDir,
        name: '20261201100000_costs.js',
      });
      await knex('costs_reservations').insert({
        workspace_id: 'ws-1',
        workspace_name: 'train-1',
        user_ref: 'user:default/ada',
        groups: JSON.stringify(['group:default/team-vision']),
        cpu: 8,
        memory_gib: 32,
        gpu: 4,
        created_at: new Date('2026-11-10T12:00:00Z'),
      });
      await knex.migrate.latest({ directory: migrationsDir });
      const store = await createTestStore(knex);
      expect(await store.listReservations()).toEqual([
        {
          admissionId: 'ws-1',
          workspaceId: 'ws-1',
          workspaceName: 'train-1',
          user: 'user:default/ada',
          groups: ['group:default/team-vision'],
          cpu: 8,
          memoryGiB: 32,
          gpu: 4,
          createdAt: '2026-11-10T12:00:00.000Z',
        },
      ]);
      // A release without an admission still frees the workspace.
      expect(await store.deleteReservation('ws-1')).toBe(true);
    });
  },
);

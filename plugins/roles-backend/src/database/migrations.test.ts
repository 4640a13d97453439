/*
 * Upgrades: the roles database only moves forward. From an empty database to the latest
 * schema, and from the first release's schema with assignments in it to the latest, the
 * way a new version starts on an old database (DatabaseRoleAssignmentStore.create).
 */
import { mockServices } from '@backstage/backend-test-utils';
import { pluginMigrations, storeTestDatabases } from '@internal/test-utils';
import { DatabaseRoleAssignmentStore } from './DatabaseRoleAssignmentStore';

jest.setTimeout(60_000);

const databases = storeTestDatabases();
const { directory: migrationsDir, files: migrationFiles } = pluginMigrations(
  '@internal/plugin-roles-backend',
);
const FIRST_RELEASE = '20261129000000_role_assignments.js';

describe('roles migrations', () => {
  it('are named by timestamp, so that they apply in the order they were written', () => {
    const files = migrationFiles();
    expect(files[0]).toBe(FIRST_RELEASE);
    for (const file of files) {
      expect(file).toMatch(/^\d{14}_[a-z0-9_]+\.js$/);
    }
  });
});

describe.each(databases.eachSupportedId())(
  'roles migrations on %p',
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
      expect(
        await knex.schema.hasColumn('role_assignments', 'created_by'),
      ).toBe(true);
    });

    it('keep the assignments of the first release; who added them stays unknown', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({ directory: migrationsDir, name: FIRST_RELEASE });
      const addedAt = new Date('2026-11-29T10:00:00Z');
      // One insert each: a multi-row insert would send NULL for the missing created_at.
      await knex('role_assignments').insert({
        subject_ref: 'group:default/platform-admins',
        role: 'admin',
        source: 'config',
      });
      await knex('role_assignments').insert([
        {
          subject_ref: 'user:default/linus',
          role: 'devops',
          source: 'admin',
          created_at: addedAt,
        },
      ]);

      const store = await DatabaseRoleAssignmentStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const [, pending] = await knex.migrate.list({ directory: migrationsDir });
      expect(pending).toEqual([]);
      await expect(store.listAssignments()).resolves.toEqual([
        {
          subjectRef: 'group:default/platform-admins',
          role: 'admin',
          source: 'config',
        },
        {
          subjectRef: 'user:default/linus',
          role: 'devops',
          source: 'admin',
          createdAt: addedAt.toISOString(),
        },
      ]);
      // Removing an old admin-made assignment still works on the migrated table.
      await expect(
        store.removeAssignment({
          subjectRef: 'user:default/linus',
          role: 'devops',
        }),
      ).resolves.toMatchObject({ subjectRef: 'user:default/linus' });
    });
  },
);

import { mockServices } from '@backstage/backend-test-utils';
import { storeTestDatabases } from '@internal/test-utils';
import { DatabaseRoleAssignmentStore } from './DatabaseRoleAssignmentStore';

jest.setTimeout(60_000);

const databases = storeTestDatabases();

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const database = mockServices.database({ knex, migrations: { skip: false } });
  return {
    knex,
    store: await DatabaseRoleAssignmentStore.create({ database }),
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseRoleAssignmentStore on %p',
  databaseId => {
    it('keeps config assignments, normalised and without duplicates', async () => {
      const { store } = await createStore(databaseId);
      await store.replaceConfigAssignments([
        { subjectRef: 'group:default/Platform-Admins', role: 'admin' },
        { subjectRef: 'group:default/platform-admins', role: 'admin' },
        { subjectRef: 'group:default/platform-ops', role: 'devops' },
      ]);
      await expect(store.listAssignments()).resolves.toEqual([
        {
          subjectRef: 'group:default/platform-admins',
          role: 'admin',
          source: 'config',
        },
        {
          subjectRef: 'group:default/platform-ops',
          role: 'devops',
          source: 'config',
        },
      ]);
      await expect(store.listAssignments({ role: 'devops' })).resolves.toEqual([
        {
          subjectRef: 'group:default/platform-ops',
          role: 'devops',
          source: 'config',
        },
      ]);
    });

    it('replaces the previous config seed on the next start', async () => {
      const { store } = await createStore(databaseId);
      await store.replaceConfigAssignments([
        { subjectRef: 'group:default/platform-admins', role: 'admin' },
      ]);
      await store.replaceConfigAssignments([
        { subjectRef: 'user:default/margaret', role: 'admin' },
      ]);
      await expect(store.listAssignments()).resolves.toEqual([
        {
          subjectRef: 'user:default/margaret',
          role: 'admin',
          source: 'config',
        },
      ]);
      await store.replaceConfigAssignments([]);
      await expect(store.listAssignments()).resolves.toEqual([]);
    });

    it('migrates down and up again', async () => {
      const { knex } = await createStore(databaseId);
      const directory = require('node:path').resolve(
        __dirname,
        '../../migrations',
      );
      await knex.migrate.rollback({ directory }, true);
      expect(await knex.schema.hasTable('role_assignments')).toBe(false);
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('role_assignments')).toBe(true);
    });
  },
);

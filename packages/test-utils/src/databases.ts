import {
  TestDatabases,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';

/**
 * Every store is tested on both engines Atrium supports: SQLite (the embedded default)
 * and PostgreSQL (production). Named explicitly: with `CI` set, TestDatabases would
 * otherwise try engines it starts in Docker, and there is no Docker engine here.
 */
export const STORE_TEST_DATABASE_IDS: TestDatabaseId[] = [
  'SQLITE_3',
  'POSTGRES_15',
];

/**
 * The PostgreSQL 15 server runs on every machine of this project (127.0.0.1:5432, trust
 * auth). TestDatabases reaches it through this env var instead of starting a container;
 * an explicit value (another server) wins.
 */
const POSTGRES_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
const DEFAULT_POSTGRES = 'postgresql://postgres@127.0.0.1:5432/postgres';

/**
 * Creates the TestDatabases for a store test. Call it at the top of a test file; then
 * `it.each(databases.eachSupportedId())('...', async databaseId => ...)`.
 */
export function storeTestDatabases(): TestDatabases {
  process.env[POSTGRES_ENV] ??= DEFAULT_POSTGRES;
  return TestDatabases.create({ ids: STORE_TEST_DATABASE_IDS });
}

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

/**
 * The PostgreSQL server the tests use (the env var above, else the local server), for
 * tests that start whole backends on it instead of going through TestDatabases: the
 * production bundle and the replicas. One place, so that every suite reaches the same
 * server. `password` falls back to "postgres": the local server trusts 127.0.0.1 and
 * ignores it, but the production config requires a value.
 */
export function testPostgresConnection(): {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
} {
  const url = new URL(process.env[POSTGRES_ENV] ?? DEFAULT_POSTGRES);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    password: decodeURIComponent(url.password) || 'postgres',
    database: decodeURIComponent(url.pathname.slice(1)) || 'postgres',
  };
}

// What the benchmarks share: running again under Backstage's node transform (the
// plugins are TypeScript), percentiles and timing, and a fresh database per engine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** `require` from the repository's root: the plugins' TypeScript sources and packages. */
export const require = createRequire(join(root, 'package.json'));

/**
 * Runs the calling benchmark again under Backstage's node transform (as the backend
 * runs from source) unless it already is, then exits with the child's status; `nodeArgs`
 * go to that Node (e.g. `--max-old-space-size=4096`). Call it first, before requiring a
 * plugin's TypeScript.
 */
export function rerunUnderTransform(benchUrl, nodeArgs = []) {
  if (process.env.ATRIUM_BENCH_TRANSFORMED) return;
  const child = spawnSync(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      ...nodeArgs,
      fileURLToPath(benchUrl),
      ...process.argv.slice(2),
    ],
    {
      stdio: 'inherit',
      env: { ...process.env, ATRIUM_BENCH_TRANSFORMED: '1' },
    },
  );
  process.exit(child.status ?? 1);
}

/** The q-quantile (0.95 for p95) of `xs`, nearest rank. */
export const percentile = (xs, q) =>
  [...xs].sort((a, b) => a - b)[
    Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)
  ];

/** How long `fn` took, in milliseconds. */
export async function time(fn) {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** `fn(i)` timed `n` times in a row: p50 and p95 in milliseconds. */
export async function runs(n, fn) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await time(() => fn(i)));
  return { p50: percentile(out, 0.5), p95: percentile(out, 0.95) };
}

/**
 * A fresh database for `engine` ('sqlite': a file in a temporary folder; 'postgres': a
 * database `name` created on the machine's PostgreSQL, from the connection string the
 * store tests use) and `drop()` to remove it.
 */
export async function openBenchDatabase(engine, name) {
  const knexFactory = require('knex');
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `${name}-`));
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(dir, 'db.sqlite') },
      useNullAsDefault: true,
    });
    return {
      knex,
      drop: async () => {
        await knex.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url =
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
    'postgresql://postgres:postgres@127.0.0.1:5432/postgres';
  const admin = knexFactory({ client: 'pg', connection: url });
  await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
  await admin.raw(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const knex = knexFactory({ client: 'pg', connection: u.toString() });
  return {
    knex,
    drop: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE ${name}`);
      await admin.destroy();
    },
  };
}

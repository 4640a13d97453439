// The benchmarks' shared parts: start the real portal (scripts/start.sh: backend and its
// demo JupyterHub) on free ports, on SQLite or PostgreSQL, sign demo people in, and
// percentiles. Used by bench/workspaces.mjs, bench/load.mjs and bench/routes.mjs.
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts } from '../packages/test-utils/src/freePorts.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
export const PG_URL =
  process.env.ATRIUM_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';

/**
 * Polls `fn` until it answers true. Fails after `timeoutMs`, or at once when `gone()`
 * says what it waits on has exited. The log goes after the stack, last: CI shows the
 * tail of what a failed run printed.
 */
export async function until(
  fn,
  what,
  log,
  timeoutMs = 300_000,
  gone = () => undefined,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await fn()) return;
    } catch {}
    const exited = gone();
    if (exited || Date.now() > deadline) {
      const error = new Error(
        exited
          ? `${what}: ${exited} before it was ready`
          : `timed out waiting for ${what}`,
      );
      error.stack = `${error.stack}\n--- its log, last lines:\n${log()}`;
      throw error;
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

/** The p-th percentile (nearest rank) of a list of numbers. */
export const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
/** Starts the portal (backend + demo hub) on `engine`; returns what a run needs. */
export async function startPortal(engine, dataDir, extraConfig = []) {
  // Below the ephemeral range (freePorts.mjs says why): the backend binds its port
  // only after the hub, the cluster and Prometheus have started.
  const [port, hubPort, hubApiPort, hubProxyApiPort] = await freePorts(4);
  const base = `http://localhost:${port}`;
  const hubState = join(dataDir, 'jupyterhub');
  // PostgreSQL: every plugin's database under a fresh prefix, dropped at the end.
  const pgPrefix = `atrium_bench_${randomUUID().slice(0, 8)}_`;
  const database =
    engine === 'postgres'
      ? [
          '  database:',
          '    client: pg',
          `    connection: ${PG_URL}`,
          `    prefix: ${pgPrefix}`,
        ]
      : [
          '  database:',
          '    connection:',
          `      directory: ${join(dataDir, 'sqlite')}`,
        ];
  const configFile = join(dataDir, 'app-config.bench.yaml');
  writeFileSync(
    configFile,
    [
      'app:',
      `  baseUrl: ${base}`,
      'backend:',
      `  baseUrl: ${base}`,
      '  listen:',
      `    port: ${port}`,
      '  cors:',
      `    origin: ${base}`,
      ...database,
      ...extraConfig,
      // No culling or reconcile noise during the measurement.
      'workspaces:',
      '  reconcile:',
      '    schedule:',
      '      frequency: { hours: 1 }',
      '  idleCulling:',
      '    policies: []',
      '',
    ].join('\n'),
  );
  // The frontend build, if sources changed, under the browser suite's lock: two builds
  // at once on 2 cores (this and a Playwright run) would slow both to a crawl.
  execFileSync(
    'flock',
    [
      '/tmp/playwright.lock',
      'bash',
      '-c',
      'source scripts/toolchain.sh && atrium_build_frontend',
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const portal = spawn(
    'bash',
    [join(root, 'scripts/start.sh'), '--config', configFile],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        ATRIUM_PORT: String(port),
        ATRIUM_HUB_STATE_DIR: hubState,
        ATRIUM_HUB_PORT: String(hubPort),
        ATRIUM_HUB_API_PORT: String(hubApiPort),
        ATRIUM_HUB_PROXY_API_PORT: String(hubProxyApiPort),
      },
    },
  );
  let portalLog = '';
  const logFile = createWriteStream(join(dataDir, 'portal.log'));
  portal.stderr.on('data', d => {
    portalLog = (portalLog + d).slice(-5000);
    logFile.write(d);
  });
  let exited;
  portal.on('exit', (code, signal) => {
    exited = `scripts/start.sh exited (${signal ?? `code ${code}`})`;
  });
  const stop = () => {
    try {
      process.kill(-portal.pid, 'SIGTERM');
    } catch {}
    logFile.end();
  };
  process.on('exit', stop);
  const log = () => portalLog;
  await until(
    async () => (await fetch(`${base}/.backstage/health/v1/readiness`)).ok,
    'the portal',
    log,
    300_000,
    () => exited,
  );
  const workspacesDb = () =>
    engine === 'postgres'
      ? require('knex')({
          client: 'pg',
          connection: `${PG_URL}/${pgPrefix}workspaces`,
        })
      : require('knex')({
          client: 'better-sqlite3',
          connection: {
            filename: join(dataDir, 'sqlite', 'workspaces.sqlite'),
          },
          useNullAsDefault: true,
        });
  const dropDatabases = async () => {
    if (engine !== 'postgres') return;
    const admin = require('knex')({
      client: 'pg',
      connection: `${PG_URL}/postgres`,
    });
    try {
      const { rows } = await admin.raw(
        'select datname from pg_database where datname like ?',
        [`${pgPrefix}%`],
      );
      for (const { datname } of rows) {
        await admin.raw('drop database if exists ?? with (force)', [datname]);
      }
    } finally {
      await admin.destroy();
    }
  };
  return {
    pid: portal.pid,
    base,
    hubUrl: `http://127.0.0.1:${hubPort}`,
    hubState,
    log,
    stop,
    workspacesDb,
    dropDatabases,
  };
}

/** A demo person's Backstage token (retried while the catalog ingests the people). */
export async function demoToken(base, name, log) {
  let body;
  await until(
    async () => {
      const res = await fetch(`${base}/api/auth/demo/refresh`, {
        headers: { 'x-atrium-demo-user': name },
      });
      body = await res.json();
      return res.ok;
    },
    `sign-in of ${name} (catalog ingestion)`,
    log,
  );
  return body.backstageIdentity.token;
}

/**
 * Runs `run(portal)` against a portal started on `engine` in a fresh data folder
 * (`atrium-<name>-…` under the temp dir), then stops it, drops its PostgreSQL databases
 * and removes the folder; a failed run keeps the folder (portal.log, the hub's log, the
 * SQLite files) to look at.
 */
export async function withPortal(engine, name, run) {
  const dataDir = mkdtempSync(join(tmpdir(), `atrium-${name}-`));
  console.log(`\n=== ${engine}: starting the portal...`);
  const portal = await startPortal(engine, dataDir);
  let finished = false;
  try {
    const result = await run(portal);
    finished = true;
    return result;
  } finally {
    await closePortal(portal, dataDir, { keep: !finished });
  }
}

async function closePortal(portal, dataDir, { keep }) {
  portal.stop();
  // The backend and the hub shut down before their databases are dropped.
  await new Promise(r => setTimeout(r, 3000));
  await portal
    .dropDatabases()
    .catch(e => console.error(`could not drop the bench databases: ${e}`));
  if (keep) {
    console.error(
      `kept for inspection: ${dataDir} (the hub's log: ${portal.hubState}/jupyterhub.log)`,
    );
    return;
  }
  rmSync(dataDir, { recursive: true, force: true });
}

/** The checked-out commit, short: printed with every run's figures. */
export const gitCommit = () =>
  execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: root,
    encoding: 'utf8',
  }).trim();

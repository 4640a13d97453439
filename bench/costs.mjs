#!/usr/bin/env node
// Benchmark: cost reports from the costs store's daily rollups, against a plain scan of
// the raw usage sessions, on SQLite and PostgreSQL.
//
// Loads a year of usage sessions (2,000 users in 20 groups, 200 projects, 3 profiles,
// two price sheets) through the store's own bulk path (`upsertSessions`: pricing by UTC
// day, then the rollups), timing the load; then measures, in the same run, p50/p95 of
//   1. cost by group for a month
//   2. cost by user for a month, the top 100
//   3. cost by user for a month, everyone
//   4. a year of monthly totals for one group
// answered by the costs service (`CostsService.report`, what GET /api/costs/report
// answers, from the rollups) and by the baseline: one SQL aggregate over the raw
// sessions, each priced by its overlap with the month (cut where a sheet starts
// mid-month; open sessions priced up to the reports' "now"). It checks both give the
// same amounts to the cent for every key, and prints the baseline/rollup ratio. The
// year has a sheet from October 15th and 20 workspaces still running at its end, one
// opened 90 days before it.
// Then metering (#22): a workspaces store holding the last 100 days, a metering run
// the old way (re-reading everything since the oldest open session) against the
// incremental run (what changed since the last run, give or take its 5-minute overlap),
// both timed in the same run with the rows each fetched.
//
//   node bench/costs.mjs                      full: 5,000,000 sessions, 20 runs per query
//   ATRIUM_BENCH_SCALE=smoke node bench/...   quick: 20,000 sessions, 20 runs per query
//   ATRIUM_BENCH_SESSIONS=500000              any other size
//   ATRIUM_BENCH_ENGINES=sqlite               one engine only (sqlite, postgres)
//   ATRIUM_BENCH_KEEP=1                       keep the loaded databases (named by size) and
//                                             reuse them next time: the load is skipped, the
//                                             plugin's newer migrations run on the kept data
//   ATRIUM_BENCH_METERING=0                   skip the metering case (minutes at full scale)
// Run it with the repo's Node 22: `source scripts/toolchain.sh && node bench/costs.mjs`.
// PostgreSQL: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING or the local server
// (postgresql://postgres@127.0.0.1:5432); a fresh database is created and dropped.
import { spawn, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bulkLoad } from './costsBulkLoad.mjs';
import { require, rerunUnderTransform, root } from './lib.mjs';

// The plugins are TypeScript: run again under Backstage's node transform.
rerunUnderTransform(import.meta.url, ['--max-old-space-size=4096']);

const smoke = process.env.ATRIUM_BENCH_SCALE === 'smoke';
const SESSIONS = Number(
  process.env.ATRIUM_BENCH_SESSIONS ?? (smoke ? 20_000 : 5_000_000),
);
const RUNS = 20;
/**
 * Runs of the baseline scan per query: at 5M a scan takes tens of seconds on SQLite,
 * so it runs on every fourth report run (each compared with that run's report).
 */
const SCAN_EVERY = Number(
  process.env.ATRIUM_BENCH_SCAN_EVERY ?? (SESSIONS > 1_000_000 ? 4 : 1),
);
const USERS = 2_000;
const GROUPS = 20;
const PROJECTS = 200;
const YEAR = { from: '2025-01-01', to: '2026-01-01' };
const ENGINES = (process.env.ATRIUM_BENCH_ENGINES ?? 'sqlite,postgres').split(
  ',',
);
/** Loads run concurrently (one process per engine) unless this is set. */
const SEQUENTIAL = Boolean(process.env.ATRIUM_BENCH_SEQUENTIAL);
/** Sessions handed to one `upsertSessions` call: about a day of usage at full scale. */
const BATCH = Math.min(10_000, Math.max(1_000, Math.ceil(SESSIONS / 365)));
/**
 * How the sessions are loaded: `upsert` through the store's `upsertSessions` (the
 * metering path: ~1,500 sessions/s here), `bulk` by `costsBulkLoad.mjs` (the same rows
 * and the store's own rollup rebuild, minutes for 5M). Default: bulk past 200,000.
 */
const LOADER =
  process.env.ATRIUM_BENCH_LOADER ?? (SESSIONS > 200_000 ? 'bulk' : 'upsert');

const { DatabaseCostsStore } = require(join(
  root,
  'plugins/costs-backend/src/database/DatabaseCostsStore.ts',
));
const { UsageTables, sessionRowOf, daySliceRowsOf } = require(join(
  root,
  'plugins/costs-backend/src/database/UsageTables.ts',
));
const { PriceList } = require(join(
  root,
  'plugins/costs-backend/src/pricing.ts',
));
const { CostsService } = require(join(
  root,
  'plugins/costs-backend/src/service/CostsService.ts',
));
const { Metering } = require(join(
  root,
  'plugins/costs-backend/src/service/Metering.ts',
));
const { DatabaseWorkspacesStore } = require(join(
  root,
  'plugins/workspaces-backend/src/database/DatabaseWorkspacesStore.ts',
));
const knexFactory = require('knex');

// Three sheets: one from a month boundary, one from the middle of October (the day
// slices of that month are priced by two sheets).
const SHEETS = [
  {
    effectiveFrom: '2025-01-01',
    cpuCoreHour: 0.0316,
    memoryGiBHour: 0.0042,
    gpuHour: { 'nvidia.com/gpu': 0.95, default: 1.1 },
    storageGiBMonth: 0.1,
    profileHourly: { gpu: 0.12 },
  },
  {
    effectiveFrom: '2025-07-01',
    cpuCoreHour: 0.0288,
    memoryGiBHour: 0.0039,
    gpuHour: { 'nvidia.com/gpu': 0.83, default: 1.0 },
    storageGiBMonth: 0.1,
    profileHourly: { gpu: 0.1 },
  },
  {
    effectiveFrom: '2025-10-15',
    cpuCoreHour: 0.0301,
    memoryGiBHour: 0.0041,
    gpuHour: { 'nvidia.com/gpu': 0.79, default: 0.97 },
    storageGiBMonth: 0.1,
    profileHourly: { gpu: 0.09 },
  },
];
/**
 * Sessions still open at the end of the year (a running workspace each: 2,000 at full
 * scale, priced by every report at each call); the first opened 90 days before it.
 */
const OPEN_SESSIONS = Number(
  process.env.ATRIUM_BENCH_OPEN ?? (smoke ? 20 : 2_000),
);
const KEEP = process.env.ATRIUM_BENCH_KEEP === '1';
const METERING = process.env.ATRIUM_BENCH_METERING !== '0';
/** The reports' "now": open sessions are priced up to it. */
const REPORT_NOW = '2026-03-01T00:00:00Z';
const PROFILES = [
  { slug: 'small', weight: 0.55, cpu: 2, memoryGiB: 8, gpu: 0 },
  { slug: 'medium', weight: 0.33, cpu: 4, memoryGiB: 16, gpu: 0 },
  {
    slug: 'gpu',
    weight: 0.12,
    cpu: 8,
    memoryGiB: 32,
    gpu: 1,
    gpuType: 'nvidia.com/gpu',
  },
];

const MS_HOUR = 3_600_000;
const MS_DAY = 86_400_000;
const pad = (n, w) => String(n).padStart(w, '0');
const userRef = i => `user:default/bench-u${pad(i, 4)}`;
const groupRef = i => `group:default/bench-g${pad(i, 2)}`;
const projectRef = i => `component:default/bench-p${pad(i, 3)}`;
const months = Array.from({ length: 12 }, (_, i) => {
  const from = `2025-${pad(i + 1, 2)}-01`;
  const to = i === 11 ? '2026-01-01' : `2025-${pad(i + 2, 2)}-01`;
  return { month: from.slice(0, 7), from, to };
});

/** mulberry32: deterministic, so both engines get the same sessions. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The sessions, day by day in start order, in batches. A user belongs to group
 * `i % 20`, one in ten to the next group too; they work on their groups' projects
 * (10 each), 15 % without a project; sessions start in working hours, last ~1.5 h on
 * average, a few run overnight.
 */
function* sessionBatches() {
  const random = prng(20250101);
  const yearStart = Date.parse(`${YEAR.from}T00:00:00Z`);
  const days = (Date.parse(`${YEAR.to}T00:00:00Z`) - yearStart) / MS_DAY;
  let batch = [];
  let made = 0;
  for (let d = 0; d < days; d++) {
    const perDay = Math.floor((SESSIONS * (d + 1)) / days) - made;
    for (let n = 0; n < perDay; n++) {
      const u = Math.floor(random() * USERS);
      const groups = [groupRef(u % GROUPS)];
      if (u % 10 === 0) groups.push(groupRef((u + 1) % GROUPS));
      const r = random();
      const profile =
        r < PROFILES[0].weight
          ? PROFILES[0]
          : r < PROFILES[0].weight + PROFILES[1].weight
          ? PROFILES[1]
          : PROFILES[2];
      const project =
        random() < 0.15
          ? undefined
          : projectRef((u % GROUPS) + GROUPS * Math.floor(random() * 10));
      const startHour = 6 + 7 * (random() + random());
      const overnight = random() < 0.03;
      const hours = overnight
        ? 10 + random() * 20
        : Math.min(10, -1.5 * Math.log(1 - random() * 0.999));
      const startMs =
        yearStart +
        d * MS_DAY +
        Math.round((startHour * MS_HOUR) / 1000) * 1000;
      const endMs = Math.min(
        startMs + Math.max(60_000, Math.round((hours * MS_HOUR) / 1000) * 1000),
        Date.parse(`${YEAR.to}T00:00:00Z`),
      );
      batch.push({
        id: `b${pad(made + n, 7)}`,
        workspaceId: `w-${u}-${profile.slug}`,
        owner: userRef(u),
        groups,
        ...(project ? { project } : {}),
        profile: profile.slug,
        cpu: profile.cpu,
        memoryGiB: profile.memoryGiB,
        gpu: profile.gpu,
        ...(profile.gpuType ? { gpuType: profile.gpuType } : {}),
        startedAt: new Date(startMs).toISOString(),
        endedAt: new Date(endMs).toISOString(),
        endReason: 'stopped by you',
      });
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
    made += perDay;
  }
  if (batch.length) yield batch;
  yield openSessions();
}

/** Workspaces still running at the end of the year (no end: priced up to "now"). */
function openSessions() {
  const end = Date.parse(`${YEAR.to}T00:00:00Z`);
  return Array.from({ length: OPEN_SESSIONS }, (_, i) => {
    const u = (i * 97) % USERS;
    const profile = PROFILES[i % PROFILES.length];
    const startMs =
      i === 0
        ? end - 90 * MS_DAY + 9 * MS_HOUR
        : end - ((i % 60) + 1) * MS_DAY - (i % 24) * MS_HOUR;
    return {
      id: `o${pad(i, 3)}`,
      workspaceId: `w-${u}-${profile.slug}-open`,
      owner: userRef(u),
      groups: [groupRef(u % GROUPS)],
      profile: profile.slug,
      cpu: profile.cpu,
      memoryGiB: profile.memoryGiB,
      gpu: profile.gpu,
      ...(profile.gpuType ? { gpuType: profile.gpuType } : {}),
      startedAt: new Date(startMs).toISOString(),
    };
  });
}

// ---- the baseline: one aggregate over the raw sessions ----------------------------

/** A month cut where sheets change: [from, to) with the sheet in force all along. */
function segmentsOf(month) {
  const starts = SHEETS.map(s => s.effectiveFrom)
    .filter(d => d > month.from && d < month.to)
    .sort();
  const bounds = [month.from, ...starts, month.to];
  return bounds.slice(0, -1).map((from, i) => {
    let sheet = SHEETS[0];
    for (const s of SHEETS) {
      if (s.effectiveFrom <= from && s.effectiveFrom >= sheet.effectiveFrom)
        sheet = s;
    }
    return { from, to: bounds[i + 1], sheet };
  });
}

/** SQL for the hourly price of a session row `s` under the sheet columns of `m`. */
const PRICE_SQL = `(s.cpu * m.cpu + s.memory_gib * m.mem
  + s.gpu * (CASE WHEN s.gpu = 0 THEN 0 WHEN s.gpu_type = 'nvidia.com/gpu' THEN m.gpu_nvidia ELSE m.gpu_default END)
  + (CASE WHEN s.profile = 'gpu' THEN m.profile_gpu ELSE 0 END))`;

/** A bound timestamp as each engine stores it. */
const bound = (engine, day) =>
  engine === 'sqlite'
    ? Date.parse(`${day}T00:00:00Z`)
    : new Date(`${day}T00:00:00Z`);

/** SQL for a session's end: an open session runs until the reports' "now". */
const endSql = engine =>
  engine === 'sqlite'
    ? `COALESCE(s.ended_at, ${Date.parse(REPORT_NOW)})`
    : `COALESCE(s.ended_at, '${REPORT_NOW}'::timestamptz)`;

/** SQL for the milliseconds of a session's overlap with [m.m0, m.m1). */
const overlapSql = engine =>
  engine === 'sqlite'
    ? // knex stores SQLite timestamps as epoch milliseconds
      `(MIN(${endSql(engine)}, m.m1) - MAX(s.started_at, m.m0))`
    : `(EXTRACT(EPOCH FROM (LEAST(${endSql(
        engine,
      )}, m.m1) - GREATEST(s.started_at, m.m0))) * 1000)`;

/**
 * `months` as a VALUES table: each month's stretches under one sheet (a month with a
 * mid-month sheet has two), their bounds and the prices of their sheet.
 */
function monthsTable(engine, list) {
  const cast =
    engine === 'sqlite'
      ? ['', '', '']
      : ['::text', '::timestamptz', '::float8'];
  const row = `(?${cast[0]}, ?${cast[1]}, ?${cast[1]}, ?${cast[2]}, ?${cast[2]}, ?${cast[2]}, ?${cast[2]}, ?${cast[2]})`;
  const segments = list.flatMap(m =>
    segmentsOf(m).map(seg => ({ month: m.month, ...seg })),
  );
  const bindings = segments.flatMap(({ month, from, to, sheet }) => [
    month,
    bound(engine, from),
    bound(engine, to),
    sheet.cpuCoreHour,
    sheet.memoryGiBHour,
    sheet.gpuHour['nvidia.com/gpu'],
    sheet.gpuHour.default,
    sheet.profileHourly?.gpu ?? 0,
  ]);
  return {
    sql: `m(month, m0, m1, cpu, mem, gpu_nvidia, gpu_default, profile_gpu) AS (VALUES ${segments
      .map(() => row)
      .join(', ')})`,
    bindings,
  };
}

/**
 * The baseline: every session overlapping the months, priced by its overlap with each
 * month, summed by key (user or group) and month, in one SQL statement.
 */
async function scanByKey(db, engine, { list, by, group, limit }) {
  const mt = monthsTable(engine, list);
  const key = by === 'group' ? 'g.group_ref' : 's.owner';
  const joinGroups =
    by === 'group' || group
      ? 'JOIN costs_session_groups g ON g.session_id = s.id'
      : '';
  const rows = await db.raw(
    `WITH ${mt.sql}
     SELECT ${key} AS key, m.month AS month,
            SUM(${overlapSql(engine)} * ${PRICE_SQL}) / ${MS_HOUR} AS amount
     FROM costs_sessions s
     ${joinGroups}
     JOIN m ON s.started_at < m.m1 AND ${endSql(engine)} > m.m0
     WHERE ${endSql(engine)} > ? AND s.started_at < ? ${
      group ? 'AND g.group_ref = ?' : ''
    }
     GROUP BY ${key}, m.month
     ORDER BY amount DESC
     ${limit ? `LIMIT ${limit}` : ''}`,
    [
      ...mt.bindings,
      bound(engine, list[0].from),
      bound(engine, list[list.length - 1].to),
      ...(group ? [group] : []),
    ],
  );
  return (engine === 'sqlite' ? rows : rows.rows).map(r => ({
    key: r.key,
    month: r.month,
    amount: Number(r.amount),
  }));
}

// ---- measuring ----------------------------------------------------------------------

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmtMs = x => (x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
async function timed(fn) {
  const t = performance.now();
  const result = await fn();
  return { ms: performance.now() - t, result };
}

/** Compares key/month -> amount maps to the cent; returns the worst difference. */
function sameToTheCent(what, rollup, scan) {
  const a = new Map(rollup.map(r => [`${r.key}|${r.month}`, r.amount]));
  const b = new Map(scan.map(r => [`${r.key}|${r.month}`, r.amount]));
  let worst = 0;
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const diff = Math.abs((a.get(k) ?? 0) - (b.get(k) ?? 0));
    worst = Math.max(worst, diff);
    if (diff >= 0.005) {
      throw new Error(
        `${what}: ${k} is ${a.get(k)} from the rollups but ${b.get(
          k,
        )} from the raw sessions`,
      );
    }
  }
  if (a.size === 0) throw new Error(`${what}: no figures at all`);
  return worst;
}

const rowsOfReport = report =>
  report.series.flatMap(s =>
    s.points.map(p => ({ key: s.key, month: p.date, amount: p.amount })),
  );

// ---- the databases -----------------------------------------------------------------

const PG_BASE =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432/postgres';

/** Where an engine's data goes: a temp SQLite file, or a fresh PostgreSQL database. */
async function createTarget(engine, what = 'costs') {
  // A kept target is named by what it holds, so that a later run finds it.
  const kept = KEEP && what === 'costs';
  const keptName = `atrium_bench_costs_keep_${SESSIONS}_${OPEN_SESSIONS}`;
  if (engine === 'sqlite') {
    const dir = kept
      ? join(tmpdir(), keptName)
      : mkdtempSync(join(tmpdir(), `atrium-bench-${what}-`));
    if (kept) mkdirSync(dir, { recursive: true });
    return { engine, dir, filename: join(dir, `${what}.sqlite`), kept };
  }
  const name = kept ? keptName : `atrium_bench_${what}_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection: PG_BASE });
  try {
    const exists =
      (await admin.raw('SELECT 1 FROM pg_database WHERE datname = ?', [name]))
        .rows.length > 0;
    if (!kept || !exists) {
      await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
      await admin.raw(`CREATE DATABASE ${name}`);
    }
  } finally {
    await admin.destroy();
  }
  const url = new URL(PG_BASE);
  url.pathname = `/${name}`;
  return { engine, name, url: url.toString(), kept };
}

async function dropTarget(target) {
  if (target.kept) return;
  if (target.engine === 'sqlite') {
    rmSync(target.dir, { recursive: true, force: true });
    return;
  }
  const admin = knexFactory({ client: 'pg', connection: PG_BASE });
  try {
    await admin.raw(`DROP DATABASE IF EXISTS ${target.name}`);
  } finally {
    await admin.destroy();
  }
}

/** The store (and the knex under it) on a target, with the plugin's own migrations. */
async function openStore(target) {
  const db =
    target.engine === 'sqlite'
      ? knexFactory({
          client: 'better-sqlite3',
          connection: { filename: target.filename },
          useNullAsDefault: true,
        })
      : knexFactory({
          client: 'pg',
          connection: target.url,
          pool: { min: 1, max: 4 },
        });
  const prices = new PriceList(SHEETS);
  const store = await DatabaseCostsStore.create({
    database: { getClient: async () => db, migrations: { skip: false } },
    prices,
  });
  return { db, store, prices };
}

/** Loads the generated sessions through `upsertSessions`; returns what it took. */
async function load(target) {
  const { db, store, prices } = await openStore(target);
  const tag = `[${target.engine}]`;
  try {
    const count = async table =>
      Number((await db(table).count({ n: '*' }))[0].n);
    if (target.kept && (await count('costs_sessions')) > 0) {
      // Loaded by an earlier run (a partial load is an error below).
      const stored = await count('costs_sessions');
      if (stored !== SESSIONS + OPEN_SESSIONS)
        throw new Error(
          `the kept database holds ${stored} sessions, not ${
            SESSIONS + OPEN_SESSIONS
          }: drop it (${target.name ?? target.dir})`,
        );
      console.log(`${tag} reusing the kept database (${stored} sessions)`);
      await db.raw('ANALYZE');
      return {
        reused: true,
        seconds: NaN,
        sessions: stored,
        sessionDays: await count('costs_session_days'),
        daily: await count('costs_daily'),
        dailyGroups: await count('costs_daily_groups'),
        bytes:
          target.engine === 'sqlite'
            ? statSync(target.filename).size
            : Number(
                (
                  await db.raw(
                    'SELECT pg_database_size(current_database()) AS b',
                  )
                ).rows[0].b,
              ),
      };
    }
    console.log(
      `${tag} loading ${SESSIONS.toLocaleString('en-US')} sessions ${
        LOADER === 'bulk'
          ? 'in bulk, then the rollups by recomputeDirtyDays'
          : `, ${BATCH} per upsertSessions call`
      }...`,
    );
    const loadStart = performance.now();
    let nextReport = 0.05;
    const progress = loaded => {
      if (loaded / SESSIONS < nextReport) return;
      const s = (performance.now() - loadStart) / 1000;
      console.log(
        `${tag} ${String(Math.round((100 * loaded) / SESSIONS)).padStart(
          3,
        )} %  ${loaded.toLocaleString('en-US')} sessions  ${s.toFixed(
          0,
        )} s  ${Math.round(loaded / s).toLocaleString('en-US')} sessions/s`,
      );
      nextReport += 0.05;
    };
    // The last whole day of closed sessions: re-priced below through upsertSessions.
    let lastDay = [];
    function* remembered() {
      for (const batch of sessionBatches()) {
        if (batch[0]?.endedAt) lastDay = batch;
        yield batch;
      }
    }
    let steps = {};
    if (LOADER === 'bulk') {
      steps = await bulkLoad({
        db,
        engine: target.engine,
        prices,
        usage: new UsageTables(db, prices),
        rows: { sessionRowOf, daySliceRowsOf },
        batches: remembered(),
        progress,
      });
    } else {
      let loaded = 0;
      let analyzedAt = 0;
      for (const batch of remembered()) {
        await store.upsertSessions(batch);
        loaded += batch.length;
        // PostgreSQL plans the store's lookups from table statistics, which autovacuum
        // refreshes once a table grew by 10 % (autovacuum_analyze_scale_factor). The
        // local server runs without autovacuum: do what it would do, or every lookup
        // of a growing table becomes a sequential scan.
        if (target.engine === 'postgres' && loaded > analyzedAt * 1.1 + 1_000) {
          await db.raw('ANALYZE');
          analyzedAt = loaded;
        }
        progress(loaded);
      }
    }
    const seconds = (performance.now() - loadStart) / 1000;
    // Statistics for the planners: what a DBA (or autovacuum) would have done by now.
    await db.raw('ANALYZE');
    // A day of sessions priced again through the metering path, at the full size.
    const repriced = await (async () => {
      const t = performance.now();
      await store.upsertSessions(lastDay);
      return { sessions: lastDay.length, ms: performance.now() - t };
    })();
    const stats = {
      seconds,
      loader: LOADER,
      ...steps,
      repriced,
      sessions: await count('costs_sessions'),
      sessionDays: await count('costs_session_days'),
      daily: await count('costs_daily'),
      dailyGroups: await count('costs_daily_groups'),
    };
    if (stats.sessions !== SESSIONS + OPEN_SESSIONS)
      throw new Error(
        `${stats.sessions} sessions stored, ${
          SESSIONS + OPEN_SESSIONS
        } generated`,
      );
    stats.bytes =
      target.engine === 'sqlite'
        ? statSync(target.filename).size
        : Number(
            (await db.raw('SELECT pg_database_size(current_database()) AS b'))
              .rows[0].b,
          );
    return stats;
  } finally {
    await db.destroy();
  }
}

/** Loads each target in a process of its own, all at once (or one after the other). */
async function loadAll(targets) {
  const children = new Set();
  const runOne = target =>
    new Promise((resolveLoad, rejectLoad) => {
      const resultFile = join(
        tmpdir(),
        `atrium-bench-costs-load-${process.pid}-${target.engine}.json`,
      );
      const child = spawn(
        process.execPath,
        [
          ...process.execArgv,
          fileURLToPath(import.meta.url),
          '--load',
          JSON.stringify(target),
          resultFile,
        ],
        { stdio: 'inherit', env: process.env },
      );
      children.add(child);
      child.on('exit', code => {
        children.delete(child);
        if (code !== 0) {
          // The other loads are of no use any more.
          for (const other of children) other.kill();
          rejectLoad(
            new Error(`loading ${target.engine} failed (exit ${code})`),
          );
          return;
        }
        const stats = JSON.parse(readFileSync(resultFile, 'utf8'));
        rmSync(resultFile, { force: true });
        resolveLoad(stats);
      });
    });
  if (SEQUENTIAL) {
    const out = [];
    for (const t of targets) out.push(await runOne(t));
    return out;
  }
  return Promise.all(targets.map(runOne));
}

/** Measures the four queries both ways on a loaded target. */
async function measure(target) {
  const { db, store, prices } = await openStore(target);
  const engine = target.engine;
  const service = new CostsService({
    store,
    prices,
    config: {
      currency: 'USD',
      prices: SHEETS,
      thresholds: [50, 80, 100],
      demoDataEnabled: false,
      budgets: [],
      quotas: [],
      profiles: [],
    },
    // Labels come from the catalog; the figures do not.
    directory: {
      labels: async () => new Map(),
      exists: async () => true,
      ownerOf: async () => undefined,
    },
    now: () => new Date(REPORT_NOW),
  });
  const report = (from, to, groupBy, filter = {}) =>
    service.report({ from, to, groupBy, interval: 'month', filter });

  // The i-th run asks about month i % 12 (or group i % 20).
  const queries = [
    {
      title: '1. cost by group, one month',
      rollup: async i => {
        const m = months[i % 12];
        return rowsOfReport(await report(m.from, m.to, 'group'));
      },
      scan: i => scanByKey(db, engine, { list: [months[i % 12]], by: 'group' }),
    },
    {
      title: '2. cost by user, one month, top 100',
      rollup: async i => {
        const m = months[i % 12];
        const { series } = await report(m.from, m.to, 'user');
        return rowsOfReport({ series: series.slice(0, 100) });
      },
      scan: i =>
        scanByKey(db, engine, {
          list: [months[i % 12]],
          by: 'user',
          limit: 100,
        }),
    },
    {
      title: '3. cost by user, one month, everyone',
      rollup: async i => {
        const m = months[i % 12];
        return rowsOfReport(await report(m.from, m.to, 'user'));
      },
      scan: i => scanByKey(db, engine, { list: [months[i % 12]], by: 'user' }),
    },
    {
      title: '4. a year of monthly totals, one group',
      rollup: async i =>
        rowsOfReport(
          await report(YEAR.from, YEAR.to, 'group', {
            group: groupRef(i % GROUPS),
          }),
        ),
      scan: i =>
        scanByKey(db, engine, {
          list: months,
          by: 'group',
          group: groupRef(i % GROUPS),
        }),
    },
  ];

  try {
    const results = [];
    for (const q of queries) {
      const rollupMs = [];
      const scanMs = [];
      let worst = 0;
      await q.rollup(0); // warm-up
      if (SCAN_EVERY === 1) await q.scan(0);
      for (let i = 0; i < RUNS; i++) {
        const a = await timed(() => q.rollup(i));
        rollupMs.push(a.ms);
        if (i % SCAN_EVERY !== 0) continue;
        const b = await timed(() => q.scan(i));
        scanMs.push(b.ms);
        worst = Math.max(worst, sameToTheCent(q.title, a.result, b.result));
      }
      results.push({ title: q.title, rollupMs, scanMs, worst });
      console.log(
        `[${engine}] ${q.title}: rollup p50 ${fmtMs(
          pct(rollupMs, 50),
        )}, scan p50 ${fmtMs(pct(scanMs, 50))} (${scanMs.length} scans)`,
      );
    }
    return results;
  } finally {
    await db.destroy();
  }
}

// ---- metering: incremental copy vs the old re-read since the oldest open session ----

/** The old metering run: everything since the oldest open session, every run. */
async function fullRereadRun(store, workspacesStore) {
  const open = await store.listOpenSessions();
  const since = new Date(
    Math.min(Date.now(), ...open.map(s => Date.parse(s.startedAt))),
  ).toISOString();
  let after;
  let rows = 0;
  do {
    const items = await workspacesStore.listUsageSessionsChangedSince({
      since,
      limit: 500,
      ...(after ? { after } : {}),
    });
    await store.upsertSessions(items);
    rows += items.length;
    after = items.length === 500 ? items[items.length - 1].id : undefined;
  } while (after);
  return rows;
}

/**
 * The workspaces store of the last 100 days of the year (what the old run re-reads,
 * with the 90-day-old open session) beside the loaded costs store; metering runs
 * through the store's paging (no HTTP), timed the old way and incrementally after a
 * change of one session. Same sessions, same ids: the costs figures do not move.
 */
async function meteringCase(target) {
  const wsTarget = await createTarget(target.engine, 'workspaces');
  const { db, store } = await openStore(target);
  const wsDb =
    wsTarget.engine === 'sqlite'
      ? knexFactory({
          client: 'better-sqlite3',
          connection: { filename: wsTarget.filename },
          useNullAsDefault: true,
        })
      : knexFactory({ client: 'pg', connection: wsTarget.url });
  const tag = `[${target.engine}]`;
  try {
    const workspacesStore = await DatabaseWorkspacesStore.create({
      database: { getClient: async () => wsDb, migrations: { skip: false } },
    });
    const cutoff = '2025-09-22T00:00:00.000Z'; // 100 days before YEAR.to
    let copied = 0;
    for (const batch of sessionBatches()) {
      const rows = batch
        .filter(b => !b.endedAt || b.endedAt >= cutoff)
        .map(b => ({
          id: b.id,
          workspace_id: b.workspaceId,
          owner: b.owner,
          groups: JSON.stringify(b.groups),
          project: b.project ?? null,
          profile: b.profile,
          cpu: b.cpu,
          memory_gib: b.memoryGiB,
          gpu: b.gpu,
          gpu_type: b.gpuType ?? null,
          started_at: new Date(b.startedAt),
          ended_at: b.endedAt ? new Date(b.endedAt) : null,
          end_reason: b.endReason ?? null,
          updated_at: new Date(b.endedAt ?? b.startedAt),
        }));
      for (let i = 0; i < rows.length; i += 500) {
        await wsDb('usage_sessions').insert(rows.slice(i, i + 500));
      }
      copied += rows.length;
    }
    if (target.engine === 'postgres') await wsDb.raw('ANALYZE');
    let fetched = 0;
    const workspaces = {
      async listUsageSessions(query) {
        const page = await workspacesStore.listUsageSessionsUpdatedSince({
          updatedSince: query.updatedSince,
          limit: query.limit ?? 1000,
          ...(query.after ? { after: query.after } : {}),
        });
        fetched += page.items.length;
        return page;
      },
    };
    const quiet = { info() {}, warn() {}, error() {}, debug() {} };
    const metering = new Metering({ store, workspaces, logger: quiet });
    console.log(
      `${tag} metering: ${copied.toLocaleString(
        'en-US',
      )} sessions in the workspaces store, the oldest open since ${
        openSessions()[0].startedAt
      }`,
    );
    // The first incremental run copies everything once (no mark yet).
    const first = await timed(() => metering.run());
    const runs = smoke ? 3 : 2;
    const full = [];
    const incremental = [];
    for (let i = 0; i < runs; i++) {
      const old = await timed(() => fullRereadRun(store, workspacesStore));
      full.push({ ms: old.ms, rows: old.result });
      // One change between runs: a session of the last days ends (updated now).
      const open = openSessions()[OPEN_SESSIONS - 1 - i];
      await wsDb('usage_sessions')
        .where({ id: open.id })
        .update({ updated_at: new Date() });
      fetched = 0;
      const run = await timed(() => metering.run());
      incremental.push({ ms: run.ms, rows: fetched });
    }
    const result = {
      firstMs: first.ms,
      firstRows: first.result.sessions,
      fullMs: pct(
        full.map(r => r.ms),
        50,
      ),
      fullRows: full[0].rows,
      incrementalMs: pct(
        incremental.map(r => r.ms),
        50,
      ),
      incrementalRows: Math.max(...incremental.map(r => r.rows)),
    };
    console.log(
      `${tag} metering run: old re-read ${fmtMs(result.fullMs)} (${
        result.fullRows
      } rows), incremental ${fmtMs(result.incrementalMs)} (${
        result.incrementalRows
      } rows)`,
    );
    return result;
  } finally {
    await wsDb.destroy();
    await db.destroy();
    await dropTarget(wsTarget).catch(() => {});
  }
}

// A load process: `--load <target json> <result file>`.
if (process.argv[2] === '--load') {
  try {
    const stats = await load(JSON.parse(process.argv[3]));
    writeFileSync(process.argv[4], JSON.stringify(stats));
    process.exit(0);
  } catch (error) {
    console.error(`load failed: ${error.stack ?? error}`);
    process.exit(1);
  }
}

const started = performance.now();
// The machine is shared: the load average goes with the figures.
const loadAverage = () =>
  spawnSync('uptime', { encoding: 'utf8' }).stdout?.trim() ?? '';
console.log(`uptime at start: ${loadAverage()}`);
console.log(
  `Atrium costs benchmark (${
    smoke ? 'smoke' : 'full'
  } scale): ${SESSIONS.toLocaleString(
    'en-US',
  )} sessions of ${USERS} users in ${GROUPS} groups, ${PROJECTS} projects, 3 profiles, ${
    YEAR.from
  }..${
    YEAR.to
  }, ${OPEN_SESSIONS} still running; ${RUNS} runs per query; engines ${ENGINES.join(
    ', ',
  )} loaded ${
    SEQUENTIAL || ENGINES.length === 1
      ? 'one after the other'
      : 'at the same time'
  }`,
);
const all = [];
const targets = [];
try {
  for (const engine of ENGINES) targets.push(await createTarget(engine));
  const loads = await loadAll(targets);
  for (const [i, target] of targets.entries()) {
    console.log(`\n[${target.engine}] measuring...`);
    all.push({
      engine: target.engine,
      load: loads[i],
      results: await measure(target),
      metering: METERING ? await meteringCase(target) : undefined,
    });
    console.log(`[${target.engine}] uptime: ${loadAverage()}`);
  }
} catch (error) {
  console.error(`bench failed: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  for (const target of targets) await dropTarget(target).catch(() => {});
}
if (process.exitCode) process.exit(process.exitCode);

console.log(
  `\nLoad (${
    all[0]?.load.loader === 'bulk'
      ? 'bulk rows priced by PriceList.slice, then rollups by recomputeDirtyDays'
      : 'through CostsStore.upsertSessions: pricing by UTC day + rollups'
  })${
    ENGINES.length > 1 && !SEQUENTIAL
      ? ', engines loading at the same time'
      : ''
  }`,
);
console.log(
  `  ${'engine'.padEnd(9)}${'sessions'.padStart(11)}${'day slices'.padStart(
    12,
  )}${'daily rows'.padStart(12)}${'group rows'.padStart(
    12,
  )}${'seconds'.padStart(9)}${'sessions/s'.padStart(12)}${'size'.padStart(10)}`,
);
for (const { engine, load } of all) {
  console.log(
    `  ${engine.padEnd(9)}${load.sessions
      .toLocaleString('en-US')
      .padStart(11)}${load.sessionDays
      .toLocaleString('en-US')
      .padStart(12)}${load.daily
      .toLocaleString('en-US')
      .padStart(12)}${load.dailyGroups
      .toLocaleString('en-US')
      .padStart(12)}${(load.reused ? 'kept' : load.seconds.toFixed(1)).padStart(
      9,
    )}${(load.reused
      ? 'kept'
      : Math.round(load.sessions / load.seconds).toLocaleString('en-US')
    ).padStart(12)}${`${(load.bytes / 2 ** 20).toFixed(0)} MiB`.padStart(10)}`,
  );
}
for (const { engine, load } of all) {
  if (load.reused) continue;
  console.log(
    `  ${engine}: ${
      load.writeSeconds !== undefined
        ? `rows written in ${load.writeSeconds.toFixed(
            1,
          )} s, rollups of every day built in ${load.rollupSeconds.toFixed(
            1,
          )} s; `
        : ''
    }a day of ${load.repriced.sessions.toLocaleString(
      'en-US',
    )} sessions priced again through upsertSessions at this size: ${fmtMs(
      load.repriced.ms,
    )}`,
  );
}
console.log(
  `\nQueries: rollups (CostsService.report) vs baseline (SQL over raw sessions), ${RUNS} report runs and ${Math.ceil(
    RUNS / SCAN_EVERY,
  )} scans each`,
);
console.log(
  `  ${'engine'.padEnd(9)}${'query'.padEnd(40)}${'rollup p50'.padStart(
    11,
  )}${'p95'.padStart(10)}${'scan p50'.padStart(11)}${'p95'.padStart(
    10,
  )}${'scan/rollup p50'.padStart(17)}${'p95'.padStart(8)}  same to the cent`,
);
for (const { engine, results } of all) {
  for (const r of results) {
    const [a50, a95, b50, b95] = [
      pct(r.rollupMs, 50),
      pct(r.rollupMs, 95),
      pct(r.scanMs, 50),
      pct(r.scanMs, 95),
    ];
    console.log(
      `  ${engine.padEnd(9)}${r.title.padEnd(40)}${fmtMs(a50).padStart(
        11,
      )}${fmtMs(a95).padStart(10)}${fmtMs(b50).padStart(11)}${fmtMs(
        b95,
      ).padStart(10)}${`×${(b50 / a50).toFixed(1)}`.padStart(17)}${`×${(
        b95 / a95
      ).toFixed(1)}`.padStart(8)}  yes (worst ${r.worst.toExponential(1)})`,
    );
  }
}
console.log(
  `\nMetering run with a 90-day-old open session and one change since the last run`,
);
console.log(
  `  ${'engine'.padEnd(9)}${'old re-read'.padStart(13)}${'rows'.padStart(
    9,
  )}${'incremental'.padStart(13)}${'rows'.padStart(6)}${'old/incr.'.padStart(
    11,
  )}${'first copy'.padStart(13)}${'rows'.padStart(9)}`,
);
for (const { engine, metering: m } of all) {
  if (!m) continue;
  console.log(
    `  ${engine.padEnd(9)}${fmtMs(m.fullMs).padStart(13)}${String(
      m.fullRows,
    ).padStart(9)}${fmtMs(m.incrementalMs).padStart(13)}${String(
      m.incrementalRows,
    ).padStart(6)}${`×${(m.fullMs / m.incrementalMs).toFixed(0)}`.padStart(
      11,
    )}${fmtMs(m.firstMs).padStart(13)}${String(m.firstRows).padStart(9)}`,
  );
}
console.log(`\nuptime at the end: ${loadAverage()}`);
console.log(
  `\nbench: ok in ${((performance.now() - started) / 1000).toFixed(0)} s`,
);

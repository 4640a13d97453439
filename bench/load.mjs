#!/usr/bin/env node
// Load benchmark: many signed-in people at once on the running portal.
//
// Starts the real portal (scripts/start.sh, demo data: catalog, usage and cost history,
// the simulated cluster) on its own ports and data folder, signs the demo people in, and
// drives it with autocannon: CONNECTIONS concurrent connections, each one person (the
// four demo people in turn: two data scientists, an admin, DevOps), each going round the
// read routes people use:
//   workspaces list (everyone's first page of 50 for the admin), my usage (/costs/me),
//   a cost report, the platform status (/platform-health/services), and a catalog
//   entity page's data (the entity, and its Health tab)
// for DURATION seconds. Prints p50/p95/p99 (overall and per route), errors (non-2xx,
// timeouts, connection errors), requests per second, and the backend's RSS before and
// after (the process's resident memory, not only its heap). Baseline in the same run:
// the portal's own readiness probe (no auth, no database) under the same load.
//   node bench/load.mjs                       full: 100 connections, 60 s per run
//   ATRIUM_BENCH_SCALE=smoke node bench/...   quick: 5 connections, 3 s
//   ATRIUM_BENCH_ENGINES=sqlite,postgres      engines (default: sqlite; PostgreSQL at
//     ATRIUM_BENCH_PG, postgresql://postgres@127.0.0.1:5432, fresh databases dropped after)
// Run it with the repo's Node 22: `source scripts/toolchain.sh && node bench/load.mjs`.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { demoToken, gitCommit, pct, root, withPortal } from './portal.mjs';

const require = createRequire(join(root, 'package.json'));
const autocannon = require('autocannon');

const smoke = process.env.ATRIUM_BENCH_SCALE === 'smoke';
const CONNECTIONS = smoke ? 5 : 100;
const DURATION = smoke ? 3 : 60;
const ENGINES = (process.env.ATRIUM_BENCH_ENGINES ?? 'sqlite')
  .split(',')
  .filter(Boolean);
const GOAL_P95_MS = 300;

const PEOPLE = ['ada', 'grace', 'margaret', 'linus'];
/** What each person's page views ask for, in the order they go round. */
const routesOf = person => [
  [
    'workspaces list',
    person === 'margaret'
      ? '/api/workspaces/workspaces?scope=all&limit=50'
      : '/api/workspaces/workspaces',
  ],
  ['my usage', '/api/costs/me'],
  [
    'cost report',
    person === 'margaret'
      ? '/api/costs/report?groupBy=user'
      : '/api/costs/report?groupBy=profile',
  ],
  ['platform status', '/api/platform-health/services'],
  [
    'catalog entity',
    '/api/catalog/entities/by-name/component/default/jupyterhub',
  ],
  ['entity health tab', '/api/platform-health/services/default/conda-store'],
];

/** The backend's node process: the child of start.sh that runs src/index.ts. */
function backendPid(startPid) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === startPid && cmd.includes('src/index.ts'))
        return Number(entry);
    } catch {}
  }
  return undefined;
}
const rssMiB = pid => {
  const m = /VmRSS:\s+(\d+) kB/.exec(
    readFileSync(`/proc/${pid}/status`, 'utf8'),
  );
  return m ? Number(m[1]) / 1024 : NaN;
};

/**
 * One run: an autocannon instance per person, side by side, their connections sharing
 * CONNECTIONS; each connection goes round its person's routes. Latencies are kept per
 * request to compute p95 (autocannon reports p90 and p97.5) and per route.
 */
async function drive(base, rounds, label) {
  const latencies = [];
  const byRoute = new Map();
  const perRound = Math.max(1, Math.floor(CONNECTIONS / rounds.length));
  const results = await Promise.all(
    rounds.map(round => {
      const instance = autocannon({
        url: base,
        connections: perRound,
        duration: DURATION,
        timeout: 10,
        requests: round.map(([route, path, headers]) => ({
          method: 'GET',
          path,
          headers,
          route,
        })),
      });
      instance.on('response', (client, statusCode, bytes, responseTime) => {
        latencies.push(responseTime);
        // With one request in flight per connection, the current one is the answered one.
        const route = client.requestIterator?.currentRequest?.route ?? 'all';
        if (!byRoute.has(route)) byRoute.set(route, []);
        byRoute.get(route).push(responseTime);
      });
      return instance;
    }),
  );
  const sum = key => results.reduce((n, r) => n + r[key], 0);
  const total = results.reduce((n, r) => n + r.requests.total, 0);
  const perSecond = results.reduce((n, r) => n + r.requests.average, 0);
  const non2xx = sum('non2xx'),
    timeouts = sum('timeouts'),
    connErrors = sum('errors');
  const errors = non2xx + timeouts + connErrors;
  console.log(
    `\n${label}: ${total} requests in ${DURATION} s, ${perSecond.toFixed(
      0,
    )} req/s; p50 ${pct(latencies, 50).toFixed(0)} ms  p95 ${pct(
      latencies,
      95,
    ).toFixed(0)} ms  p99 ${pct(latencies, 99).toFixed(
      0,
    )} ms; errors ${errors} (non-2xx ${non2xx}, timeouts ${timeouts}, connection ${connErrors})`,
  );
  return { perSecond, latencies, byRoute, errors };
}

async function runEngine(engine) {
  await withPortal(engine, 'load', async portal => {
    const { base, log } = portal;
    const tokens = {};
    for (const person of PEOPLE) {
      tokens[person] = `Bearer ${await demoToken(base, person, log)}`;
    }
    const rounds = PEOPLE.map(person =>
      routesOf(person).map(([route, path]) => [
        route,
        path,
        { authorization: tokens[person] },
      ]),
    );
    // Every route answers 200 for its person before the load starts: a refusal would
    // otherwise show only as an error count.
    for (const round of rounds) {
      for (const [route, path, headers] of round) {
        const res = await fetch(`${base}${path}`, { headers });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${route} ${path}: ${res.status}`);
      }
    }
    const pid = backendPid(portal.pid);
    const rssStart = pid ? rssMiB(pid) : NaN;

    const baseline = await drive(
      base,
      [[['readiness probe', '/.backstage/health/v1/readiness', {}]]],
      `baseline: readiness probe, ${CONNECTIONS} connections`,
    );
    const rssAfterBaseline = pid ? rssMiB(pid) : NaN;
    const load = await drive(
      base,
      rounds,
      `signed-in mix: ${CONNECTIONS} connections (${PEOPLE.join(
        ', ',
      )} in turn)`,
    );
    const rssEnd = pid ? rssMiB(pid) : NaN;
    for (const [route, times] of load.byRoute) {
      console.log(
        `  ${route.padEnd(18)} n=${String(times.length).padStart(6)}  p50 ${pct(
          times,
          50,
        ).toFixed(0)} ms  p95 ${pct(times, 95).toFixed(0)} ms`,
      );
    }
    const p95 = pct(load.latencies, 95);
    console.log(
      `  backend RSS: ${rssStart.toFixed(
        0,
      )} MiB at start, ${rssAfterBaseline.toFixed(
        0,
      )} MiB after the baseline, ${rssEnd.toFixed(0)} MiB at the end`,
    );
    console.log(
      `${engine}: p95 ${p95.toFixed(0)} ms (goal < ${GOAL_P95_MS} ms: ${
        p95 < GOAL_P95_MS ? 'met' : 'NOT met'
      }), errors ${load.errors} (goal 0), ${load.perSecond.toFixed(
        0,
      )} req/s (readiness probe alone: ${baseline.perSecond.toFixed(
        0,
      )} req/s, ×${(load.perSecond / baseline.perSecond).toFixed(2)})`,
    );
    if (load.errors > 0) process.exitCode = 1;
  });
}

try {
  const commit = gitCommit();
  console.log(
    `Atrium load benchmark (${
      smoke ? 'smoke' : 'full'
    } scale), commit ${commit}, ${cpus().length} cores, load ${loadavg()
      .map(l => l.toFixed(2))
      .join(
        ' ',
      )}, ${CONNECTIONS} connections for ${DURATION} s, engines ${ENGINES.join(
      ', ',
    )}`,
  );
  for (const engine of ENGINES) await runEngine(engine);
  console.log(process.exitCode ? '\nbench: FAILED (errors)' : '\nbench: ok');
} catch (error) {
  console.error(`bench failed: ${error.stack ?? error}`);
  process.exitCode = 1;
}

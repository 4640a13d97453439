#!/usr/bin/env node
// Per-route throughput: what one read route costs the backend, route by route.
//
// Starts the real portal (scripts/start.sh, demo data) on its own ports and data
// folder, signs demo people in, and drives one route at a time with autocannon
// (CONNECTIONS connections for DURATION seconds each): requests per second, p50 and
// the ratio to the baseline measured first in the same run, the readiness probe (no
// auth, no database). Where `bench/load.mjs` says how the mix behaves, this says which
// route to look at; profile that one with `node --cpu-prof` (see bench/README.md).
//   node bench/routes.mjs                     10 connections, 6 s per route
//   ATRIUM_BENCH_ENGINES=postgres node ...    engine (default sqlite)
//   ATRIUM_BENCH_ONLY=costs node ...          routes whose path contains this
// Run it with the repo's Node 22: `source scripts/toolchain.sh && node bench/routes.mjs`.
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { demoToken, gitCommit, root, withPortal } from './portal.mjs';

const require = createRequire(join(root, 'package.json'));
const autocannon = require('autocannon');

const CONNECTIONS = 10;
const DURATION = 6;
const ENGINES = (process.env.ATRIUM_BENCH_ENGINES ?? 'sqlite')
  .split(',')
  .filter(Boolean);
const BASELINE = '/.backstage/health/v1/readiness';
/** The read routes of bench/load.mjs, and who asks. */
const ROUTES = [
  ['/api/workspaces/profiles', 'ada'],
  ['/api/workspaces/workspaces', 'ada'],
  ['/api/workspaces/workspaces?scope=all&limit=50', 'margaret'],
  ['/api/costs/me', 'ada'],
  ['/api/costs/report?groupBy=profile', 'ada'],
  ['/api/costs/report?groupBy=user', 'margaret'],
  ['/api/platform-health/services', 'ada'],
  ['/api/platform-health/services/default/conda-store', 'ada'],
  ['/api/catalog/entities/by-name/component/default/jupyterhub', 'ada'],
].filter(
  ([path]) =>
    !process.env.ATRIUM_BENCH_ONLY ||
    path.includes(process.env.ATRIUM_BENCH_ONLY),
);

async function drive(base, path, headers) {
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [{ method: 'GET', path, headers }],
  });
  const errors = result.non2xx + result.errors + result.timeouts;
  if (errors > 0) throw new Error(`${path}: ${errors} errors`);
  return { perSecond: result.requests.average, p50: result.latency.p50 };
}

async function runEngine(engine) {
  await withPortal(engine, 'routes', async portal => {
    const tokens = {};
    for (const person of new Set(ROUTES.map(([, who]) => who))) {
      tokens[person] = `Bearer ${await demoToken(
        portal.base,
        person,
        portal.log,
      )}`;
    }
    const baseline = await drive(portal.base, BASELINE, {});
    const line = (path, r) =>
      console.log(
        `  ${path.padEnd(62)}${`${Math.round(r.perSecond)} req/s`.padStart(
          11,
        )}${`p50 ${r.p50} ms`.padStart(12)}${`×${(
          r.perSecond / baseline.perSecond
        ).toFixed(2)}`.padStart(8)}`,
      );
    line(`${BASELINE} (baseline)`, baseline);
    for (const [path, who] of ROUTES) {
      line(
        path,
        await drive(portal.base, path, { authorization: tokens[who] }),
      );
    }
  });
}

try {
  const commit = gitCommit();
  console.log(
    `Atrium per-route throughput, commit ${commit}, load ${loadavg()
      .map(l => l.toFixed(2))
      .join(
        ' ',
      )}, ${CONNECTIONS} connections for ${DURATION} s per route, engines ${ENGINES.join(
      ', ',
    )}; ratio = route req/s / readiness probe req/s`,
  );
  for (const engine of ENGINES) await runEngine(engine);
  console.log('\nbench: ok');
} catch (error) {
  console.error(`bench failed: ${error.stack ?? error}`);
  process.exitCode = 1;
}

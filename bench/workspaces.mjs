#!/usr/bin/env node
// Benchmark: what the portal adds to JupyterHub, and the admin list at scale.
//
// Starts the real portal (scripts/start.sh: backend + its demo JupyterHub) on its own
// ports and data folder, then measures, in the same run:
//   1. list my workspaces: GET /api/workspaces/workspaces (portal) vs GET /hub/api/users/<u> (hub)
//   2. start a workspace: POST .../start until accepted, and until ready (portal, with
//      progress stream) vs POST /hub/api/users/<u>/servers/<s> (hub) and its progress
//   3. the admin list of everyone's workspaces with many hub users and stored workspaces
//      (rows written into the portal's store) vs the hub's own GET /hub/api/users, and
//      pages of 50 of it (sorted, filtered, deep) vs the unpaginated list in the same run
// and prints p50/p95, the portal/hub ratio and the time the portal adds. Once per
// database engine (the whole portal runs on it). Sized for 2 cores:
//   node bench/workspaces.mjs                 full: 200 list calls, 10 starts, 2,000 hub users, 10,000 workspaces
//   ATRIUM_BENCH_SCALE=smoke node bench/...   quick: 20 list calls, 2 starts, 50 users, 200 workspaces
//   ATRIUM_BENCH_ENGINES=sqlite,postgres      engines (default: both in full, sqlite in smoke);
//     PostgreSQL at ATRIUM_BENCH_PG (postgresql://postgres@127.0.0.1:5432), in databases
//     of a fresh prefix, dropped at the end
// Run it with the repo's Node 22: `source scripts/toolchain.sh && node bench/workspaces.mjs`.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { demoToken, gitCommit, pct, withPortal, until } from './portal.mjs';

const smoke = process.env.ATRIUM_BENCH_SCALE === 'smoke';
const N = smoke
  ? { list: 20, starts: 2, hubUsers: 50, workspaces: 200, adminList: 10 }
  : { list: 200, starts: 10, hubUsers: 2000, workspaces: 10000, adminList: 50 };
const ENGINES = (
  process.env.ATRIUM_BENCH_ENGINES ?? (smoke ? 'sqlite' : 'sqlite,postgres')
)
  .split(',')
  .filter(Boolean);
const PAGE = 50;

const ms = x => `${x.toFixed(1)} ms`;
function report(title, portalTimes, hubTimes, names = ['portal', 'hub']) {
  const p50 = pct(portalTimes, 50),
    p95 = pct(portalTimes, 95);
  const h50 = pct(hubTimes, 50),
    h95 = pct(hubTimes, 95);
  const [a, b] = names.map(n => n.padEnd(7));
  console.log(`\n${title}`);
  console.log(
    `  ${a} p50 ${ms(p50)}  p95 ${ms(p95)}  (n=${portalTimes.length})`,
  );
  console.log(`  ${b} p50 ${ms(h50)}  p95 ${ms(h95)}  (n=${hubTimes.length})`);
  console.log(
    `  ${names[0]}/${names[1]}  p50 ×${(p50 / h50).toFixed(2)}  p95 ×${(
      p95 / h95
    ).toFixed(2)}  added p50 ${ms(p50 - h50)}  added p95 ${ms(p95 - h95)}`,
  );
}
async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
async function ok(res) {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return res;
}
/** Reads and drops a body: undici keeps the connection busy until a body is consumed. */
async function drain(res) {
  await res.arrayBuffer();
  return res;
}

async function runEngine(engine) {
  await withPortal(engine, 'bench', async portal => {
    const { base, hubUrl, log } = portal;
    const hubToken = readFileSync(
      join(portal.hubState, 'portal-token'),
      'utf8',
    ).trim();
    const hub = (path, init = {}) =>
      fetch(`${hubUrl}/hub/api${path}`, {
        ...init,
        headers: {
          authorization: `token ${hubToken}`,
          ...(init.headers ?? {}),
        },
      });
    const token = name => demoToken(base, name, log);
    const ada = { authorization: `Bearer ${await token('ada')}` };
    const margaret = { authorization: `Bearer ${await token('margaret')}` };
    const api = (path, headers, init = {}) =>
      fetch(`${base}/api/workspaces${path}`, {
        ...init,
        headers: {
          'content-type': 'application/json',
          ...headers,
          ...(init.headers ?? {}),
        },
      });

    // A few workspaces of ada's, so that both lists have something to return.
    for (const name of ['bench-a', 'bench-b', 'bench-c']) {
      await drain(
        await ok(
          await api('/workspaces', ada, {
            method: 'POST',
            body: JSON.stringify({ name, profile: 'small', start: false }),
          }),
        ),
      );
    }
    await drain(await hub('/users/ada', { method: 'POST' }));

    // 1. List
    const listPortal = [],
      listHub = [];
    for (let i = 0; i < 5; i++) await drain(await api('/workspaces', ada)); // warm-up
    for (let i = 0; i < N.list; i++) {
      listPortal.push(
        await timed(async () =>
          (await ok(await api('/workspaces', ada))).json(),
        ),
      );
      listHub.push(
        await timed(async () => (await ok(await hub('/users/ada'))).json()),
      );
    }
    report(
      `1. List my workspaces (${N.list} calls each, alternating)`,
      listPortal,
      listHub,
    );

    // 2. Start: accepted, and ready. The first start of each side is a warm-up (the
    // hub's first spawn of a user, the portal's first admission check): not counted.
    const readyOf = async (url, headers) => {
      const res = await fetch(url, { headers });
      const text = await res.text();
      if (!/"ready": ?true/.test(text))
        throw new Error(`not ready: ${text.slice(-300)}`);
    };
    const acceptPortal = [],
      acceptHub = [],
      readyPortal = [],
      readyHub = [];
    const [wsA] = (await (await api('/workspaces', ada)).json()).items;
    for (let i = 0; i <= N.starts; i++) {
      const counted = i > 0;
      let t = performance.now();
      await drain(
        await ok(
          await api(`/workspaces/${wsA.id}/start`, ada, { method: 'POST' }),
        ),
      );
      if (counted) acceptPortal.push(performance.now() - t);
      await readyOf(
        `${base}/api/workspaces/workspaces/${wsA.id}/progress`,
        ada,
      );
      if (counted) readyPortal.push(performance.now() - t);
      await drain(
        await ok(
          await api(`/workspaces/${wsA.id}/stop`, ada, { method: 'POST' }),
        ),
      );

      t = performance.now();
      await drain(
        await ok(
          await hub('/users/ada/servers/direct-1', {
            method: 'POST',
            body: '{"profile":"small"}',
          }),
        ),
      );
      if (counted) acceptHub.push(performance.now() - t);
      await readyOf(`${hubUrl}/hub/api/users/ada/servers/direct-1/progress`, {
        authorization: `token ${hubToken}`,
      });
      if (counted) readyHub.push(performance.now() - t);
      await drain(
        await hub('/users/ada/servers/direct-1', { method: 'DELETE' }),
      );
      await until(
        async () =>
          !(
            await (await hub('/users/ada')).json()
          ).servers['direct-1'],
        'direct server to stop',
        log,
      );
      await until(
        async () => {
          const u = await (await hub('/users/ada')).json();
          return !u.servers[wsA.name];
        },
        'portal server to stop',
        log,
      );
    }
    report(
      `2a. Start accepted (${N.starts} starts each, after one warm-up)`,
      acceptPortal,
      acceptHub,
    );
    report(
      `2b. Start until ready, through the progress stream (${N.starts} starts each)`,
      readyPortal,
      readyHub,
    );

    // 3. Admin list at scale
    const names = Array.from(
      { length: N.hubUsers },
      (_, i) => `user${String(i).padStart(5, '0')}`,
    );
    for (let i = 0; i < names.length; i += 500) {
      await drain(
        await ok(
          await hub('/users', {
            method: 'POST',
            body: JSON.stringify({ usernames: names.slice(i, i + 500) }),
          }),
        ),
      );
    }
    const knex = portal.workspacesDb();
    const now = Date.now();
    const profiles = ['small', 'medium', 'gpu'];
    const rows = Array.from({ length: N.workspaces }, (_, i) => ({
      id: randomUUID(),
      owner: `user:default/${names[i % names.length]}`,
      hub_user: names[i % names.length],
      owner_groups: '["group:default/research"]',
      name: `ws-${i}`,
      profile: profiles[i % 3],
      options: '{}',
      resources: '{"cpu":2,"memoryGiB":8,"gpu":0}',
      ...(i % 7 === 0
        ? { project: `component:default/project-${i % 50}` }
        : {}),
      status: i % 10 === 0 ? 'running' : 'stopped',
      // Most were active at some point in the last month; some never.
      ...(i % 5 === 0
        ? {}
        : { last_activity: new Date(now - ((i * 7919) % 2_592_000) * 1000) }),
      created_at: new Date(now - i * 1000),
      updated_at: new Date(now),
    }));
    for (let i = 0; i < rows.length; i += 500)
      await knex('workspaces').insert(rows.slice(i, i + 500));
    // PostgreSQL plans from statistics: gather them as autovacuum would after a load.
    if (engine === 'postgres') await knex.raw('analyze workspaces');
    await knex.destroy();

    const adminList = query =>
      api(`/workspaces?scope=all${query}`, margaret).then(ok);
    for (let i = 0; i < 3; i++) await drain(await adminList('')); // warm-up
    const adminPortal = [],
      adminHub = [];
    let count = 0;
    for (let i = 0; i < N.adminList; i++) {
      adminPortal.push(
        await timed(
          async () =>
            (count = (await (await adminList('')).json()).items.length),
        ),
      );
      adminHub.push(
        await timed(async () => (await ok(await hub('/users'))).json()),
      );
    }
    report(
      `3. Admin list: everyone's workspaces (${count} rows) vs the hub's user list (${
        N.hubUsers + 1
      } users), ${N.adminList} calls each`,
      adminPortal,
      adminHub,
    );

    // 3b. Pages of 50 of the same list against the unpaginated list: for each kind of
    // page, its calls back to back, then as many unpaginated lists right after (the same
    // minute of the same run). Not alternated: a page timed right after a 10,003-row list
    // paid for that list's garbage collection, which no user of the paged table causes.
    const deep = Math.max(0, Math.floor(count / PAGE / 2) * PAGE);
    const pages = [
      ['first page, default order (owner, name)', `&limit=${PAGE}`],
      [
        `page at offset ${deep}, by last activity, newest first`,
        `&limit=${PAGE}&offset=${deep}&sort=lastActivity&order=desc`,
      ],
      [
        'running only, text search "ws-1", by name',
        `&limit=${PAGE}&status=running&q=ws-1&sort=name`,
      ],
      [
        'profile gpu, owner contains "0001", by status desc',
        `&limit=${PAGE}&profile=gpu&ownerContains=0001&sort=status&order=desc`,
      ],
    ];
    const pageFigures = [];
    for (const [label, query] of pages) {
      const paged = [],
        whole = [];
      let total = 0,
        rowsOfPage = 0;
      for (let i = 0; i < N.adminList; i++) {
        paged.push(
          await timed(async () => {
            const body = await (await adminList(query)).json();
            total = body.total;
            rowsOfPage = body.items.length;
          }),
        );
      }
      for (let i = 0; i < N.adminList; i++) {
        whole.push(await timed(async () => (await adminList('')).json()));
      }
      report(
        `3b. Page of ${PAGE}: ${label} (${rowsOfPage} rows of ${total}) vs the unpaginated list`,
        paged,
        whole,
        ['page', 'whole'],
      );
      pageFigures.push(pct(paged, 95));
    }
    const worst = Math.max(...pageFigures);
    console.log(
      `\n${engine}: worst page p95 ${ms(worst)} (goal < 50 ms): ${
        worst < 50 ? 'met' : 'NOT met'
      }; start accepted added p95 ${ms(
        pct(acceptPortal, 95) - pct(acceptHub, 95),
      )}, list added p95 ${ms(
        pct(listPortal, 95) - pct(listHub, 95),
      )} (goal < 10 ms)`,
    );
  });
}

try {
  const commit = gitCommit();
  console.log(
    `Atrium workspaces benchmark (${
      smoke ? 'smoke' : 'full'
    } scale), commit ${commit}, ${cpus().length} cores, load ${loadavg()
      .map(l => l.toFixed(2))
      .join(' ')}, engines ${ENGINES.join(', ')}`,
  );
  for (const engine of ENGINES) await runEngine(engine);
  console.log('\nbench: ok');
} catch (error) {
  console.error(`bench failed: ${error.stack ?? error}`);
  process.exitCode = 1;
}

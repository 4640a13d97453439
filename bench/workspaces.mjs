#!/usr/bin/env node
// Benchmark: what the portal adds to JupyterHub, and the admin list at scale.
//
// Starts the real portal (scripts/start.sh: backend + its demo JupyterHub) on its own
// ports and data folder, then measures, in the same run:
//   1. list my workspaces: GET /api/workspaces/workspaces (portal) vs GET /hub/api/users/<u> (hub)
//   2. start a workspace: POST .../start until accepted, and until ready (portal, with
//      progress stream) vs POST /hub/api/users/<u>/servers/<s> (hub) and its progress
//   3. the admin list of everyone's workspaces with many hub users and stored workspaces
//      (rows written into the portal's SQLite store) vs the hub's own GET /hub/api/users
// and prints p50/p95 and the portal/hub ratio. Sized for 2 cores:
//   node bench/workspaces.mjs                 full: 200 list calls, 10 starts, 2,000 hub users, 10,000 workspaces
//   ATRIUM_BENCH_SCALE=smoke node bench/...   quick: 20 list calls, 2 starts, 50 users, 200 workspaces
// Run it with the repo's Node 22: `source scripts/toolchain.sh && node bench/workspaces.mjs`.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const smoke = process.env.ATRIUM_BENCH_SCALE === 'smoke';
const N = smoke
  ? { list: 20, starts: 2, hubUsers: 50, workspaces: 200, adminList: 10 }
  : { list: 200, starts: 10, hubUsers: 2000, workspaces: 10000, adminList: 50 };

/** A TCP port free now (the OS picks it), so a run never collides with a portal. */
const freePort = () =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: free } = server.address();
      server.close(() => resolvePort(free));
    });
  });

const port = await freePort();
const base = `http://localhost:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'atrium-bench-'));
const hubState = join(dataDir, 'jupyterhub');
const hubPort = await freePort();
const [hubApiPort, hubProxyApiPort] = [await freePort(), await freePort()];
const hubUrl = `http://127.0.0.1:${hubPort}`;

const configFile = join(dataDir, 'app-config.bench.yaml');
await import('node:fs').then(fs =>
  fs.writeFileSync(
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
      '  database:',
      '    connection:',
      `      directory: ${join(dataDir, 'sqlite')}`,
      // No culling or reconcile noise during the measurement.
      'workspaces:',
      '  reconcile:',
      '    schedule:',
      '      frequency: { hours: 1 }',
      '  idleCulling:',
      '    policies: []',
      '',
    ].join('\n'),
  ),
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
portal.stderr.on('data', d => (portalLog = (portalLog + d).slice(-5000)));
const stop = () => {
  try {
    process.kill(-portal.pid, 'SIGTERM');
  } catch {}
};
process.on('exit', stop);

async function until(fn, what, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await fn()) return;
    } catch {}
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}\n${portalLog}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = x => `${x.toFixed(1)} ms`;
function report(title, portalTimes, hubTimes) {
  const p50 = pct(portalTimes, 50),
    p95 = pct(portalTimes, 95);
  const h50 = pct(hubTimes, 50),
    h95 = pct(hubTimes, 95);
  console.log(`\n${title}`);
  console.log(
    `  portal  p50 ${ms(p50)}  p95 ${ms(p95)}  (n=${portalTimes.length})`,
  );
  console.log(
    `  hub     p50 ${ms(h50)}  p95 ${ms(h95)}  (n=${hubTimes.length})`,
  );
  console.log(
    `  portal/hub  p50 ×${(p50 / h50).toFixed(2)}  p95 ×${(p95 / h95).toFixed(
      2,
    )}  added p50 ${ms(p50 - h50)}`,
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

try {
  console.log(
    `Atrium workspaces benchmark (${
      smoke ? 'smoke' : 'full'
    } scale), starting the portal...`,
  );
  await until(
    async () => (await fetch(`${base}/.backstage/health/v1/readiness`)).ok,
    'the portal',
  );
  const hubToken = readFileSync(join(hubState, 'portal-token'), 'utf8').trim();
  const hub = (path, init = {}) =>
    fetch(`${hubUrl}/hub/api${path}`, {
      ...init,
      headers: { authorization: `token ${hubToken}`, ...(init.headers ?? {}) },
    });
  const token = async name => {
    let body;
    await until(async () => {
      const res = await fetch(`${base}/api/auth/demo/refresh`, {
        headers: { 'x-atrium-demo-user': name },
      });
      body = await res.json();
      return res.ok;
    }, `sign-in of ${name} (catalog ingestion)`);
    return body.backstageIdentity.token;
  };
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
      await timed(async () => (await ok(await api('/workspaces', ada))).json()),
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

  // 2. Start: accepted, and ready
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
  for (let i = 0; i < N.starts; i++) {
    let t = performance.now();
    await drain(
      await ok(
        await api(`/workspaces/${wsA.id}/start`, ada, { method: 'POST' }),
      ),
    );
    acceptPortal.push(performance.now() - t);
    await readyOf(`${base}/api/workspaces/workspaces/${wsA.id}/progress`, ada);
    readyPortal.push(performance.now() - t);
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
    acceptHub.push(performance.now() - t);
    await readyOf(`${hubUrl}/hub/api/users/ada/servers/direct-1/progress`, {
      authorization: `token ${hubToken}`,
    });
    readyHub.push(performance.now() - t);
    await drain(await hub('/users/ada/servers/direct-1', { method: 'DELETE' }));
    await until(
      async () => !(await (await hub('/users/ada')).json()).servers['direct-1'],
      'direct server to stop',
    );
    await until(async () => {
      const u = await (await hub('/users/ada')).json();
      return !u.servers[wsA.name];
    }, 'portal server to stop');
  }
  report(
    `2a. Start accepted (${N.starts} starts each)`,
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
  const knex = require('knex')({
    client: 'better-sqlite3',
    connection: { filename: join(dataDir, 'sqlite', 'workspaces.sqlite') },
    useNullAsDefault: true,
  });
  const now = Date.now();
  const rows = Array.from({ length: N.workspaces }, (_, i) => ({
    id: randomUUID(),
    owner: `user:default/${names[i % names.length]}`,
    hub_user: names[i % names.length],
    owner_groups: '["group:default/research"]',
    name: `ws-${i}`,
    profile: 'small',
    options: '{}',
    resources: '{"cpu":2,"memoryGiB":8,"gpu":0}',
    status: i % 10 === 0 ? 'running' : 'stopped',
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 500)
    await knex('workspaces').insert(rows.slice(i, i + 500));
  await knex.destroy();

  const adminPortal = [],
    adminHub = [];
  let count = 0;
  for (let i = 0; i < N.adminList; i++) {
    adminPortal.push(
      await timed(
        async () =>
          (count = (
            await (
              await ok(await api('/workspaces?scope=all', margaret))
            ).json()
          ).items.length),
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
  console.log('\nbench: ok');
} catch (error) {
  console.error(`bench failed: ${error.stack ?? error}\n--- the portal's last output ---\n${portalLog}`);
  process.exitCode = 1;
} finally {
  stop();
  await new Promise(r => setTimeout(r, 3000));
  rmSync(dataDir, { recursive: true, force: true });
}

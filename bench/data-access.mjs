#!/usr/bin/env node
// Benchmark: data access (#14). What a launch gets for a person in 20 groups among 5,000
// data sources and 50,000 grants (a tenth of them ended or expired), through the
// data-access backend's LaunchService.preview (the store's one indexed query for the
// person and their groups, the in-memory data-source index, the launch list built), on
// SQLite and PostgreSQL; baseline in the same run: load every open grant per launch
// and pick the person's in JavaScript (what a launch would do without the index and
// the query). Also a recorded launch (preview, launch record inserted, list signed).
// Goal: p95 < 20 ms.
//
//   node bench/data-access.mjs                    full: 5,000 sources, 50,000 grants
//   ATRIUM_BENCH_SCALE=smoke node bench/...       quick: 500 sources, 5,000 grants
//   ATRIUM_BENCH_ENGINES=sqlite                   one engine only (sqlite, postgres)
// PostgreSQL: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING or the local server;
// a fresh database is created and dropped.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  openBenchDatabase,
  require,
  rerunUnderTransform,
  root,
  runs,
} from './lib.mjs';

// The plugin is TypeScript: run again under Backstage's node transform.
rerunUnderTransform(import.meta.url);

const smoke = process.env.ATRIUM_BENCH_SCALE === 'smoke';
const SOURCES = smoke ? 500 : 5000;
const GRANTS = smoke ? 5000 : 50_000;
// As many groups at both sizes, so a person's share of the grants is the same.
const GROUPS = 1000;
const USERS = smoke ? 200 : 2000;
const GROUPS_PER_PERSON = 20;
const RUNS = smoke ? 50 : 200;
const BASELINE_RUNS = smoke ? 10 : 30;
const ENGINES = (process.env.ATRIUM_BENCH_ENGINES ?? 'sqlite,postgres').split(
  ',',
);

const backend = join(root, 'plugins/data-access-backend/src');
const { DatabaseDataAccessStore } = require(join(
  backend,
  'database/DatabaseDataAccessStore.ts',
));
const { DataSourceIndex } = require(join(
  backend,
  'service/DataSourceIndex.ts',
));
const { GrantsService } = require(join(backend, 'service/GrantsService.ts'));
const { LaunchService } = require(join(backend, 'service/LaunchService.ts'));
const { toLaunchDataSource } = require(join(backend, 'service/launchData.ts'));

const ms = x => `${x.toFixed(2)} ms`;

// A small deterministic generator, so both engines get the same data.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = n => Math.floor(rand() * n);

const TYPES = ['shared-folder', 'object-store-bucket', 'database'];
const LEVELS = ['public', 'internal', 'confidential', 'restricted'];
function sourceEntity(i) {
  const type = TYPES[i % 3];
  const name = `source-${i}`;
  const dataSource = { sensitivity: LEVELS[i % 4] };
  if (type === 'shared-folder') {
    dataSource.volume = {
      nfs: { server: 'nfs.data.svc', path: `/exports/${name}` },
    };
    dataSource.mountPath = `/data/${name}`;
  } else if (type === 'object-store-bucket') {
    dataSource.bucket = {
      name,
      endpoint: 'https://s3.example.com',
      secretName: `${name}-s3`,
    };
  } else {
    dataSource.database = {
      host: 'pg.data.svc',
      name,
      secretName: `${name}-db`,
    };
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default' },
    spec: { type, owner: `group:default/group-${i % GROUPS}`, dataSource },
  };
}

const entities = Array.from({ length: SOURCES }, (_, i) => sourceEntity(i));
const now = new Date();
const day = 86_400_000;
const grants = Array.from({ length: GRANTS }, (_, i) => {
  const subject =
    i % 10 === 0
      ? `user:default/user-${pick(USERS)}`
      : `group:default/group-${pick(GROUPS)}`;
  const kind = i % 20; // 0: ended, 1: expired, 2-4: expiring later, else open-ended
  return {
    id: `g-${i}`,
    source: `resource:default/source-${pick(SOURCES)}`,
    subject,
    access: i % 3 === 0 ? 'read-write' : 'read',
    expiresAt:
      kind === 1
        ? new Date(now.getTime() - day).toISOString()
        : kind >= 2 && kind <= 4
        ? new Date(now.getTime() + 30 * day).toISOString()
        : null,
    grantedBy: 'user:default/admin',
    grantedAt: new Date(now.getTime() - 90 * day).toISOString(),
    requestId: null,
    ended: kind === 0,
  };
});
const people = Array.from({ length: RUNS }, (_, i) => {
  const groups = new Set();
  while (groups.size < GROUPS_PER_PERSON)
    groups.add(`group:default/group-${pick(GROUPS)}`);
  return { user: `user:default/user-${i % USERS}`, groups: [...groups] };
});

async function bench(engine) {
  const { knex, drop } = await openBenchDatabase(
    engine,
    `data_access_bench_${process.pid}`,
  );
  try {
    const store = await DatabaseDataAccessStore.create({
      database: { getClient: async () => knex },
    });
    const t0 = Date.now();
    // Loaded in batches straight into the store's table (the migration's columns): one
    // createGrant per row would take minutes on SQLite, and loading is not measured.
    const endedAt = new Date(now.getTime() - day).toISOString();
    await knex.batchInsert(
      'data_access_grants',
      grants.map(
        ({
          ended,
          id,
          source,
          subject,
          access,
          expiresAt,
          grantedBy,
          grantedAt,
          requestId,
        }) => ({
          id,
          source,
          subject,
          access,
          expires_at: expiresAt,
          granted_by: grantedBy,
          granted_at: grantedAt,
          request_id: requestId,
          ended_at: ended ? endedAt : null,
          ended_by: ended ? 'user:default/admin' : null,
          end_reason: ended ? 'bench' : null,
        }),
      ),
      500,
    );
    // The store reads what it loaded as it would its own rows.
    const sample = await store.getGrant(grants[0].id);
    if (sample?.subject !== grants[0].subject)
      throw new Error(`${engine}: the loaded grants do not read back`);
    if (engine === 'postgres') await knex.raw('ANALYZE');
    const loadSeconds = (Date.now() - t0) / 1000;
    // The catalog, answered from memory: the index reads it once and keeps it.
    const catalog = { getEntities: async () => ({ items: entities }) };
    const auth = { getOwnServiceCredentials: async () => ({}) };
    const index = new DataSourceIndex({
      catalog,
      auth,
      logger: console,
      ttlMs: 3_600_000,
    });
    const grantsService = new GrantsService({ store, index, directory: {} });
    const launches = new LaunchService({
      store,
      grants: grantsService,
      signingKey: 'bench-signing-key',
    });
    const request = i => ({
      ...people[i],
      workspaceId: `w-${i}`,
      hubUser: `user-${i}`,
      server: 'ws',
    });
    await launches.preview(request(0)); // loads the index
    let given = 0;
    const preview = await runs(RUNS, async i => {
      given += (await launches.preview(request(i))).sources.length;
    });
    const record = await runs(RUNS, async i => {
      await launches.record(request(i));
    });
    // Baseline: every open grant loaded per launch, the person's picked in JavaScript.
    const sources = await index.all();
    let baselineGiven = 0;
    const baseline = await runs(BASELINE_RUNS, async i => {
      const { user, groups } = people[i];
      const subjects = new Set([user, ...groups]);
      const at = new Date().toISOString();
      const best = new Map();
      for (const g of await store.listAllActiveGrants()) {
        if (!subjects.has(g.subject) || (g.expiresAt && g.expiresAt <= at))
          continue;
        if (best.get(g.source) !== 'read-write') best.set(g.source, g.access);
      }
      const list = [...best].flatMap(([ref, access]) => {
        const indexed = sources.get(ref);
        return indexed
          ? [
              toLaunchDataSource(
                indexed.source,
                access,
                indexed.source.spec.snapshot,
              ),
            ]
          : [];
      });
      baselineGiven += list.length;
    });
    // Both ways must give the same data for the same people.
    const check = await launches.preview(request(0));
    const checkBaseline = new Set([people[0].user, ...people[0].groups]);
    const all = await store.listAllActiveGrants();
    const at = new Date().toISOString();
    const expected = new Set(
      all
        .filter(
          g =>
            checkBaseline.has(g.subject) && (!g.expiresAt || g.expiresAt > at),
        )
        .map(g => g.source),
    );
    const got = new Set(check.sources.map(s => s.ref));
    if (expected.size !== got.size || [...expected].some(r => !got.has(r))) {
      throw new Error(
        `${engine}: the launch got ${got.size} sources, the baseline ${expected.size}`,
      );
    }
    console.log(
      `${engine}: ${SOURCES} sources, ${GRANTS} grants loaded in ${loadSeconds.toFixed(
        1,
      )} s; a person in ${GROUPS_PER_PERSON} of ${GROUPS} groups gets ${(
        given / RUNS
      ).toFixed(
        1,
      )} sources on average (the first ${BASELINE_RUNS} people through the baseline: ${(
        baselineGiven / BASELINE_RUNS
      ).toFixed(1)})`,
    );
    console.log(
      `${engine}: launch data (preview) p50 / p95 ${ms(preview.p50)} / ${ms(
        preview.p95,
      )}  goal p95 < 20 ms: ${preview.p95 < 20 ? 'met' : 'NOT met'}`,
    );
    console.log(
      `${engine}: recorded launch (record + sign) p50 / p95 ${ms(
        record.p50,
      )} / ${ms(record.p95)}`,
    );
    console.log(
      `${engine}: baseline (all open grants per launch) p50 / p95 ${ms(
        baseline.p50,
      )} / ${ms(baseline.p95)}; ratio baseline / launch p95 ${(
        baseline.p95 / preview.p95
      ).toFixed(1)}x`,
    );
  } finally {
    await drop();
  }
}

console.log(
  `data-access bench (${smoke ? 'smoke' : 'full'}), load average ${loadavg()
    .map(x => x.toFixed(1))
    .join(' ')}`,
);
for (const engine of ENGINES) await bench(engine);

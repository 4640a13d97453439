#!/usr/bin/env node
// Benchmark: the conda-store catalog provider (#17), against the conda-store test server
// in its own process (real HTTP, conda-store's page size of 100).
//   1. full sync of 2,000 environments with 20,000 builds: every environment (v2
//      cursor pages), every build (v1 pages), each current build with its
//      specification and packages, one full catalog mutation.
//   2. incremental sync after 10 changed builds (10 specifications submitted and built):
//      builds read newest first down to the last one seen; target < 2 s. Baseline: a
//      second full sync of the same store in the same run.
//
//   node bench/conda-store.mjs                      full: 2,000 environments, 20,000 builds
//   ATRIUM_BENCH_SCALE=smoke node bench/...         quick: 200 environments, 2,000 builds
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { require, rerunUnderTransform, root } from './lib.mjs';

const transform = require.resolve(
  '@backstage/cli-node/config/nodeTransform.cjs',
);

// The plugins are TypeScript: run again under Backstage's node transform.
rerunUnderTransform(import.meta.url);

const smoke = process.env.ATRIUM_BENCH_SCALE === 'smoke';
const ENVIRONMENTS = smoke ? 200 : 2000;
const BUILDS_EACH = 10;
const CHANGED = 10;
const TOKEN = 'bench-token';

const { CondaStoreClient } = require(join(
  root,
  'plugins/environments-node/src/index.ts',
));
const { CondaStoreEntityProvider } = require(join(
  root,
  'plugins/catalog-backend-module-conda-store/src/CondaStoreEntityProvider.ts',
));

function startServer() {
  const child = spawn(
    process.execPath,
    [
      '--require',
      transform,
      join(root, 'packages/conda-store-test-server/src/cli.ts'),
      '--token',
      TOKEN,
      '--seed',
      `scale:${ENVIRONMENTS}:${BUILDS_EACH}`,
      '--queue-ms',
      '50',
      '--build-ms',
      '100',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolvePromise, reject) => {
    let out = '';
    child.on('exit', code =>
      reject(new Error(`conda-store test server exited (${code})`)),
    );
    child.stdout.on('data', chunk => {
      out += chunk;
      const match = /listening on (\S+)/.exec(out);
      if (match) resolvePromise({ url: match[1], child });
    });
  });
}

const logger = {
  info() {},
  warn: m => console.error(m),
  error: m => console.error(m),
  debug() {},
  child() {
    return logger;
  },
};
let entitiesApplied = 0;
const connection = {
  async applyMutation(mutation) {
    entitiesApplied +=
      mutation.type === 'full'
        ? mutation.entities.length
        : mutation.added.length;
  },
  async refresh() {},
};
const ms = v => `${Math.round(v)} ms`;
const mib = () => `${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`;

const seedStarted = Date.now();
const { url, child } = await startServer();
let failed = false;
try {
  console.log(
    `conda-store test server with ${ENVIRONMENTS} environments, ${
      ENVIRONMENTS * BUILDS_EACH
    } builds seeded in ${ms(Date.now() - seedStarted)} (${url})`,
  );
  const client = new CondaStoreClient({ url, token: TOKEN });
  const provider = new CondaStoreEntityProvider({
    client,
    logger,
    fullSyncEvery: 1000,
    owners: {
      platformOwner: 'group:default/platform-ops',
      namespaceOwners: {},
    },
  });
  await provider.connect(connection);

  const full = await provider.run();
  if (full.kind !== 'full') throw new Error(`full sync failed: ${full.error}`);
  console.log(
    `full sync: ${full.environments} environments, ${
      full.builds
    } builds, ${entitiesApplied} entities in ${ms(
      full.durationMs,
    )} (RSS ${mib()})`,
  );

  // 10 changed builds: new specifications for 10 environments, built to the end.
  const environments = await client.listEnvironments();
  const ids = [];
  for (let i = 0; i < CHANGED; i++) {
    const environment = environments[(i * 37) % environments.length];
    const build = await client.getBuild(environment.current_build_id);
    ids.push(
      await client.submitSpecification(environment.namespace.name, {
        ...build.specification.spec,
        dependencies: [...build.specification.spec.dependencies, 'xarray'],
      }),
    );
  }
  for (const id of ids) {
    while ((await client.getBuild(id)).status !== 'COMPLETED')
      await new Promise(r => setTimeout(r, 50));
  }
  entitiesApplied = 0;
  const delta = await provider.run();
  if (delta.kind !== 'delta')
    throw new Error(`incremental sync failed: ${delta.error ?? delta.kind}`);
  const within = delta.durationMs < 2000;
  failed ||= !within || delta.changed !== CHANGED;
  console.log(
    `incremental sync after ${CHANGED} changed builds: ${ms(
      delta.durationMs,
    )} (target < 2000 ms: ${within ? 'met' : 'MISSED'}), ${
      delta.changed
    } environments emitted, ${delta.builds} builds read`,
  );

  const baseline = new CondaStoreEntityProvider({
    client,
    logger,
    fullSyncEvery: 1,
    owners: {
      platformOwner: 'group:default/platform-ops',
      namespaceOwners: {},
    },
  });
  await baseline.connect(connection);
  const again = await baseline.run();
  console.log(
    `baseline, a full sync of the same store: ${ms(
      again.durationMs,
    )} | incremental ${(again.durationMs / delta.durationMs).toFixed(
      0,
    )}x faster`,
  );
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  child.kill('SIGTERM');
}
process.exit(failed ? 1 : 0);

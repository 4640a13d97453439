#!/usr/bin/env node
// Benchmark: the cluster overview from platform-health's watch-based cache, against
// computing the same overview by listing everything from the API server on each request.
//
// A Kubernetes API test server (packages/kube-test-server, in a child process so its
// memory is not counted here) holds a generated cluster; this process runs the plugin's
// ClusterService on it and measures, in the same run:
//   1. initial sync: from start() until every collection is listed (paged) and watched
//   2. memory the cache holds (heap and RSS after sync, minus before; run with
//      --expose-gc for settled figures)
//   3. overview p50/p95 from the warm cache: unchanged cluster (the memoized answer),
//      and recomputed from the cache after a change arrives through the watch
//   4. the baseline: list nodes, pods, events, quotas, namespaces, deployments,
//      statefulsets and metrics.k8s.io over HTTP, then compute the overview, per request
// and prints the figures and the baseline/cache ratios. Sized for 2 cores:
//   node bench/platform-health.mjs                 full: 5,000 nodes, 150,000 pods
//   ATRIUM_BENCH_SCALE=smoke node bench/...         quick: 50 nodes, 1,500 pods
// Run it with the repo's Node 22: `source scripts/toolchain.sh && node --expose-gc bench/platform-health.mjs`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'packages/backend/package.json'));
const smoke = process.env.ATRIUM_BENCH_SCALE === 'smoke';
const N = smoke
  ? {
      nodes: 50,
      pods: 1500,
      namespaces: 10,
      cached: 200,
      changed: 20,
      baseline: 10,
    }
  : {
      nodes: 5000,
      pods: 150000,
      namespaces: 200,
      cached: 200,
      changed: 10,
      baseline: 3,
    };

// TypeScript sources of the workspace packages load through Backstage's transform.
require('@backstage/cli-node/config/nodeTransform.cjs');
const { ClusterService } = require(join(
  root,
  'plugins/platform-health-backend/src/kubernetes/ClusterService.ts',
));
const { WATCHED } = require(join(
  root,
  'plugins/platform-health-backend/src/kubernetes/clusterSnapshot.ts',
));
const { computeOverview } = require(join(
  root,
  'plugins/platform-health-backend/src/kubernetes/overview.ts',
));

const ms = n => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
const mib = n => `${(n / 2 ** 20).toFixed(0)} MiB`;
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
async function timed(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
const gc = () => globalThis.gc?.();

/** The test server in its own process; resolves with its URL and a way to change a pod. */
function startServer() {
  const script = `
    const { startKubeTestServer } = require(${JSON.stringify(
      join(root, 'packages/kube-test-server/src/index.ts'),
    )});
    (async () => {
      const server = await startKubeTestServer({ token: 'bench-token', seed: 'empty' });
      const started = Date.now();
      server.generate(${JSON.stringify({
        nodes: N.nodes,
        pods: N.pods,
        namespaces: N.namespaces,
        // Pods as big as real ones (managedFields and all), so the cache's memory is real.
        realSize: true,
      })});
      const podBytes = JSON.stringify(server.list('v1', 'Pod')[0]).length;
      process.stdout.write(JSON.stringify({ url: server.url, generatedMs: Date.now() - started, podBytes }) + '\\n');
      process.stdin.on('data', () => {
        // Any input: make one pod crash-loop (a change the cache must pick up).
        const pods = server.list('v1', 'Pod');
        const pod = pods[Math.floor(Math.random() * pods.length)];
        try { server.faults.crashLoop(pod.metadata.namespace, pod.metadata.name); } catch {}
        process.stdout.write('changed\\n');
      });
    })();`;
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=8192',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      '-e',
      script,
    ],
    {
      cwd: join(root, 'packages/kube-test-server'),
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let buffer = '';
  const waiters = [];
  child.stdout.on('data', chunk => {
    buffer += chunk;
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      waiters.shift()?.(line);
    }
  });
  const nextLine = () => new Promise(r => waiters.push(r));
  return nextLine().then(line => ({
    ...JSON.parse(line),
    change: async () => {
      const done = nextLine();
      child.stdin.write('x\n');
      await done;
    },
    stop: () => child.kill('SIGTERM'),
  }));
}

const logger = {
  debug() {},
  info() {},
  warn() {},
  error: console.error,
  child() {
    return logger;
  },
};

async function main() {
  console.log(
    `platform-health benchmark (${
      smoke ? 'smoke' : 'full'
    }): ${N.nodes.toLocaleString()} nodes, ${N.pods.toLocaleString()} pods`,
  );
  const server = await startServer();
  console.log(
    `  test server generated the cluster in ${ms(
      server.generatedMs,
    )} (a pod is ${(server.podBytes / 1024).toFixed(
      1,
    )} KB of JSON, managedFields included)`,
  );
  try {
    const config = {
      clusters: [
        {
          name: 'bench',
          title: 'Benchmark cluster',
          simulated: true,
          connection: {
            type: 'url',
            url: server.url,
            token: 'bench-token',
            skipTLSVerify: false,
          },
        },
      ],
      requestTimeoutMs: 120_000,
      staleAfterMs: 600_000,
      heartbeatIntervalMs: 10_000,
      metricsIntervalMs: 30_000,
    };
    gc();
    const before = process.memoryUsage();
    const clusters = new ClusterService(config, logger);
    const cache = clusters.get('bench');
    const syncStart = performance.now();
    clusters.start();
    if (!(await cache.waitForSync(600_000)))
      throw new Error('the cache did not sync');
    const syncMs = performance.now() - syncStart;
    // Wait for the first metrics.k8s.io poll too, so every overview has the same inputs.
    while (!cache.snapshot().metrics?.collectedAt)
      await new Promise(r => setTimeout(r, 50));
    gc();
    const after = process.memoryUsage();

    const first = clusters.overview('bench');
    if (first.cluster.pods.total !== N.pods || first.totals.nodes !== N.nodes) {
      throw new Error(
        `the cache holds ${first.cluster.pods.total} pods and ${first.totals.nodes} nodes`,
      );
    }

    const cached = [];
    for (let i = 0; i < N.cached; i++)
      cached.push(await timed(() => clusters.overview('bench')));

    const changed = [];
    for (let i = 0; i < N.changed; i++) {
      const version = cache.version;
      await server.change();
      while (cache.version === version)
        await new Promise(r => setTimeout(r, 5));
      // The recomputation itself (the route reuses an overview for up to a second).
      const summary = {
        name: 'bench',
        title: 'bench',
        simulated: true,
        freshness: cache.freshness(),
      };
      changed.push(
        await timed(() => computeOverview(summary, cache.snapshot())),
      );
    }

    // Baseline: list everything from the API server, then compute, for each request.
    const summary = {
      name: 'bench',
      title: 'bench',
      simulated: true,
      freshness: { stale: false },
    };
    const baseline = [];
    let baselineOverview;
    for (let i = 0; i < N.baseline; i++) {
      baseline.push(
        await timed(async () => {
          const lists = await Promise.all(
            Object.values(WATCHED).map(path => cache.http.listAll(path)),
          );
          const [nodeMetrics, podMetrics] = await Promise.all([
            cache.http.getJson('/apis/metrics.k8s.io/v1beta1/nodes'),
            cache.http.getJson('/apis/metrics.k8s.io/v1beta1/pods'),
          ]);
          const keys = Object.keys(WATCHED);
          const snapshot = Object.fromEntries(
            keys.map((k, j) => [k, lists[j].items]),
          );
          snapshot.metrics = {
            nodes: nodeMetrics.items,
            pods: podMetrics.items,
            collectedAt: new Date().toISOString(),
          };
          baselineOverview = computeOverview(summary, snapshot);
        }),
      );
    }
    // The cache follows watch events: give it a few seconds to catch up with the
    // lists before calling a difference a disagreement.
    let cachedProblemPods = clusters.overview('bench').problemPodsTotal;
    for (
      let waited = 0;
      cachedProblemPods !== baselineOverview.problemPodsTotal && waited < 10_000;
      waited += 200
    ) {
      await new Promise(resolve => setTimeout(resolve, 200));
      cachedProblemPods = clusters.overview('bench').problemPodsTotal;
    }
    if (baselineOverview.problemPodsTotal !== cachedProblemPods) {
      throw new Error(
        `the baseline and the cache disagree on the problem pods (${baselineOverview.problemPodsTotal} listed, ${cachedProblemPods} cached)`,
      );
    }

    const p50 = v => quantile(v, 0.5);
    const p95 = v => quantile(v, 0.95);
    console.log(`  initial sync (list + watch 7 collections): ${ms(syncMs)}`);
    console.log(
      `  memory held by the cache: heap +${mib(
        after.heapUsed - before.heapUsed,
      )}, rss +${mib(after.rss - before.rss)} (rss now ${mib(after.rss)})${
        globalThis.gc ? '' : ' (run with --expose-gc for settled figures)'
      }`,
    );
    console.log(
      `  overview from the warm cache, unchanged cluster (${
        N.cached
      }x): p50 ${ms(p50(cached))}, p95 ${ms(p95(cached))}`,
    );
    console.log(
      `  overview recomputed from the cache after a watched change (${
        N.changed
      }x): p50 ${ms(p50(changed))}, p95 ${ms(p95(changed))}`,
    );
    console.log(
      `  baseline: list everything + compute per request (${
        N.baseline
      }x): p50 ${ms(p50(baseline))}, p95 ${ms(p95(baseline))}`,
    );
    console.log(
      `  ratio baseline/cache (p50): ${(p50(baseline) / p50(changed)).toFixed(
        0,
      )}x after a change, ${(
        p50(baseline) / Math.max(p50(cached), 0.001)
      ).toFixed(0)}x unchanged`,
    );
    await clusters.stop();
  } finally {
    server.stop();
  }
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

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
//   5. a workspace diagnosis (issue #15; N.workspaces of the pods are KubeSpawner
//      single-user pods, a tenth unschedulable, a tenth crash-looping): from the cache's
//      label index, against a label-selector list of pods (plus the pod's events and
//      node) from the API server per request, then the same diagnosis
// and prints the figures and the baseline/cache ratios. Sized for 2 cores:
//   node bench/platform-health.mjs                 full: 5,000 nodes, 150,000 pods
//   ATRIUM_BENCH_SCALE=smoke node bench/...         quick: 50 nodes, 1,500 pods
//   ATRIUM_BENCH_SCALE=mid node bench/...           1,000 nodes, 30,000 pods (to profile)
// Run it with the repo's Node 22: `source scripts/toolchain.sh && node --expose-gc bench/platform-health.mjs`.
import { execSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'packages/backend/package.json'));
const scale = process.env.ATRIUM_BENCH_SCALE ?? 'full';
const smoke = scale === 'smoke';
const N = smoke
  ? {
      nodes: 50,
      pods: 1500,
      namespaces: 10,
      cached: 200,
      changed: 20,
      baseline: 10,
      rate: 200,
      streamMs: 3000,
      pageSize: 100,
      slowPageMs: 300,
      workspaces: 50,
      diagnoses: 200,
      diagnoseBaseline: 20,
    }
  : scale === 'mid'
  ? {
      // A fifth of the full size: quick enough to profile (`node --cpu-prof`).
      nodes: 1000,
      pods: 30000,
      namespaces: 40,
      cached: 200,
      changed: 10,
      baseline: 3,
      rate: 200,
      streamMs: 10_000,
      pageSize: 5000,
      slowPageMs: 7_000,
      workspaces: 400,
      diagnoses: 500,
      diagnoseBaseline: 20,
    }
  : {
      nodes: 5000,
      pods: 150000,
      namespaces: 200,
      cached: 200,
      changed: 10,
      baseline: 3,
      rate: 200,
      streamMs: 20_000,
      pageSize: 5000,
      slowPageMs: 35_000,
      workspaces: 2000,
      diagnoses: 500,
      diagnoseBaseline: 20,
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
const { KubeHttpClient } = require(join(
  root,
  'plugins/platform-health-backend/src/kubernetes/KubeHttpClient.ts',
));
const { kubeConfigFor } = require(join(
  root,
  'plugins/platform-health-backend/src/kubernetes/kubeConfig.ts',
));
const { computeOverview } = require(join(
  root,
  'plugins/platform-health-backend/src/kubernetes/overview.ts',
));
const { diagnoseWorkspacePod } = require(join(
  root,
  'plugins/platform-health-backend/src/kubernetes/workspaceDiagnoser.ts',
));
const { diagnose, DEFAULT_SPAWN_TIMEOUT_MS } = require(join(
  root,
  'plugins/platform-health-backend/src/kubernetes/workspaceDiagnosis.ts',
));
const { podFacts } = require(join(
  root,
  'plugins/platform-health-backend/src/kubernetes/workspacePodFacts.ts',
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
        pods: N.pods - N.workspaces,
        namespaces: N.namespaces,
        // Pods as big as real ones (managedFields and all), so the cache's memory is real.
        realSize: true,
      })});
      // JupyterHub's single-user pods, labelled as KubeSpawner does, made from a
      // generated pod (same size): a tenth cannot be scheduled, a tenth crash-loop.
      server.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'jhub' } });
      const template = server.list('v1', 'Pod', 'team-001')[0];
      for (let i = 0; i < ${N.workspaces}; i++) {
        const pod = structuredClone(template);
        const name = 'jupyter-user-' + i;
        const { uid, resourceVersion, ownerReferences, ...metadata } = pod.metadata;
        pod.metadata = {
          ...metadata,
          name,
          namespace: 'jhub',
          labels: { app: 'jupyterhub', component: 'singleuser-server', heritage: 'jupyterhub', 'hub.jupyter.org/username': 'user-' + i, 'hub.jupyter.org/servername': '' },
          annotations: { ...metadata.annotations, 'hub.jupyter.org/username': 'user-' + i },
        };
        pod.spec.containers[0].name = 'notebook';
        if (pod.status.containerStatuses?.[0]) pod.status.containerStatuses[0].name = 'notebook';
        server.apply(pod);
        if (i % 10 === 1) server.faults.pendingUnschedulable('jhub', name);
        if (i % 10 === 2) server.faults.crashLoop('jhub', name);
      }
      const podBytes = JSON.stringify(server.list('v1', 'Pod')[0]).length;
      process.stdout.write(JSON.stringify({ url: server.url, generatedMs: Date.now() - started, podBytes }) + '\\n');
      // One command a line: change | stream <per second> | expire | slow <ms> <every> | fast
      let stream;
      let buffered = '';
      const pods = server.list('v1', 'Pod').map(p => [p.metadata.namespace, p.metadata.name]);
      globalThis.gc?.();
      let tick = 0;
      const touch = () => {
        // A pod changes the way most watch events do: a status or label update.
        const [namespace, name] = pods[Math.floor(Math.random() * pods.length)];
        const pod = server.get('v1', 'Pod', namespace, name);
        if (!pod) return;
        pod.metadata.labels = { ...pod.metadata.labels, 'bench/tick': String(++tick) };
        server.apply(pod);
      };
      process.stdin.on('data', chunk => {
        buffered += chunk;
        let i;
        while ((i = buffered.indexOf('\\n')) >= 0) {
          const [command, a, b] = buffered.slice(0, i).split(' ');
          buffered = buffered.slice(i + 1);
          if (command === 'change') {
            // Make one pod crash-loop (a change the cache must pick up).
            const [namespace, name] = pods[Math.floor(Math.random() * pods.length)];
            try { server.faults.crashLoop(namespace, name); } catch {}
          } else if (command === 'stream') {
            clearInterval(stream);
            const perSecond = Number(a);
            // Every 50 ms a twentieth of the changes of a second.
            if (perSecond > 0) stream = setInterval(() => { for (let n = 0; n < perSecond / 20; n++) touch(); }, 50);
          } else if (command === 'expire') {
            server.faults.dropWatches({ expire: true });
          } else if (command === 'slow') {
            server.faults.slowList('pods', Number(a), { every: Number(b) });
          } else if (command === 'traffic') {
            // just the traffic
          } else if (command === 'fast') {
            server.faults.slowList('pods', 0);
          }
          process.stdout.write(JSON.stringify({ done: command, traffic: server.traffic('pods') }) + '\\n');
        }
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
    command: async line => {
      const done = nextLine();
      child.stdin.write(`${line}\n`);
      return JSON.parse(await done);
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

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Samples this process's RSS until `until` resolves; returns the peak. */
async function rssPeakDuring(until) {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    await until();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage.rss());
}

async function main() {
  console.log(
    `platform-health benchmark (${scale}): ${N.nodes.toLocaleString()} nodes, ${N.pods.toLocaleString()} pods`,
  );
  console.log(`  machine: ${execSync('uptime').toString().trim()}`);
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
      // The default request deadline at smoke scale; list pages get more, sized to the
      // page. Full scale on a shared 2-core machine gets a longer one.
      requestTimeoutMs: smoke ? 5_000 : 30_000,
      staleAfterMs: 600_000,
      heartbeatIntervalMs: 10_000,
      metricsIntervalMs: 30_000,
    };
    gc();
    const before = process.memoryUsage();
    const clusters = new ClusterService(config, logger, N.pageSize);
    const cache = clusters.get('bench');
    const syncStart = performance.now();
    clusters.start();
    // On a shared machine the full sync takes a while: say how it goes.
    const progress = setInterval(() => {
      const { error } = cache.freshness();
      console.log(
        `  ... ${((performance.now() - syncStart) / 1000).toFixed(0)} s: ${
          error ?? 'synced'
        }; rss ${mib(process.memoryUsage.rss())}`,
      );
    }, 60_000);
    const synced = await cache.waitForSync(1_500_000);
    clearInterval(progress);
    if (!synced) throw new Error('the cache did not sync');
    const syncMs = performance.now() - syncStart;
    // Wait for the first metrics.k8s.io poll too, so every overview has the same inputs.
    while (!cache.snapshot({ withPods: false }).metrics?.collectedAt)
      await sleep(50);
    gc();
    const after = process.memoryUsage();

    /** Expires every resourceVersion and waits until the pods are listed and watched again. */
    const relist = async () => {
      const firstPagesBefore = (await server.command('fast')).traffic
        .firstPages;
      await server.command('expire');
      for (;;) {
        await sleep(50);
        const { traffic } = await server.command('traffic');
        if (
          traffic.firstPages > firstPagesBefore &&
          traffic.listsInFlight === 0 &&
          traffic.openWatches === 1 &&
          cache.overviewInputs().pods.total === N.pods
        )
          return traffic;
      }
    };
    // Before the baseline, whose whole-object lists would leave this process's RSS
    // high: the peak is then the relist's own.
    gc();
    const relistStartRss = process.memoryUsage.rss();
    const relistStart = performance.now();
    const relistPeak = await rssPeakDuring(relist);
    const relistMs = performance.now() - relistStart;

    const first = clusters.overview('bench');
    if (first.cluster.pods.total !== N.pods || first.totals.nodes !== N.nodes) {
      throw new Error(
        `the cache holds ${first.cluster.pods.total} pods and ${first.totals.nodes} nodes`,
      );
    }
    const summary = {
      name: 'bench',
      title: 'bench',
      simulated: true,
      freshness: { stale: false },
    };
    /** The overview from the aggregates kept per watch event (what the route computes). */
    const recompute = () => {
      const { snapshot, pods } = cache.overviewInputs();
      return computeOverview(summary, snapshot, pods);
    };

    const cached = [];
    for (let i = 0; i < N.cached; i++)
      cached.push(await timed(() => clusters.overview('bench')));

    // After one change: from the aggregates, and (the way before) one pass over every pod.
    const changed = [];
    const fullPass = [];
    for (let i = 0; i < N.changed; i++) {
      const version = cache.version;
      await server.command('change');
      while (cache.version === version) await sleep(5);
      changed.push(await timed(recompute));
      fullPass.push(
        await timed(() => computeOverview(summary, cache.snapshot())),
      );
    }

    // A steady stream of pod changes through the watch, with page views meanwhile: the
    // route (which reuses an overview for up to a second) every 50 ms, and the
    // recomputation from the aggregates every 200 ms.
    const versionBefore = cache.version;
    await server.command(`stream ${N.rate}`);
    await sleep(1000);
    const streamStart = performance.now();
    const versionAtStart = cache.version;
    const routeUnderStream = [];
    const recomputeUnderStream = [];
    for (let i = 0; performance.now() - streamStart < N.streamMs; i++) {
      routeUnderStream.push(await timed(() => clusters.overview('bench')));
      if (i % 4 === 0) recomputeUnderStream.push(await timed(recompute));
      await sleep(50);
    }
    const streamSeconds = (performance.now() - streamStart) / 1000;
    const changesPerSecond = (cache.version - versionAtStart) / streamSeconds;
    await server.command('stream 0');
    if (cache.version - versionBefore < N.rate) {
      throw new Error('the cache did not follow the stream of changes');
    }

    // Baseline: list everything from the API server, then compute, for each request
    // (with a generous deadline: on a busy machine the whole list takes its time).
    const baselineHttp = new KubeHttpClient(
      kubeConfigFor(config.clusters[0]),
      120_000,
    );
    const baseline = [];
    let baselineOverview;
    for (let i = 0; i < N.baseline; i++) {
      baseline.push(
        await timed(async () => {
          const lists = await Promise.all(
            Object.values(WATCHED).map(path => baselineHttp.listAll(path)),
          );
          const [nodeMetrics, podMetrics] = await Promise.all([
            baselineHttp.getJson('/apis/metrics.k8s.io/v1beta1/nodes'),
            baselineHttp.getJson('/apis/metrics.k8s.io/v1beta1/pods'),
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
    let cachedProblemPods = recompute().problemPodsTotal;
    for (
      let waited = 0;
      cachedProblemPods !== baselineOverview.problemPodsTotal &&
      waited < 10_000;
      waited += 200
    ) {
      await sleep(200);
      cachedProblemPods = recompute().problemPodsTotal;
    }
    if (baselineOverview.problemPodsTotal !== cachedProblemPods) {
      throw new Error(
        `the baseline and the cache disagree on the problem pods (${baselineOverview.problemPodsTotal} listed, ${cachedProblemPods} cached)`,
      );
    }

    // A relist over a lossy link: one page in ten is slow (past the request deadline,
    // within the page's).
    await server.command(`slow ${N.slowPageMs} 10`);
    const slowStart = performance.now();
    const trafficBefore = (await server.command('traffic')).traffic;
    const { traffic: slowTraffic } = await (async () => {
      await server.command('expire');
      for (;;) {
        await sleep(50);
        const reply = await server.command('traffic');
        const t = reply.traffic;
        if (
          t.firstPages > trafficBefore.firstPages &&
          t.listsInFlight === 0 &&
          t.openWatches === 1 &&
          cache.overviewInputs().pods.total === N.pods
        )
          return reply;
      }
    })();
    const slowMs = performance.now() - slowStart;
    await server.command('fast');
    const slowPages = slowTraffic.lists - trafficBefore.lists;
    const slowRestarts = slowTraffic.firstPages - trafficBefore.firstPages;

    // A workspace diagnosis: from the cache (what the route does, without the log
    // read, which is one call to the cluster either way), against listing the pod by
    // its labels, its events and its node from the API server per request.
    const user = i => `user-${(i * 7919) % N.workspaces}`;
    const diagnosedCached = [];
    for (let i = 0; i < N.diagnoses; i++) {
      let found;
      diagnosedCached.push(
        await timed(async () => {
          found = await diagnoseWorkspacePod(clusters, user(i), '', {
            withLogs: false,
          });
        }),
      );
      if (!found.diagnosis.pod) {
        throw new Error(
          `no pod found for ${user(i)}: ${found.diagnosis.missing}`,
        );
      }
    }
    const diagnosedListed = [];
    for (let i = 0; i < N.diagnoseBaseline; i++) {
      diagnosedListed.push(
        await timed(async () => {
          const { items } = await baselineHttp.getJson('/api/v1/pods', {
            labelSelector: `component=singleuser-server,hub.jupyter.org/username=${user(
              i,
            )},hub.jupyter.org/servername=`,
          });
          if (items.length !== 1)
            throw new Error(`${items.length} pods listed for ${user(i)}`);
          const pod = items[0];
          const [events, node] = await Promise.all([
            baselineHttp.getJson('/api/v1/namespaces/jhub/events', {
              fieldSelector: `involvedObject.name=${pod.metadata.name}`,
            }),
            pod.spec.nodeName
              ? baselineHttp.getJson(`/api/v1/nodes/${pod.spec.nodeName}`)
              : undefined,
          ]);
          podFacts('bench', pod, events.items, node);
          diagnose(pod, events.items, {
            cluster: 'bench',
            node: () => node,
            nodes: () => [],
            gpuPods: () => [],
            memoryRequestedOn: () => 0,
            now: Date.now(),
            spawnTimeoutMs: DEFAULT_SPAWN_TIMEOUT_MS,
          });
        }),
      );
    }

    const p50 = v => quantile(v, 0.5);
    const p95 = v => quantile(v, 0.95);
    console.log(`  initial sync (list + watch 7 collections): ${ms(syncMs)}`);
    console.log(
      `  memory held by the cache: heap +${mib(
        after.heapUsed - before.heapUsed,
      )}, rss +${mib(after.rss - before.rss)}; RSS after sync ${mib(
        after.rss,
      )}${globalThis.gc ? '' : ' (run with --expose-gc for settled figures)'}`,
    );
    console.log(
      `  relist of everything (all versions expired): ${ms(
        relistMs,
      )}, RSS ${mib(relistStartRss)} before, peak ${mib(relistPeak)}`,
    );
    console.log(
      `  relist with one page in ten slow (${N.slowPageMs / 1000} s, ${
        N.slowPageMs > config.requestTimeoutMs ? 'past' : 'within'
      } the ${config.requestTimeoutMs / 1000} s request deadline): ${ms(
        slowMs,
      )}, ${slowPages} pod pages asked for, ${slowRestarts} list started from page 1 -> completed`,
    );
    console.log(
      `  overview from the warm cache, unchanged cluster (${
        N.cached
      }x): p50 ${ms(p50(cached))}, p95 ${ms(p95(cached))}`,
    );
    console.log(
      `  overview recomputed after a watched change (${
        N.changed
      }x): from the aggregates p50 ${ms(p50(changed))}, p95 ${ms(
        p95(changed),
      )}; one pass over every pod (before) p50 ${ms(p50(fullPass))}, p95 ${ms(
        p95(fullPass),
      )}`,
    );
    console.log(
      `  under a stream of ${changesPerSecond.toFixed(
        0,
      )} pod changes/s for ${streamSeconds.toFixed(0)} s: overview route (${
        routeUnderStream.length
      }x) p50 ${ms(p50(routeUnderStream))}, p95 ${ms(
        p95(routeUnderStream),
      )}; recomputation (${recomputeUnderStream.length}x) p50 ${ms(
        p50(recomputeUnderStream),
      )}, p95 ${ms(p95(recomputeUnderStream))}`,
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
        p50(baseline) / Math.max(p50(routeUnderStream), 0.001)
      ).toFixed(0)}x under the stream (route), ${(
        p50(baseline) / Math.max(p50(cached), 0.001)
      ).toFixed(0)}x unchanged`,
    );
    console.log(
      `  workspace diagnosis (${N.workspaces.toLocaleString()} single-user pods among ${N.pods.toLocaleString()}): from the cache's label index (${
        N.diagnoses
      }x) p50 ${ms(p50(diagnosedCached))}, p95 ${ms(
        p95(diagnosedCached),
      )} (goal < 20 ms); a label-selector list + events + node per request (${
        N.diagnoseBaseline
      }x) p50 ${ms(p50(diagnosedListed))}, p95 ${ms(p95(diagnosedListed))}`,
    );
    console.log(
      `  ratio list/cache for a diagnosis: p50 ${(
        p50(diagnosedListed) / Math.max(p50(diagnosedCached), 0.001)
      ).toFixed(0)}x, p95 ${(
        p95(diagnosedListed) / Math.max(p95(diagnosedCached), 0.001)
      ).toFixed(0)}x`,
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

import {
  startKubeTestServer,
  type KubeObject,
  type KubeTestServer,
} from '@internal/kube-test-server';
import type { ClusterOverview } from '@internal/plugin-platform-health-common';
import { PLATFORM_OBJECTS } from '../__testUtils__/platformCluster';
import type { ClusterCache } from './ClusterCache';
import { eventually, startCache, stopCaches } from './__testUtils__/cacheFor';
import { computeOverview } from './overview';

jest.setTimeout(30_000);

const summary = {
  name: 'demo',
  title: 'Demo',
  simulated: true,
  freshness: { stale: false },
};

/**
 * The overview as the route computes it (pod aggregates kept per watch event, node facts
 * and metrics usage kept per object), and the same overview from a deep copy of the
 * cache's objects: new objects have nothing kept with them, so the copy's overview is
 * computed from scratch. Both are taken in one turn of the event loop (same state).
 */
function bothOverviews(
  cache: ClusterCache,
): [ClusterOverview, ClusterOverview] {
  const { snapshot, pods } = cache.overviewInputs();
  const incremental = computeOverview(summary, snapshot, pods);
  const fromScratch = computeOverview(
    summary,
    structuredClone(cache.snapshot()),
  );
  return [incremental, fromScratch];
}

function expectSameAsFromScratch(cache: ClusterCache) {
  const [incremental, fromScratch] = bothOverviews(cache);
  expect(incremental).toEqual(fromScratch);
  return incremental;
}

function extraPod(name: string, nodeName: string, cpu: string): KubeObject {
  const template = PLATFORM_OBJECTS.find(
    o => o.metadata.name === 'grafana-84c-z3',
  )!;
  const copy = structuredClone(template);
  copy.metadata = { ...copy.metadata, name };
  (copy.spec as any).nodeName = nodeName;
  (copy.spec as any).containers[0].resources.requests = {
    cpu,
    memory: '300Mi',
  };
  return copy;
}

describe('an overview from what the cache keeps per object and per event', () => {
  let kube: KubeTestServer;
  beforeEach(async () => {
    kube = await startKubeTestServer({
      seed: { objects: PLATFORM_OBJECTS },
      bookmarkIntervalMs: 100,
    });
  });
  afterEach(async () => {
    await stopCaches();
    await kube.close();
  });

  it('equals the overview computed from scratch after each of a series of pod, node and metrics changes', async () => {
    // Metrics every 50 ms: each poll replaces the usage the overview sums once per poll.
    const cache = startCache(kube, { metricsIntervalMs: 50 });
    expect(await cache.waitForSync(10_000)).toBe(true);
    await eventually(() =>
      expect(cache.snapshot().metrics?.collectedAt).toBeDefined(),
    );
    const first = expectSameAsFromScratch(cache);
    expect(first.metrics.available).toBe(true);
    expect(first.totals.used?.cpu).toBeGreaterThan(0);
    const devUsedBefore = first.namespaces.find(n => n.name === 'dev')!.used!
      .cpu;

    // Pods added on every node: requests change at once, usage with the next poll.
    for (let i = 0; i < 12; i++) {
      kube.apply(extraPod(`extra-${i}`, `node-${'abc'[i % 3]}`, '0.3'));
    }
    await eventually(() => {
      const [incremental] = bothOverviews(cache);
      expect(incremental.cluster.pods.total).toBe(4 + 12);
      expect(
        incremental.namespaces.find(n => n.name === 'dev')!.used!.cpu,
      ).toBeGreaterThan(devUsedBefore);
    });
    expectSameAsFromScratch(cache);

    // A node goes down: its readiness, its reason and its pods' problems change.
    kube.faults.nodeNotReady('node-b');
    const down = await eventually(() => {
      const [incremental] = bothOverviews(cache);
      const nodeB = incremental.nodes.find(n => n.name === 'node-b')!;
      expect(nodeB.ready).toBe(false);
      expect(nodeB.reason).toBeDefined();
      return incremental;
    });
    expect(down.problemPods.map(p => p.reason)).toContain('NodeNotReady');
    expectSameAsFromScratch(cache);

    // A node changes its labels and capacity (a new object from the watch).
    const nodeA = kube.get('v1', 'Node', undefined, 'node-a')!;
    kube.apply({
      ...nodeA,
      metadata: {
        ...nodeA.metadata,
        labels: { 'node-role.kubernetes.io/gpu': '' },
      },
      status: {
        ...(nodeA.status as object),
        capacity: { cpu: '16', memory: '64Gi', pods: '110' },
        allocatable: { cpu: '15800m', memory: '63Gi', pods: '110' },
      },
    });
    const relabelled = await eventually(() => {
      const [incremental] = bothOverviews(cache);
      const a = incremental.nodes.find(n => n.name === 'node-a')!;
      expect(a.roles).toEqual(['gpu']);
      expect(a.allocatable.cpu).toBe(15.8);
      return incremental;
    });
    expect(relabelled.totals.capacity.cpu).toBe(8 + 8 + 16);
    expectSameAsFromScratch(cache);

    // Crashes, deletes, the node back, and a relist that starts everything over.
    kube.faults.crashLoop('dev', 'conda-store-worker-6f7d-y2');
    for (let i = 0; i < 12; i += 3)
      kube.remove('v1', 'Pod', 'dev', `extra-${i}`);
    kube.faults.nodeReady('node-b');
    await eventually(() => {
      const [incremental] = bothOverviews(cache);
      expect(incremental.cluster.pods.total).toBe(4 + 8);
      expect(incremental.nodes.every(n => n.ready)).toBe(true);
      expect(incremental.problemPods.map(p => p.reason)).toContain(
        'CrashLoopBackOff',
      );
    });
    expectSameAsFromScratch(cache);

    kube.faults.dropWatches({ expire: true });
    kube.apply(extraPod('after-relist', 'node-c', '0.25'));
    await eventually(() =>
      expect(bothOverviews(cache)[0].cluster.pods.total).toBe(4 + 9),
    );
    // A few polls later still the same (usage summed once per poll, not per overview).
    const version = cache.version;
    await eventually(() => expect(cache.version).toBeGreaterThan(version + 2));
    expectSameAsFromScratch(cache);
  });
});

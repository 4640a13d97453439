import {
  startKubeTestServer,
  type KubeObject,
  type KubeTestServer,
} from '@internal/kube-test-server';
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

/** The overview from the aggregates the cache keeps per watch event. */
const incremental = (cache: ClusterCache) => {
  const { snapshot, pods } = cache.overviewInputs();
  return computeOverview(summary, snapshot, pods);
};
/** The same overview from one pass over every pod the cache holds. */
const fromScratch = (cache: ClusterCache) =>
  computeOverview(summary, cache.snapshot());

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

describe('the pod aggregates kept per watch event', () => {
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

  it('give the overview one pass over every pod gives, through adds, changes, deletes, a node going down and a relist', async () => {
    const cache = startCache(kube);
    expect(await cache.waitForSync(10_000)).toBe(true);
    expect(incremental(cache)).toEqual(fromScratch(cache));

    // Adds with odd fractions of a core (sums must not drift), a crash, a phase change,
    // a delete and a node that goes down.
    for (let i = 0; i < 30; i++) {
      kube.apply(extraPod(`extra-${i}`, `node-${'abc'[i % 3]}`, '0.1'));
    }
    kube.faults.crashLoop('dev', 'conda-store-worker-6f7d-y2');
    const hub = kube
      .list('v1', 'Pod', 'dev')
      .find(p => p.metadata.name === 'hub-7d9f8-abcde')!;
    kube.apply({ ...hub, status: { ...(hub.status as object), phase: 'Succeeded' } });
    for (let i = 0; i < 30; i += 2) kube.remove('v1', 'Pod', 'dev', `extra-${i}`);
    kube.faults.nodeNotReady('node-c');
    await eventually(() => {
      const overview = incremental(cache);
      expect(overview.cluster.pods.total).toBe(4 + 15);
      expect(overview.podsByPhase).toEqual({ Running: 18, Succeeded: 1 });
      expect(overview.problemPods.map(p => p.reason)).toContain('NodeNotReady');
      expect(overview.problemPods.map(p => p.reason)).toContain(
        'CrashLoopBackOff',
      );
    });
    const after = incremental(cache);
    expect(after).toEqual(fromScratch(cache));
    // 15 extra pods of 0.1 core, 2 of 0.5 less the hub (Succeeded), 1, 0.1: exact.
    const dev = after.namespaces.find(n => n.name === 'dev')!;
    expect(dev.requested.cpu).toBe(3.1);
    expect(dev.pods).toBe(18);

    // A relist (410) starts the aggregates over from the list.
    kube.faults.dropWatches({ expire: true });
    kube.apply(extraPod('after-relist', 'node-a', '0.25'));
    await eventually(() =>
      expect(incremental(cache).cluster.pods.total).toBe(20),
    );
    expect(incremental(cache)).toEqual(fromScratch(cache));
  });
});

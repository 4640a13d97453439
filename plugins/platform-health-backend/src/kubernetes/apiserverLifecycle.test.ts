import { CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import {
  startKubeTestServer,
  type KubeTestServer,
} from '@internal/kube-test-server';
import { PLATFORM_OBJECTS } from '../__testUtils__/platformCluster';
import type { ClusterCache } from './ClusterCache';
import {
  eventually,
  sleep,
  startCache,
  stopCaches,
} from './__testUtils__/cacheFor';
import { computeOverview } from './overview';

jest.setTimeout(30_000);

const GRAFANA = 'grafana-84c-z3';

const podNames = (cache: ClusterCache) =>
  cache
    .list<V1Pod>('pods')
    .map(p => p.metadata?.name)
    .sort();

const problemsOf = (cache: ClusterCache) => {
  const { snapshot, pods } = cache.overviewInputs();
  return computeOverview(
    { name: 'demo', title: 'Demo', simulated: true, freshness: { stale: false } },
    snapshot,
    pods,
  ).problemPods;
};

/** The cache through graceful deletion, compaction and watch timeouts, as a real apiserver does them. */
describe('the cluster cache through an apiserver lifecycle', () => {
  let kube: KubeTestServer;
  afterEach(async () => {
    await stopCaches();
    await kube.close();
  });

  it('shows a pod deleted gracefully as terminating, never as a problem while it stops, then drops it', async () => {
    kube = await startKubeTestServer({
      seed: { objects: PLATFORM_OBJECTS },
      bookmarkIntervalMs: 100,
      podShutdownMs: 1500,
    });
    const cache = startCache(kube);
    expect(await cache.waitForSync(10_000)).toBe(true);
    const kc = new KubeConfig();
    kc.loadFromString(kube.kubeconfig());
    await kc
      .makeApiClient(CoreV1Api)
      .deleteNamespacedPod({ name: GRAFANA, namespace: 'dev' });

    let sawTerminating = false;
    while (podNames(cache).includes(GRAFANA)) {
      const grafana = cache
        .list<V1Pod>('pods', 'dev')
        .find(p => p.metadata?.name === GRAFANA);
      if (grafana?.metadata?.deletionTimestamp) sawTerminating = true;
      expect(problemsOf(cache)).toEqual([]);
      await sleep(25);
    }
    expect(sawTerminating).toBe(true);
    expect(podNames(cache)).toHaveLength(3);
  });

  it('starts a list over when its continue token was compacted away, and completes it', async () => {
    kube = await startKubeTestServer({
      seed: { objects: PLATFORM_OBJECTS },
      bookmarkIntervalMs: 100,
      compactionIntervalMs: 150,
    });
    kube.faults.slowList('pods', 1200, { onlyContinued: true, times: 1 });
    const cache = startCache(kube, { pageSize: 2, requestTimeoutMs: 5000 });
    // The second page is on its way (slowly); a change, then two compactions pass it.
    await eventually(() => expect(kube.traffic('pods').lists).toBe(2));
    kube.faults.nodeNotReady('node-a');
    expect(await cache.waitForSync(15_000)).toBe(true);
    expect(podNames(cache)).toHaveLength(4);
    expect(kube.traffic('pods').firstPages).toBe(2);
  });

  it('lists again when its watch resumes from a version compacted away (no bookmarks moved it on)', async () => {
    kube = await startKubeTestServer({
      seed: { objects: PLATFORM_OBJECTS },
      bookmarkIntervalMs: 60_000,
      compactionIntervalMs: 150,
    });
    const cache = startCache(kube);
    expect(await cache.waitForSync(10_000)).toBe(true);
    await eventually(() => expect(kube.traffic('pods').openWatches).toBe(1));
    // Other kinds change; two compactions pass the pods' last version.
    kube.faults.nodeNotReady('node-a');
    await sleep(450);
    kube.faults.dropWatches();
    await eventually(() => expect(kube.traffic('pods').firstPages).toBe(2));
    kube.faults.crashLoop('dev', GRAFANA);
    await eventually(() =>
      expect(problemsOf(cache).map(p => p.name)).toContain(GRAFANA),
    );
  });

  it('resumes a watch the server ends at timeoutSeconds, without listing again', async () => {
    kube = await startKubeTestServer({
      seed: { objects: PLATFORM_OBJECTS },
      bookmarkIntervalMs: 100,
    });
    const cache = startCache(kube, { watchTimeoutSeconds: 1 });
    expect(await cache.waitForSync(10_000)).toBe(true);
    await eventually(
      () => expect(kube.traffic('pods').watches).toBeGreaterThanOrEqual(3),
      8000,
    );
    expect(kube.traffic('pods')).toMatchObject({
      firstPages: 1,
      openWatches: 1,
    });
    kube.faults.crashLoop('dev', GRAFANA);
    await eventually(() =>
      expect(problemsOf(cache).map(p => p.name)).toContain(GRAFANA),
    );
    expect(cache.freshness().stale).toBe(false);
  });
});

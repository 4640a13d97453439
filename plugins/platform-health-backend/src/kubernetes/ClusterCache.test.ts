import type { V1Pod } from '@kubernetes/client-node';
import {
  startKubeTestServer,
  type KubeTestServer,
} from '@internal/kube-test-server';
import { PLATFORM_OBJECTS } from '../__testUtils__/platformCluster';
import {
  eventually,
  sleep,
  startCache,
  stopCaches,
} from './__testUtils__/cacheFor';

jest.setTimeout(30_000);

/** The cluster cache against the test server behaving like a real kube-apiserver. */
describe('the cluster cache against a real-like apiserver', () => {
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

  const workerState = (cache: ReturnType<typeof startCache>) =>
    cache
      .list<V1Pod>('pods', 'dev')
      .find(p => p.metadata?.name === 'conda-store-worker-6f7d-y2')?.status
      ?.containerStatuses?.[0]?.state?.waiting?.reason;

  it('takes a watch that hears nothing, not even a bookmark, for dead: stale with why, reopened, fresh again', async () => {
    const cache = startCache(kube, { watchIdleTimeoutMs: 600 });
    await eventually(() => expect(cache.freshness().stale).toBe(false));

    kube.faults.halfOpenWatches();
    // A change the silent watches never deliver.
    kube.faults.crashLoop('dev', 'conda-store-worker-6f7d-y2');
    const stale = await eventually(() => {
      const f = cache.freshness();
      expect(f.stale).toBe(true);
      return f;
    });
    expect(stale.error).toMatch(
      /heard nothing, not even a bookmark, for 0.6 s/,
    );
    // The heartbeat answered all along: it is not what tells.
    expect(cache.answering).toBe(true);
    // Reopened watches are half-open too: still stale, with the data as of the silence.
    await sleep(1000);
    const still = cache.freshness();
    expect(still.stale).toBe(true);
    expect(still.ageSeconds).toBeGreaterThanOrEqual(1);
    expect(workerState(cache)).toBeUndefined();

    kube.faults.halfOpenWatches(false);
    await eventually(() => {
      expect(cache.freshness()).toMatchObject({ stale: false, ageSeconds: 0 });
      expect(workerState(cache)).toBe('CrashLoopBackOff');
    });
    // The silent connections were closed by the cache, not left behind.
    await eventually(() => expect(kube.traffic('pods').openWatches).toBe(1));
  });
});

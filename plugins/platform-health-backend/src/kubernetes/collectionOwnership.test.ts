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
import { KubeHttpClient } from './KubeHttpClient';
import { kubeConfigFor } from './kubeConfig';
import { TimedWatch } from './TimedWatch';
import { WatchedCollection } from './WatchedCollection';

jest.setTimeout(30_000);

const RESOURCES = [
  'nodes',
  'pods',
  'events',
  'resourcequotas',
  'namespaces',
  'deployments.apps',
  'statefulsets.apps',
];

/** One owner per collection: one request in flight, and cancelling really cancels. */
describe('who owns a watched collection', () => {
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

  it('runs one list and one watch when the cluster answers again during a slow relist', async () => {
    kube.faults.slowList('pods', 1500);
    const cache = startCache(kube, { requestTimeoutMs: 5000 });
    await eventually(() => expect(kube.traffic('pods').listsInFlight).toBe(1));
    await eventually(() => expect(cache.answering).toBe(true));
    // The heartbeat fails, then answers again while the pods are still being listed.
    kube.faults.unreachable('error');
    await eventually(() => expect(cache.answering).toBe(false));
    kube.faults.reachable();
    await eventually(() => expect(cache.answering).toBe(true));
    expect(await cache.waitForSync(10_000)).toBe(true);
    await eventually(() => expect(kube.traffic('pods').openWatches).toBe(1));
    await sleep(500);
    expect(kube.traffic('pods')).toMatchObject({
      lists: 1,
      maxListsInFlight: 1,
      openWatches: 1,
      maxOpenWatches: 1,
    });
    for (const resource of RESOURCES) {
      expect(kube.traffic(resource).openWatches).toBe(1);
    }
  });

  it('cancels the list in flight when stopped, and opens no watch after it', async () => {
    kube.faults.slowList('pods', 1000);
    const cache = startCache(kube);
    await eventually(() => expect(kube.traffic('pods').listsInFlight).toBe(1));
    await eventually(() => expect(kube.traffic('nodes').openWatches).toBe(1));
    await cache.stop();
    // The request is closed at once, not left to finish.
    await eventually(
      () => expect(kube.traffic('pods').listsInFlight).toBe(0),
      300,
    );
    await sleep(1500);
    expect(kube.traffic('pods').watches).toBe(0);
    for (const resource of RESOURCES) {
      expect(kube.traffic(resource).openWatches).toBe(0);
    }
  });

  it('asks again for a page that timed out, from its continue token, instead of listing from the first page', async () => {
    // Page 2 of the pods hangs past the request deadline, once.
    kube.faults.slowList('pods', 1500, { times: 1, onlyContinued: true });
    const cache = startCache(kube, { requestTimeoutMs: 500, pageSize: 2 });
    expect(await cache.waitForSync(10_000)).toBe(true);
    expect(cache.list('pods')).toHaveLength(4);
    expect(kube.traffic('pods')).toMatchObject({ firstPages: 1, lists: 3 });
  });

  it('retries when reopening a watch fails, instead of leaving the collection dead', async () => {
    const kubeConfig = kubeConfigFor({
      name: 'demo',
      title: 'Demo',
      simulated: true,
      connection: {
        type: 'url',
        url: kube.url,
        token: kube.token,
        skipTLSVerify: true,
      },
    });
    const real = new TimedWatch(kubeConfig, 2000, 5000);
    let opened = 0;
    // The second opening fails before any request (e.g. a token file that cannot be read).
    const flaky = {
      watch: (...args: Parameters<TimedWatch['watch']>) =>
        ++opened === 2
          ? Promise.reject(new Error('cannot read the token file'))
          : real.watch(...args),
    } as TimedWatch;
    const pods = new WatchedCollection<V1Pod>(
      '/api/v1/pods',
      new KubeHttpClient(kubeConfig, 2000),
      flaky,
      { changed() {}, synced() {} },
    );
    pods.start();
    try {
      await eventually(() => expect(pods.watching).toBe(true));
      kube.faults.dropWatches();
      await eventually(() =>
        expect(pods.error).toBe('cannot read the token file'),
      );
      kube.faults.crashLoop('dev', 'conda-store-worker-6f7d-y2');
      await eventually(() => {
        expect(opened).toBe(3);
        expect(pods.error).toBeUndefined();
        expect(
          pods
            .list('dev')
            .find(p => p.metadata?.name?.startsWith('conda-store-worker'))
            ?.status?.containerStatuses?.[0]?.state?.waiting?.reason,
        ).toBe('CrashLoopBackOff');
      });
    } finally {
      pods.stop();
    }
  });
});

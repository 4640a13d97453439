import {
  startKubeTestServer,
  type KubeTestServer,
} from '@internal/kube-test-server';
import { PLATFORM_OBJECTS } from '../__testUtils__/platformCluster';
import { KubeHttpClient, PAGE_MS_PER_ITEM } from './KubeHttpClient';
import { kubeConfigFor } from './kubeConfig';
import { MetricsPoller } from './MetricsPoller';

jest.setTimeout(30_000);

const REQUEST_MS = 300;
/** metrics-server's late answer: past the request deadline, within what 2,000 pods get. */
const LATE_MS = 700;

const clientOf = (kube: KubeTestServer) =>
  new KubeHttpClient(
    kubeConfigFor({
      name: 'demo',
      title: 'Demo',
      simulated: true,
      connection: {
        type: 'url',
        url: kube.url,
        token: kube.token,
        skipTLSVerify: true,
      },
    }),
    REQUEST_MS,
  );

/**
 * PodMetrics have no pages: all of them come in one answer, whose deadline grows with
 * the cluster's pods; node metrics keep the request deadline.
 */
describe('the pod metrics deadline', () => {
  let kube: KubeTestServer;
  beforeEach(async () => {
    kube = await startKubeTestServer({ seed: { objects: PLATFORM_OBJECTS } });
  });
  afterEach(() => kube.close());

  it('is sized to the pod count: a late answer for a big cluster still arrives', async () => {
    expect(REQUEST_MS + (2000 * PAGE_MS_PER_ITEM) / 4).toBeGreaterThan(
      LATE_MS + 500,
    );
    kube.faults.slowList('pods.metrics.k8s.io', LATE_MS);
    const poller = new MetricsPoller(clientOf(kube), () => 2000, REQUEST_MS);
    await poller.poll();
    expect(poller.state?.error).toBeUndefined();
    expect(poller.state?.pods.length).toBeGreaterThan(0);
    expect(poller.state?.nodes.length).toBeGreaterThan(0);
  });

  it('is the request deadline for a small cluster, and only pod metrics miss it', async () => {
    kube.faults.slowList('pods.metrics.k8s.io', LATE_MS);
    const poller = new MetricsPoller(clientOf(kube), () => 4, REQUEST_MS);
    await poller.poll();
    expect(poller.state).toMatchObject({
      pods: [],
      error: expect.stringMatching(
        /^metrics.k8s.io: pod metrics: .*did not answer within 0.302 s$/,
      ),
    });
    // Node metrics came in time: the totals are there.
    expect(poller.state?.nodes.length).toBeGreaterThan(0);
    expect(poller.state?.collectedAt).toBeDefined();
  });

  it('is not given to node metrics, which keep the request deadline however many pods', async () => {
    kube.faults.slowList('nodes.metrics.k8s.io', LATE_MS);
    const poller = new MetricsPoller(clientOf(kube), () => 2000, REQUEST_MS);
    await poller.poll();
    expect(poller.state?.error).toMatch(/node metrics: .*within 0.3 s/);
    expect(poller.state?.collectedAt).toBeUndefined();
    expect(poller.state?.pods.length).toBeGreaterThan(0);
  });
});

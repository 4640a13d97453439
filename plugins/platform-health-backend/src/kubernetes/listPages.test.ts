import {
  startKubeTestServer,
  type KubeTestServer,
} from '@internal/kube-test-server';
import { PLATFORM_OBJECTS } from '../__testUtils__/platformCluster';
import { KubeHttpClient, PAGE_MS_PER_ITEM } from './KubeHttpClient';
import { kubeConfigFor } from './kubeConfig';

jest.setTimeout(30_000);

const clientOf = (kube: KubeTestServer, timeoutMs: number) =>
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
    timeoutMs,
  );

/** How list pages are asked for: compressed, each with a deadline sized to the page. */
describe('list pages', () => {
  let kube: KubeTestServer;
  beforeEach(async () => {
    kube = await startKubeTestServer({ seed: { objects: PLATFORM_OBJECTS } });
  });
  afterEach(() => kube.close());

  it('are asked for gzip-compressed and read as such', async () => {
    const list = await clientOf(kube, 2000).listAll<{
      metadata: { name: string };
    }>('/api/v1/pods', 2);
    expect(list.items.map(p => p.metadata.name).sort()).toEqual(
      kube
        .list('v1', 'Pod')
        .map(p => p.metadata.name)
        .sort(),
    );
    const traffic = kube.traffic('pods');
    expect(traffic.lists).toBe(2);
    expect(traffic.gzippedLists).toBe(2);
  });

  it('get a deadline sized to the page: a big page slower than the request deadline still arrives, at the first attempt', async () => {
    const pageSize = 500;
    // Slower than the request deadline, well within what a page of 500 gets.
    kube.faults.slowList('pods', 700, { times: 1 });
    expect(300 + pageSize * PAGE_MS_PER_ITEM).toBeGreaterThan(700 + 300);
    const list = await clientOf(kube, 300).listAll('/api/v1/pods', pageSize);
    expect(list.items).toHaveLength(4);
    expect(kube.traffic('pods')).toMatchObject({ lists: 1, firstPages: 1 });
  });

  it('keep the request deadline for a page that asks for little', async () => {
    kube.faults.slowList('pods', 1500, { times: 1 });
    await expect(
      clientOf(kube, 300).listAll('/api/v1/pods', 10),
    ).rejects.toThrow(/did not answer within 0.32 s/);
  });
});

import { startKubeTestServer, MAX_PODS_PER_NODE } from './index';
import type { KubeTestServer } from './types';
import { clientsFor } from './__testUtils__/clients';
import { parseQuantity } from './quantity';

describe('generate(): a 5,000-node, 150,000-pod cluster', () => {
  let server: KubeTestServer;
  beforeAll(async () => {
    server = await startKubeTestServer({ seed: 'empty' });
    server.generate({ nodes: 5000, pods: 150_000 });
  }, 60_000);
  afterAll(() => server.close());

  it('lists nodes and pods correctly with pagination', async () => {
    const { core } = clientsFor(server);
    const nodeNames = new Set<string>();
    let cont: string | undefined;
    do {
      const page = await core.listNode({ limit: 2000, _continue: cont });
      page.items.forEach(n => nodeNames.add(n.metadata!.name!));
      cont = page.metadata?._continue;
    } while (cont);
    expect(nodeNames.size).toBe(5000);

    const first = await core.listPodForAllNamespaces({ limit: 1 });
    expect(first.metadata?.remainingItemCount).toBe(150_000 - 1);

    // The JupyterHub notebook pods (one in ten), page by page through the real client.
    const notebooks = new Set<string>();
    cont = undefined;
    let pages = 0;
    do {
      const page = await core.listPodForAllNamespaces({
        labelSelector: 'component=singleuser-server',
        limit: 4000,
        _continue: cont,
      });
      pages++;
      for (const pod of page.items) {
        expect(pod.metadata!.labels!['hub.jupyter.org/username']).toMatch(/^user-\d+$/);
        notebooks.add(`${pod.metadata!.namespace}/${pod.metadata!.name}`);
      }
      cont = page.metadata?._continue;
    } while (cont);
    expect(pages).toBe(4);
    expect(notebooks.size).toBe(15_000);
  }, 60_000);

  it('spreads pods over the nodes within 110 per node and within each node\'s allocatable', async () => {
    const { core } = clientsFor(server);
    const node = (await core.listNode({ limit: 1 })).items[0];
    const onNode = await core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${node.metadata!.name}` });
    expect(onNode.items).toHaveLength(30);
    expect(onNode.items.length).toBeLessThanOrEqual(MAX_PODS_PER_NODE);
    const requested = onNode.items.reduce(
      (sum, p) => sum + p.spec!.containers.reduce((s, c) => s + parseQuantity(c.resources?.requests?.cpu), 0),
      0,
    );
    expect(requested).toBeLessThanOrEqual(parseQuantity(node.status!.allocatable!.cpu));
    expect(() => server.generate({ nodes: 1, pods: 111 })).toThrow('111 pods do not fit on 1 nodes at 110 pods per node');
  });
});

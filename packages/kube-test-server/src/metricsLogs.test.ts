import { PassThrough } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { startKubeTestServer } from './index';
import type { KubeTestServer } from './types';
import { clientsFor, statusOf } from './__testUtils__/clients';
import { parseQuantity } from './quantity';

describe('metrics.k8s.io', () => {
  let server: KubeTestServer;
  beforeAll(async () => {
    server = await startKubeTestServer({ seed: 'demo' });
  });
  afterAll(() => server.close());

  it('reports NodeMetrics for every ready node: overhead plus its running pods, within capacity', async () => {
    const { metrics, core } = clientsFor(server);
    const nodeMetrics = await metrics.getNodeMetrics();
    expect(nodeMetrics.kind).toBe('NodeMetricsList');
    expect(nodeMetrics.items).toHaveLength(4);
    const nodes = (await core.listNode()).items;
    for (const m of nodeMetrics.items) {
      expect(m.usage.cpu).toMatch(/^\d+n$/);
      expect(m.usage.memory).toMatch(/^\d+Ki$/);
      const node = nodes.find(n => n.metadata!.name === m.metadata.name)!;
      expect(parseQuantity(m.usage.cpu)).toBeLessThan(parseQuantity(node.status!.allocatable!.cpu));
      expect(parseQuantity(m.usage.memory)).toBeLessThan(parseQuantity(node.status!.allocatable!.memory));
    }
    const general = nodeMetrics.items.find(m => m.metadata.name === 'ip-10-10-1-47.ec2.internal')!;
    const worker = nodeMetrics.items.find(m => m.metadata.name === 'ip-10-10-3-201.ec2.internal')!;
    // The general node runs ten platform pods, the worker node only the crash-looping worker.
    expect(parseQuantity(general.usage.cpu)).toBeGreaterThan(parseQuantity(worker.usage.cpu));
    // Deterministic: the same numbers on every scrape.
    const again = await metrics.getNodeMetrics();
    expect(again.items.map(m => m.usage)).toEqual(nodeMetrics.items.map(m => m.usage));
  });

  it('reports PodMetrics per container for running pods only, from their requests', async () => {
    const { metrics, core } = clientsFor(server);
    const podMetrics = await metrics.getPodMetrics('dev');
    const names = podMetrics.items.map(m => m.metadata.name);
    expect(names).toHaveLength(13);
    expect(names.some(n => n.startsWith('nebari-conda-store-worker-'))).toBe(false);
    const ada = podMetrics.items.find(m => m.metadata.name === 'jupyter-ada')!;
    expect(ada.containers).toHaveLength(1);
    const cpu = parseQuantity(ada.containers[0].usage.cpu);
    expect(cpu).toBeGreaterThan(0.2 * 1.5 - 1e-9);
    expect(cpu).toBeLessThan(0.9 * 1.5 + 1e-9);

    const top = await k8s.topPods(core, metrics, 'dev');
    expect(top.find(p => p.Pod.metadata!.name === 'jupyter-ada')!.CPU.CurrentUsage).toBeGreaterThan(0);

    const all = await metrics.getPodMetrics();
    expect(all.items).toHaveLength(13);
  });

  it('is absent from discovery and 404s when turned off', async () => {
    const off = await startKubeTestServer({ seed: 'demo', metrics: false });
    try {
      const { kc, metrics } = clientsFor(off);
      const groups = await kc.makeApiClient(k8s.ApisApi).getAPIVersions();
      expect(groups.groups.map(g => g.name)).not.toContain('metrics.k8s.io');
      const error = await metrics.getNodeMetrics().catch(e => e);
      expect(error.code).toBe(404);
    } finally {
      await off.close();
    }
  });
});

describe('pod logs', () => {
  let server: KubeTestServer;
  beforeAll(async () => {
    server = await startKubeTestServer({ seed: 'demo' });
  });
  afterAll(() => server.close());

  it('serves seeded logs with tailLines, timestamps and container, through CoreV1Api and Log', async () => {
    const { core, log } = clientsFor(server);
    const all = await core.readNamespacedPodLog({ name: 'jupyter-ada', namespace: 'dev' });
    const lines = all.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(all).toContain('Jupyter Server 2.14.2 is running at:');

    const tail = await core.readNamespacedPodLog({ name: 'jupyter-ada', namespace: 'dev', container: 'notebook', tailLines: 2 });
    expect(tail.trimEnd().split('\n')).toEqual(lines.slice(-2));

    const stamped = await core.readNamespacedPodLog({ name: 'jupyter-ada', namespace: 'dev', tailLines: 1, timestamps: true });
    expect(stamped).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \S/);
    // The seed's timestamps are moved to the present.
    const stampedAt = Date.parse(stamped.split(' ')[0].replace(/(\.\d{3})\d*Z$/, '$1Z'));
    expect(Math.abs(Date.now() - stampedAt)).toBeLessThan(60 * 60_000);

    const stream = new PassThrough();
    let streamed = '';
    stream.on('data', chunk => {
      streamed += chunk;
    });
    const ended = new Promise(resolve => stream.on('end', resolve));
    await log.log('dev', 'jupyter-ada', 'notebook', stream, { tailLines: 3 });
    await ended;
    expect(streamed.trimEnd().split('\n')).toEqual(lines.slice(-3));
  });

  it('gives pods without seeded logs a start-up, and logs set by tests', async () => {
    const { core } = clientsFor(server);
    server.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'plain', namespace: 'dev', labels: { app: 'plain' } },
      spec: { containers: [{ name: 'main', image: 'busybox' }, { name: 'sidecar', image: 'envoy' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'main', ready: true, restartCount: 0, state: { running: { startedAt: new Date().toISOString() } } },
          { name: 'sidecar', ready: true, restartCount: 0, state: { running: { startedAt: new Date().toISOString() } } },
        ],
      },
    });
    const noContainer = await core.readNamespacedPodLog({ name: 'plain', namespace: 'dev' }).catch(e => e);
    expect(statusOf(noContainer).message).toBe('a container name must be specified for pod plain, choose one of: [main sidecar]');
    const wrong = await core.readNamespacedPodLog({ name: 'plain', namespace: 'dev', container: 'nope' }).catch(e => e);
    expect(statusOf(wrong)).toMatchObject({ code: 400, message: 'container nope is not valid for pod plain' });
    expect(await core.readNamespacedPodLog({ name: 'plain', namespace: 'dev', container: 'main' })).toContain('starting plain');

    server.setLogs('dev', 'plain', 'sidecar', ['first', 'second']);
    expect(await core.readNamespacedPodLog({ name: 'plain', namespace: 'dev', container: 'sidecar' })).toBe('first\nsecond\n');
    const noPrevious = await core
      .readNamespacedPodLog({ name: 'plain', namespace: 'dev', container: 'sidecar', previous: true })
      .catch(e => e);
    expect(statusOf(noPrevious).message).toBe('previous terminated container "sidecar" in pod "plain" not found');
    const missing = await core.readNamespacedPodLog({ name: 'gone', namespace: 'dev' }).catch(e => e);
    expect(statusOf(missing).code).toBe(404);
  });
});

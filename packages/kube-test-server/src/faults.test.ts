import * as k8s from '@kubernetes/client-node';
import { startKubeTestServer } from './index';
import type { KubeTestServer } from './types';
import { clientsFor, eventually, statusOf } from './__testUtils__/clients';

const NODE = 'ip-10-10-2-118.ec2.internal';

describe('scripted faults, seen through client-node', () => {
  let server: KubeTestServer;
  let clients: ReturnType<typeof clientsFor>;
  beforeEach(async () => {
    server = await startKubeTestServer({ seed: 'demo' });
    clients = clientsFor(server);
  });
  afterEach(() => server.close());

  const podNamed = async (prefix: string) =>
    (await clients.core.listNamespacedPod({ namespace: 'dev' })).items.find(p =>
      p.metadata!.name!.startsWith(prefix),
    )!;
  const eventsFor = async (name: string) =>
    (await clients.core.listEventForAllNamespaces({ fieldSelector: `involvedObject.name=${name}` })).items;

  it('has the demo problem built in: the conda-store worker crash-loops, with a BackOff event and logs saying why', async () => {
    const worker = await podNamed('nebari-conda-store-worker-');
    const status = worker.status!.containerStatuses![0];
    expect(status.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(status.restartCount).toBeGreaterThan(5);
    expect(status.lastState?.terminated?.exitCode).toBe(1);
    expect((await eventsFor(worker.metadata!.name!)).find(e => e.type === 'Warning')?.reason).toBe('BackOff');
    const logs = await clients.core.readNamespacedPodLog({ name: worker.metadata!.name!, namespace: 'dev' });
    expect(logs).toContain('redis.exceptions.ConnectionError');
    const previous = await clients.core.readNamespacedPodLog({ name: worker.metadata!.name!, namespace: 'dev', previous: true });
    expect(previous).toContain('Celery broker unreachable');
    // Every other pod is healthy.
    const pods = (await clients.core.listNamespacedPod({ namespace: 'dev' })).items;
    const unhealthy = pods.filter(p => p.status!.containerStatuses!.some(c => !c.ready));
    expect(unhealthy.map(p => p.metadata!.name)).toEqual([worker.metadata!.name]);
  });

  it('nodeNotReady / nodeReady change the node, its taints, its pods and record events, visible to a watch', async () => {
    const seen: string[] = [];
    const listed = await clients.core.listNode();
    const controller = await clients.watch.watch(
      '/api/v1/nodes',
      { resourceVersion: listed.metadata!.resourceVersion },
      (type, obj: k8s.V1Node) =>
        seen.push(`${type} ${obj.status?.conditions?.find(c => c.type === 'Ready')?.status}`),
      () => {},
    );
    server.faults.nodeNotReady(NODE);
    const node = await clients.core.readNode({ name: NODE });
    const ready = node.status!.conditions!.find(c => c.type === 'Ready')!;
    expect(ready).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' });
    expect(node.spec!.taints!.map(t => `${t.key}:${t.effect}`)).toEqual(
      expect.arrayContaining(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']),
    );
    const onNode = (await clients.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${NODE}` })).items;
    expect(onNode.length).toBe(2);
    for (const pod of onNode) {
      expect(pod.status!.conditions!.find(c => c.type === 'Ready')!.status).toBe('False');
    }
    expect((await eventsFor(NODE)).map(e => e.reason)).toContain('NodeNotReady');
    // metrics-server cannot scrape a node that is not ready.
    expect((await clients.metrics.getNodeMetrics()).items.map(m => m.metadata.name)).not.toContain(NODE);

    server.faults.nodeReady(NODE);
    const back = await clients.core.readNode({ name: NODE });
    expect(back.status!.conditions!.find(c => c.type === 'Ready')!.status).toBe('True');
    expect(back.spec!.taints ?? []).toEqual([]);
    for (const pod of (await clients.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${NODE}` })).items) {
      expect(pod.status!.conditions!.find(c => c.type === 'Ready')!.status).toBe('True');
    }
    await eventually(() => expect(seen).toEqual(['MODIFIED Unknown', 'MODIFIED True']));
    controller.abort();
  });

  it('crashLoop sets CrashLoopBackOff, restarts, a not-ready pod, a BackOff event and the crash in the logs', async () => {
    server.faults.crashLoop('dev', 'jupyter-grace', { restarts: 7, message: 'ModuleNotFoundError: No module named torch' });
    const pod = await clients.core.readNamespacedPod({ name: 'jupyter-grace', namespace: 'dev' });
    const status = pod.status!.containerStatuses![0];
    expect(status).toMatchObject({ ready: false, restartCount: 7 });
    expect(status.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(status.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(pod.status!.conditions!.find(c => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
    const events = await eventsFor('jupyter-grace');
    expect(events.find(e => e.reason === 'BackOff')).toMatchObject({ type: 'Warning' });
    const logs = await clients.core.readNamespacedPodLog({ name: 'jupyter-grace', namespace: 'dev' });
    expect(logs).toContain('No module named torch');
    // Repeating the fault counts the event up instead of adding another.
    server.faults.crashLoop('dev', 'jupyter-grace', { restarts: 8, message: 'ModuleNotFoundError: No module named torch' });
    const again = (await eventsFor('jupyter-grace')).filter(e => e.reason === 'BackOff');
    expect(again).toHaveLength(1);
    expect(again[0].count).toBe(2);
  });

  it('oomKilled records an OOMKilled termination (exit 137) and one more restart', async () => {
    const before = await clients.core.readNamespacedPod({ name: 'jupyter-ada', namespace: 'dev' });
    server.faults.oomKilled('dev', 'jupyter-ada');
    const pod = await clients.core.readNamespacedPod({ name: 'jupyter-ada', namespace: 'dev' });
    const status = pod.status!.containerStatuses![0];
    expect(status.lastState?.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(status.restartCount).toBe(before.status!.containerStatuses![0].restartCount + 1);
    expect(status.ready).toBe(false);
  });

  it('imagePullBackOff sets the waiting reason and image, and records the kubelet pull events', async () => {
    server.faults.imagePullBackOff('dev', 'jupyter-ada', 'quay.io/nebari/nebari-jupyterlab:does-not-exist');
    const pod = await clients.core.readNamespacedPod({ name: 'jupyter-ada', namespace: 'dev' });
    expect(pod.spec!.containers[0].image).toBe('quay.io/nebari/nebari-jupyterlab:does-not-exist');
    expect(pod.status!.containerStatuses![0].state?.waiting).toEqual({
      reason: 'ImagePullBackOff',
      message: 'Back-off pulling image "quay.io/nebari/nebari-jupyterlab:does-not-exist"',
    });
    const reasons = (await eventsFor('jupyter-ada')).filter(e => e.type === 'Warning').map(e => e.message);
    expect(reasons).toEqual(expect.arrayContaining(['Error: ImagePullBackOff', 'Error: ErrImagePull']));
    const logs = await clients.core
      .readNamespacedPodLog({ name: 'jupyter-ada', namespace: 'dev' })
      .catch(e => e);
    expect(statusOf(logs).message).toContain('is waiting to start: trying and failing to pull image');
  });

  it('pendingUnschedulable unschedules the pod with a FailedScheduling event', async () => {
    server.faults.pendingUnschedulable('dev', 'jupyter-ada--gpu-experiments', '0/4 nodes are available: 4 Insufficient nvidia.com/gpu.');
    const pod = await clients.core.readNamespacedPod({ name: 'jupyter-ada--gpu-experiments', namespace: 'dev' });
    expect(pod.status!.phase).toBe('Pending');
    expect(pod.spec!.nodeName).toBeUndefined();
    expect(pod.status!.conditions).toEqual([
      expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/4 nodes are available: 4 Insufficient nvidia.com/gpu.' }),
    ]);
    const pending = await clients.core.listPodForAllNamespaces({ fieldSelector: 'status.phase=Pending' });
    expect(pending.items.map(p => p.metadata!.name)).toEqual(['jupyter-ada--gpu-experiments']);
    const event = (await eventsFor('jupyter-ada--gpu-experiments')).find(e => e.reason === 'FailedScheduling');
    expect(event).toMatchObject({ type: 'Warning', source: { component: 'default-scheduler' } });
  });

  it('faults on a missing pod or node throw, naming what is missing', () => {
    expect(() => server.faults.crashLoop('dev', 'nope')).toThrow('pod dev/nope does not exist');
    expect(() => server.faults.nodeNotReady('nope')).toThrow('node nope does not exist');
  });
});

describe('unreachable API', () => {
  let server: KubeTestServer;
  beforeEach(async () => {
    server = await startKubeTestServer({ seed: 'empty' });
  });
  afterEach(() => server.close());

  it("'refuse' closes the port (ECONNREFUSED) and cuts open watches; reachable() listens again", async () => {
    const { core, watch } = clientsFor(server);
    let watchEnded = false;
    await watch.watch('/api/v1/pods', {}, () => {}, () => {
      watchEnded = true;
    });
    server.faults.unreachable('refuse');
    const error = await core.listNamespace().catch(e => e);
    expect(String(error.message)).toContain('ECONNREFUSED');
    await eventually(() => expect(watchEnded).toBe(true));
    server.faults.reachable();
    await eventually(async () => expect((await core.listNamespace()).items.length).toBeGreaterThan(0));
  });

  it("'hang' accepts and never answers (the client's own timeout fires); reachable() answers again", async () => {
    const { core } = clientsFor(server);
    server.faults.unreachable('hang');
    const outcome = await Promise.race([
      core.listNamespace().then(() => 'answered', () => 'failed'),
      new Promise(resolve => setTimeout(() => resolve('timed out'), 500)),
    ]);
    expect(outcome).toBe('timed out');
    server.faults.reachable();
    expect((await core.listNamespace()).items.length).toBeGreaterThan(0);
  });

  it("'error' answers 503 ServiceUnavailable Status to every request", async () => {
    const { core } = clientsFor(server);
    server.faults.unreachable('error');
    const error = await core.listNamespace().catch(e => e);
    expect(statusOf(error)).toMatchObject({ code: 503, reason: 'ServiceUnavailable' });
    server.faults.reachable();
    expect((await core.listNamespace()).items.length).toBeGreaterThan(0);
  });
});

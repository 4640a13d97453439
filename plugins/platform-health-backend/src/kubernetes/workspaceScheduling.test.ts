import type { KubeObject, KubeTestServer } from '@internal/kube-test-server';
import {
  podEvent,
  seededJupyterHubCluster,
  workspacePod,
} from '../__testUtils__/workspacePods';
import type { ClusterService } from './ClusterService';
import { eventually } from './__testUtils__/cacheFor';
import { diagnoseWorkspacePod } from './workspaceDiagnoser';

jest.setTimeout(30_000);

/*
 * The scheduler's messages:
 * - for GPUs, as quoted in NVIDIA/k8s-device-plugin#430 ("0/1 nodes are available:
 *   1 Insufficient nvidia.com/gpu. preemption: ..."), here for 4 nodes;
 * - for memory, the FailedScheduling event of jupyterhub/kubespawner
 *   tests/sample-events/aws-pod-requires-scale-up.events.json (an events.k8s.io event:
 *   eventTime, no lastTimestamp nor count), copied whole;
 * - the kubelet refusing a bound pod for lack of memory: the `OutOfmemory` event of
 *   tests/sample-events/aws-out-of-memory.events.json, and the pod status the kubelet's
 *   admission sets with it (phase Failed, reason OutOfmemory, "Pod was rejected: ...").
 */
const GPU_UNSCHEDULABLE =
  "0/4 nodes are available: 2 Insufficient nvidia.com/gpu, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 2 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.";
const KUBELET_OUT_OF_MEMORY =
  "Node didn't have enough resource: memory, requested: 200000000000, used: 4196441039, capacity: 32221597696";
const MEMORY_UNSCHEDULABLE =
  "0/4 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.";

describe('a workspace that cannot be scheduled', () => {
  const cluster = seededJupyterHubCluster();
  let kube: KubeTestServer;
  let clusters: ClusterService;
  const start = async (objects: KubeObject[]) => {
    ({ kube, clusters } = await cluster.start(objects));
  };
  const diagnosis = async (username: string, servername = '') =>
    (await diagnoseWorkspacePod(clusters, username, servername)).diagnosis;

  it('names who holds the GPUs when none is free, with the figures', async () => {
    await start([
      workspacePod({
        name: 'jupyter-grace--train',
        username: 'grace',
        servername: 'train',
        nodeName: 'gpu-1',
        gpus: 2,
      }),
      workspacePod({
        name: 'jupyter-linus',
        username: 'linus',
        nodeName: 'gpu-2',
        gpus: 2,
      }),
      workspacePod({
        name: 'jupyter-ada--gpu',
        username: 'ada',
        servername: 'gpu',
        gpus: 1,
      }),
    ]);
    kube.faults.pendingUnschedulable(
      'jhub',
      'jupyter-ada--gpu',
      GPU_UNSCHEDULABLE,
    );
    const result = await eventually(async () => {
      const d = await diagnosis('ada', 'gpu');
      expect(d.findings[0]?.cause).toBe('FailedScheduling');
      expect(d.pod?.events).toHaveLength(1);
      return d;
    });
    expect(result.pod).toMatchObject({
      name: 'jupyter-ada--gpu',
      phase: 'Pending',
      limits: { memoryBytes: 8 * 2 ** 30, gpus: 1 },
    });
    expect(result.findings[0]).toEqual({
      cause: 'FailedScheduling',
      severity: 'error',
      summary:
        'no node has a free GPU: 4 of 4 are held by jupyter-grace--train (2 GPUs, grace, running since 2026-12-01T08:00:00.000Z), jupyter-linus (2 GPUs, linus, running since 2026-12-01T08:00:00.000Z); the workspace asks for 1',
      action: 'ask an admin to free or add GPUs, or pick a CPU profile',
      facts: [GPU_UNSCHEDULABLE],
    });
    expect(result.pod?.events[0]).toMatchObject({
      type: 'Warning',
      reason: 'FailedScheduling',
      count: 1,
    });
    expect(result.missing).toEqual([
      'no log yet: the notebook container has not started',
    ]);
  });

  it('says how much memory was asked and the most a node has free', async () => {
    const pod = workspacePod({
      name: 'jupyter-agoose77',
      username: 'agoose77',
      memoryRequest: '64Gi',
      memoryLimit: '64Gi',
      uid: 'acb95531-b143-4cc9-a55c-8779a83af6b1',
      // Within the spawn timeout: only the scheduling finding.
      creationTimestamp: new Date(Date.now() - 60_000)
        .toISOString()
        .replace(/\.\d+Z$/, 'Z'),
    });
    (pod.status as any).conditions = [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: MEMORY_UNSCHEDULABLE,
        lastTransitionTime: '2026-02-11T14:45:31Z',
      },
    ];
    const event = podEvent(pod, 'FailedScheduling', MEMORY_UNSCHEDULABLE);
    // The sample's shape: an events.k8s.io event seen through core/v1.
    Object.assign(event, {
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      count: undefined,
      eventTime: '2026-02-11T14:45:31.684092Z',
      action: 'Scheduling',
      reportingComponent: 'prod-user-scheduler',
      reportingInstance: 'prod-user-scheduler-user-scheduler-5dddd6d69b-9t24l',
    });
    await start([
      workspacePod({
        name: 'jupyter-grace',
        username: 'grace',
        nodeName: 'cpu-1',
        memoryRequest: '40Gi',
      }),
      pod,
      event,
    ]);
    const result = await eventually(async () => {
      const d = await diagnosis('agoose77');
      expect(d.pod?.events).toHaveLength(1);
      return d;
    });
    expect(result.findings).toEqual([
      {
        cause: 'FailedScheduling',
        severity: 'error',
        summary:
          'no node has 64 GiB of memory free for the workspace: the most free on a ready node is 62 GiB',
        action:
          'pick a profile with less memory, or ask an admin for more capacity',
        facts: [MEMORY_UNSCHEDULABLE],
      },
    ]);
    expect(result.pod?.events[0]).toMatchObject({
      reason: 'FailedScheduling',
      count: 1,
      lastSeen: '2026-02-11T14:45:31.684Z',
    });
  });

  it("says when the node's kubelet refused the workspace for lack of memory", async () => {
    const pod = workspacePod({
      name: 'jupyter-agoose77',
      username: 'agoose77',
      nodeName: 'cpu-1',
      memoryRequest: '200G',
      uid: 'cf5e55d8-2753-4e27-9f8c-60c46f966228',
    });
    pod.status = {
      phase: 'Failed',
      reason: 'OutOfmemory',
      message: `Pod was rejected: ${KUBELET_OUT_OF_MEMORY}`,
      startTime: '2026-02-12T14:54:28Z',
    };
    await start([pod, podEvent(pod, 'OutOfmemory', KUBELET_OUT_OF_MEMORY)]);
    const result = await eventually(async () => {
      const d = await diagnosis('agoose77');
      expect(d.pod?.events).toHaveLength(1);
      return d;
    });
    expect(result.findings[0]).toEqual({
      cause: 'Unknown',
      severity: 'error',
      summary: `the workspace's pod failed: OutOfmemory: Pod was rejected: ${KUBELET_OUT_OF_MEMORY}`,
      action:
        'start the workspace again; if it fails the same way, ask an admin',
      facts: [
        `OutOfmemory: Pod was rejected: ${KUBELET_OUT_OF_MEMORY}`,
        KUBELET_OUT_OF_MEMORY,
      ],
    });
  });
});

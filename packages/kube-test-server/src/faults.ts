import type { KubeObject } from './types';
import type { ObjectStore } from './store';
import { kubeTimestamp } from './store';
import type { LogStore } from './logs';
import { toLogLines } from './logs';
import { recordEvent } from './events';

type Condition = {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string | null;
  lastHeartbeatTime?: string;
  lastProbeTime?: string | null;
};
type ContainerStatus = {
  name: string;
  image?: string;
  imageID?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: Record<string, any>;
  lastState?: Record<string, any>;
  [k: string]: unknown;
};
type PodStatus = {
  phase?: string;
  conditions?: Condition[];
  containerStatuses?: ContainerStatus[];
  [k: string]: unknown;
};

/** A condition list with one condition set (its transition time moves only when its status does). */
function withCondition(conditions: Condition[] | undefined, next: Condition): Condition[] {
  const list = conditions ?? [];
  const existing = list.find(c => c.type === next.type);
  const merged: Condition = {
    ...existing,
    ...next,
    lastTransitionTime:
      existing && existing.status === next.status
        ? existing.lastTransitionTime
        : next.lastTransitionTime ?? kubeTimestamp(),
  };
  if (!merged.reason) delete merged.reason;
  if (!merged.message) delete merged.message;
  return existing ? list.map(c => (c.type === next.type ? merged : c)) : [...list, merged];
}

/**
 * The scripted faults: each changes the status fields a real cluster would change and
 * records the Events its kubelet, scheduler or node controller would record, all through
 * the store so watches see them.
 */
export class Faults {
  constructor(
    private readonly store: ObjectStore,
    private readonly logs: LogStore,
  ) {}

  private get podType() {
    return this.store.registry.byKind('v1', 'Pod')!;
  }

  private get nodeType() {
    return this.store.registry.byKind('v1', 'Node')!;
  }

  private pod(namespace: string, name: string): KubeObject {
    const pod = this.store.get(this.podType, namespace, name);
    if (!pod) throw new Error(`pod ${namespace}/${name} does not exist`);
    return pod;
  }

  private node(name: string): KubeObject {
    const node = this.store.get(this.nodeType, '', name);
    if (!node) throw new Error(`node ${name} does not exist`);
    return node;
  }

  private podsOnNode(nodeName: string): KubeObject[] {
    return this.store
      .list(this.podType)
      .filter(p => (p.spec as { nodeName?: string } | undefined)?.nodeName === nodeName);
  }

  private savePod(pod: KubeObject, status: PodStatus, spec?: unknown): KubeObject {
    return this.store.upsert(this.podType, { ...pod, ...(spec ? { spec } : {}), status });
  }

  private mainContainer(pod: KubeObject): string {
    const containers = (pod.spec as { containers?: Array<{ name: string }> })?.containers ?? [];
    if (!containers[0]) throw new Error(`pod ${pod.metadata.name} has no containers`);
    return containers[0].name;
  }

  private notReadyConditions(status: PodStatus, container: string): Condition[] {
    const message = `containers with unready status: [${container}]`;
    let conditions = withCondition(status.conditions, {
      type: 'Ready',
      status: 'False',
      reason: 'ContainersNotReady',
      message,
    });
    conditions = withCondition(conditions, {
      type: 'ContainersReady',
      status: 'False',
      reason: 'ContainersNotReady',
      message,
    });
    return conditions;
  }

  private containerStatus(pod: KubeObject, container: string): ContainerStatus {
    const status = (pod.status ?? {}) as PodStatus;
    return (
      status.containerStatuses?.find(c => c.name === container) ?? {
        name: container,
        image: (pod.spec as any)?.containers?.find((c: any) => c.name === container)?.image,
        restartCount: 0,
      }
    );
  }

  private withContainerStatus(status: PodStatus, next: ContainerStatus): ContainerStatus[] {
    const list = status.containerStatuses ?? [];
    return list.some(c => c.name === next.name)
      ? list.map(c => (c.name === next.name ? next : c))
      : [...list, next];
  }

  nodeNotReady(nodeName: string) {
    const node = this.node(nodeName);
    const now = kubeTimestamp();
    const status = (node.status ?? {}) as { conditions?: Condition[] };
    const conditions = (status.conditions ?? []).map(c =>
      ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].includes(c.type)
        ? {
            ...c,
            status: 'Unknown',
            reason: 'NodeStatusUnknown',
            message: 'Kubelet stopped posting node status.',
            lastTransitionTime: now,
          }
        : c,
    );
    const spec = (node.spec ?? {}) as { taints?: Array<{ key: string }> };
    const taints = [
      ...(spec.taints ?? []).filter(t => t.key !== 'node.kubernetes.io/unreachable'),
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: now },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: now },
    ];
    const saved = this.store.upsert(this.nodeType, {
      ...node,
      spec: { ...spec, taints },
      status: { ...status, conditions },
    });
    recordEvent(this.store, saved, 'Normal', 'NodeNotReady', `Node ${nodeName} status is now: NodeNotReady`, {
      component: 'node-controller',
    });
    // The node lifecycle controller marks every pod on the node not ready.
    for (const pod of this.podsOnNode(nodeName)) {
      const podStatus = (pod.status ?? {}) as PodStatus;
      const updated = this.savePod(pod, {
        ...podStatus,
        conditions: withCondition(podStatus.conditions, { type: 'Ready', status: 'False' }),
      });
      recordEvent(this.store, updated, 'Warning', 'NodeNotReady', 'Node is not ready', {
        component: 'node-controller',
      });
    }
  }

  nodeReady(nodeName: string) {
    const node = this.node(nodeName);
    const now = kubeTimestamp();
    const healthy: Record<string, [string, string, string]> = {
      Ready: ['True', 'KubeletReady', 'kubelet is posting ready status'],
      MemoryPressure: ['False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
      DiskPressure: ['False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
      PIDPressure: ['False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
    };
    const status = (node.status ?? {}) as { conditions?: Condition[] };
    const conditions = (status.conditions ?? []).map(c => {
      const target = healthy[c.type];
      if (!target) return c;
      const [s, reason, message] = target;
      return {
        ...c,
        status: s,
        reason,
        message,
        lastHeartbeatTime: now,
        lastTransitionTime: c.status === s ? c.lastTransitionTime : now,
      };
    });
    const spec = (node.spec ?? {}) as { taints?: Array<{ key: string }> };
    const taints = (spec.taints ?? []).filter(t => t.key !== 'node.kubernetes.io/unreachable');
    const nextSpec: Record<string, unknown> = { ...spec, taints };
    if (taints.length === 0) delete nextSpec.taints;
    const saved = this.store.upsert(this.nodeType, {
      ...node,
      spec: nextSpec,
      status: { ...status, conditions },
    });
    recordEvent(this.store, saved, 'Normal', 'NodeReady', `Node ${nodeName} status is now: NodeReady`, {
      component: 'kubelet',
      host: nodeName,
    });
    for (const pod of this.podsOnNode(nodeName)) {
      const podStatus = (pod.status ?? {}) as PodStatus;
      const allReady = (podStatus.containerStatuses ?? []).every(c => c.ready);
      if (!allReady) continue;
      this.savePod(pod, {
        ...podStatus,
        conditions: withCondition(podStatus.conditions, { type: 'Ready', status: 'True' }),
      });
    }
  }

  crashLoop(namespace: string, podName: string, opts: { restarts?: number; message?: string } = {}) {
    const pod = this.pod(namespace, podName);
    const container = this.mainContainer(pod);
    const current = this.containerStatus(pod, container);
    const restarts = opts.restarts ?? Math.max(5, (current.restartCount ?? 0) + 1);
    const now = Date.now();
    const crashOutput = opts.message
      ? opts.message.split('\n')
      : ['Error: the process exited with status 1'];
    // What the last attempt printed: kubectl logs shows it, --previous the one before.
    const lines = toLogLines(crashOutput, now - 2_000);
    this.logs.set(namespace, podName, container, lines);
    this.logs.set(namespace, podName, container, toLogLines(crashOutput, now - 62_000), true);
    const status = (pod.status ?? {}) as PodStatus;
    const next: ContainerStatus = {
      ...current,
      ready: false,
      started: false,
      restartCount: restarts,
      state: {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off 5m0s restarting failed container=${container} pod=${podName}_${namespace}(${pod.metadata.uid})`,
        },
      },
      lastState: {
        terminated: {
          exitCode: 1,
          reason: 'Error',
          ...(opts.message ? { message: opts.message.slice(0, 4096) } : {}),
          startedAt: kubeTimestamp(new Date(now - 4_000)),
          finishedAt: kubeTimestamp(new Date(now - 1_000)),
          containerID: current.containerID ?? `containerd://${'0'.repeat(64)}`,
        },
      },
    };
    const saved = this.savePod(pod, {
      ...status,
      phase: 'Running',
      conditions: this.notReadyConditions(status, container),
      containerStatuses: this.withContainerStatus(status, next),
    });
    recordEvent(
      this.store,
      saved,
      'Warning',
      'BackOff',
      `Back-off restarting failed container ${container} in pod ${podName}_${namespace}(${pod.metadata.uid})`,
      { component: 'kubelet', host: (pod.spec as any)?.nodeName },
      `spec.containers{${container}}`,
    );
  }

  oomKilled(namespace: string, podName: string) {
    const pod = this.pod(namespace, podName);
    const container = this.mainContainer(pod);
    const current = this.containerStatus(pod, container);
    const now = Date.now();
    const status = (pod.status ?? {}) as PodStatus;
    const previousLogs = this.logs.get(namespace, podName, container)?.current ?? [];
    this.logs.set(namespace, podName, container, previousLogs, true);
    this.logs.set(namespace, podName, container, []);
    const next: ContainerStatus = {
      ...current,
      ready: false,
      started: false,
      restartCount: (current.restartCount ?? 0) + 1,
      state: {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off 10s restarting failed container=${container} pod=${podName}_${namespace}(${pod.metadata.uid})`,
        },
      },
      lastState: {
        terminated: {
          exitCode: 137,
          reason: 'OOMKilled',
          startedAt:
            current.state?.running?.startedAt ?? kubeTimestamp(new Date(now - 600_000)),
          finishedAt: kubeTimestamp(new Date(now)),
          containerID: current.containerID ?? `containerd://${'0'.repeat(64)}`,
        },
      },
    };
    const saved = this.savePod(pod, {
      ...status,
      conditions: this.notReadyConditions(status, container),
      containerStatuses: this.withContainerStatus(status, next),
    });
    recordEvent(
      this.store,
      saved,
      'Warning',
      'BackOff',
      `Back-off restarting failed container ${container} in pod ${podName}_${namespace}(${pod.metadata.uid})`,
      { component: 'kubelet', host: (pod.spec as any)?.nodeName },
      `spec.containers{${container}}`,
    );
  }

  imagePullBackOff(namespace: string, podName: string, image?: string) {
    const pod = this.pod(namespace, podName);
    const container = this.mainContainer(pod);
    const spec = pod.spec as { containers: Array<{ name: string; image?: string }> };
    const pulled = image ?? spec.containers[0].image ?? 'unknown';
    const nextSpec = {
      ...spec,
      containers: spec.containers.map(c => (c.name === container ? { ...c, image: pulled } : c)),
    };
    const current = this.containerStatus(pod, container);
    const status = (pod.status ?? {}) as PodStatus;
    const next: ContainerStatus = {
      ...current,
      image: pulled,
      imageID: '',
      ready: false,
      started: false,
      state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${pulled}"` } },
      lastState: {},
    };
    delete next.containerID;
    const saved = this.savePod(
      pod,
      {
        ...status,
        conditions: this.notReadyConditions(status, container),
        containerStatuses: this.withContainerStatus(status, next),
      },
      nextSpec,
    );
    const source = { component: 'kubelet', host: (pod.spec as any)?.nodeName };
    const fieldPath = `spec.containers{${container}}`;
    recordEvent(this.store, saved, 'Normal', 'Pulling', `Pulling image "${pulled}"`, source, fieldPath);
    recordEvent(
      this.store,
      saved,
      'Warning',
      'Failed',
      `Failed to pull image "${pulled}": rpc error: code = NotFound desc = failed to pull and unpack image "${pulled}": failed to resolve reference "${pulled}": ${pulled}: not found`,
      source,
      fieldPath,
    );
    recordEvent(this.store, saved, 'Warning', 'Failed', 'Error: ErrImagePull', source, fieldPath);
    recordEvent(this.store, saved, 'Normal', 'BackOff', `Back-off pulling image "${pulled}"`, source, fieldPath);
    recordEvent(this.store, saved, 'Warning', 'Failed', 'Error: ImagePullBackOff', source, fieldPath);
  }

  pendingUnschedulable(namespace: string, podName: string, message?: string) {
    const pod = this.pod(namespace, podName);
    const nodes = this.store.kind(this.nodeType).size;
    const reason =
      message ??
      `0/${nodes} nodes are available: ${nodes} Insufficient cpu. preemption: 0/${nodes} nodes are available: ${nodes} No preemption victims found for incoming pod.`;
    const { nodeName: _nodeName, ...spec } = (pod.spec ?? {}) as Record<string, unknown>;
    const status = (pod.status ?? {}) as PodStatus;
    const saved = this.savePod(
      pod,
      {
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: reason,
            lastProbeTime: null,
            lastTransitionTime: kubeTimestamp(),
          },
        ],
        ...(status.qosClass ? { qosClass: status.qosClass } : {}),
      },
      spec,
    );
    this.logs.deletePod(namespace, podName);
    recordEvent(this.store, saved, 'Warning', 'FailedScheduling', reason, {
      component: 'default-scheduler',
    });
  }
}

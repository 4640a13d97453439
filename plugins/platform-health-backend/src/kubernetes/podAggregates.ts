import type { V1Pod } from '@kubernetes/client-node';
import type { ResourceAmounts } from '@internal/plugin-platform-health-common';
import { mayWarnOfRestarts, podProblem } from './podProblems';
import { isActivePod, podRequests } from './resources';

/**
 * Sums are kept in integers (micro-cores, bytes): they go up and down with every watch
 * event for as long as the process runs, and floating-point sums would drift.
 */
const MICRO = 1_000_000;

interface Sum {
  pods: number;
  cpuMicro: number;
  memoryBytes: number;
}

const emptySum = (): Sum => ({ pods: 0, cpuMicro: 0, memoryBytes: 0 });

function change(sum: Sum, requests: ResourceAmounts, sign: 1 | -1) {
  sum.pods += sign;
  sum.cpuMicro += sign * Math.round(requests.cpu * MICRO);
  sum.memoryBytes += sign * Math.round(requests.memoryBytes);
}

/** Pods of one node: their requests, and the pods themselves (for NodeNotReady). */
interface NodeState extends Sum {
  pods: number;
  members: Map<string, V1Pod>;
}

const keyOf = (pod: V1Pod) =>
  `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;

/**
 * What the cluster overview reads from the pods, kept up to date pod by pod: counts by
 * phase, requests and pod counts by namespace and by node, and the pods that may be
 * problems. A watch event costs one `remove` and one `add` instead of a pass over
 * 150,000 pods, so an overview under a steady stream of changes reads sums, not pods.
 *
 * Problem candidates are the pods with a problem of their own whatever the time and the
 * nodes (a readiness failure counts before its grace period is over), and the running
 * pods whose containers ended before (a restart warning depends on when); whether it is a
 * problem now, and pods on a node that is not ready, are decided when an overview is
 * computed, over this short list and the members of the not-ready nodes.
 */
export class PodAggregates {
  total = 0;
  readonly phases = new Map<string, number>();
  private readonly namespaces = new Map<string, Sum>();
  private readonly nodes = new Map<string, NodeState>();
  private readonly candidates = new Map<string, V1Pod>();

  static of(pods: Iterable<V1Pod>): PodAggregates {
    const aggregates = new PodAggregates();
    for (const pod of pods) aggregates.add(pod);
    return aggregates;
  }

  add(pod: V1Pod): void {
    this.apply(pod, 1);
  }

  /** Takes out a pod added before (the same object: what it added is read again from it). */
  remove(pod: V1Pod): void {
    this.apply(pod, -1);
  }

  private apply(pod: V1Pod, sign: 1 | -1) {
    this.total += sign;
    const phase = pod.status?.phase ?? 'Unknown';
    const count = (this.phases.get(phase) ?? 0) + sign;
    if (count) this.phases.set(phase, count);
    else this.phases.delete(phase);
    const key = keyOf(pod);
    if (sign > 0) {
      // Restart warnings depend on the time: every pod that may be one is a candidate.
      if (
        podProblem(pod, () => undefined, Number.POSITIVE_INFINITY) ||
        mayWarnOfRestarts(pod)
      ) {
        this.candidates.set(key, pod);
      }
    } else this.candidates.delete(key);
    const nodeName = pod.spec?.nodeName;
    if (nodeName) {
      let node = this.nodes.get(nodeName);
      if (!node) {
        node = { ...emptySum(), members: new Map() };
        this.nodes.set(nodeName, node);
      }
      if (sign > 0) node.members.set(key, pod);
      else node.members.delete(key);
    }
    if (!isActivePod(pod)) {
      if (nodeName) this.dropEmptyNode(nodeName);
      return;
    }
    const requests = podRequests(pod);
    const namespace = pod.metadata?.namespace ?? '';
    let ns = this.namespaces.get(namespace);
    if (!ns) {
      ns = emptySum();
      this.namespaces.set(namespace, ns);
    }
    change(ns, requests, sign);
    if (ns.pods === 0) this.namespaces.delete(namespace);
    if (nodeName) {
      change(this.nodes.get(nodeName)!, requests, sign);
      this.dropEmptyNode(nodeName);
    }
  }

  private dropEmptyNode(name: string) {
    const node = this.nodes.get(name);
    if (node && node.members.size === 0) this.nodes.delete(name);
  }

  /** Active pods and their requests in a namespace. */
  namespace(name: string): { pods: number; requested: ResourceAmounts } {
    return toAmounts(this.namespaces.get(name));
  }

  namespaceNames(): IterableIterator<string> {
    return this.namespaces.keys();
  }

  /** Active pods and their requests on a node. */
  node(name: string): { pods: number; requested: ResourceAmounts } {
    return toAmounts(this.nodes.get(name));
  }

  /** The pods that may be problems now: candidates, and every pod of a node not ready. */
  problemCandidates(
    nodeReady: (name: string) => boolean | undefined,
  ): Iterable<V1Pod> {
    const pods = new Map(this.candidates);
    for (const [name, node] of this.nodes) {
      if (nodeReady(name) !== false) continue;
      for (const [key, pod] of node.members) pods.set(key, pod);
    }
    return pods.values();
  }
}

function toAmounts(sum: Sum | undefined) {
  return {
    pods: sum?.pods ?? 0,
    requested: {
      cpu: (sum?.cpuMicro ?? 0) / MICRO,
      memoryBytes: sum?.memoryBytes ?? 0,
    },
  };
}

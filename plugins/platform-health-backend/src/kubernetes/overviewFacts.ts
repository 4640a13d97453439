import type { V1Node } from '@kubernetes/client-node';
import type { ResourceAmounts } from '@internal/plugin-platform-health-common';
import type { ClusterSnapshot } from './clusterSnapshot';
import { isNodeReady, nodeNotReadyReason, nodeRoles } from './nodes';
import { quantity } from './quantities';
import { add, zero } from './resources';

/** What an overview reads from a node object alone (not its pods, not its usage). */
export interface NodeFacts {
  name: string;
  ready: boolean;
  reason?: string;
  unschedulable: boolean;
  roles: string[];
  capacity: ResourceAmounts & { pods: number };
  allocatable: ResourceAmounts & { pods: number };
}

// The cache replaces an object when it changes (a watch event is a new object), so what
// is read from an unchanged node or metrics poll is kept with it: an overview under a
// stream of pod changes then parses no quantity of 5,000 nodes and 150,000 pod metrics.
const factsOfNode = new WeakMap<V1Node, NodeFacts>();

/** The node's readiness, roles, capacity and allocatable (read once per node object). */
export function nodeFacts(node: V1Node): NodeFacts {
  let facts = factsOfNode.get(node);
  if (!facts) {
    facts = readNodeFacts(node);
    factsOfNode.set(node, facts);
  }
  return facts;
}

function readNodeFacts(node: V1Node): NodeFacts {
  const ready = isNodeReady(node);
  const capacity = node.status?.capacity;
  const allocatable = node.status?.allocatable;
  const reason = ready ? undefined : nodeNotReadyReason(node);
  return {
    name: node.metadata?.name ?? '',
    ready,
    ...(reason ? { reason } : {}),
    unschedulable: !!node.spec?.unschedulable,
    roles: nodeRoles(node),
    capacity: {
      cpu: quantity(capacity?.cpu),
      memoryBytes: quantity(capacity?.memory),
      pods: quantity(capacity?.pods),
    },
    allocatable: {
      cpu: quantity(allocatable?.cpu ?? capacity?.cpu),
      memoryBytes: quantity(allocatable?.memory ?? capacity?.memory),
      pods: quantity(allocatable?.pods ?? capacity?.pods),
    },
  };
}

type Metrics = NonNullable<ClusterSnapshot['metrics']>;

/** Usage from one metrics.k8s.io poll, by node and by namespace. */
export interface MetricsUsage {
  byNode: ReadonlyMap<string, ResourceAmounts>;
  /** Every namespace with pod metrics (even without containers), in metrics order. */
  byNamespace: ReadonlyMap<string, ResourceAmounts>;
}

const usageOfMetrics = new WeakMap<Metrics, MetricsUsage>();

/**
 * The usage of one poll, summed once: the poller replaces its state every poll (every
 * 30 s), while overviews are recomputed after every watch event. The sums are made in
 * the order of the poll, as before, so they are the same to the last bit.
 */
export function metricsUsage(metrics: Metrics | undefined): MetricsUsage {
  if (!metrics) return { byNode: new Map(), byNamespace: new Map() };
  let usage = usageOfMetrics.get(metrics);
  if (!usage) {
    usage = readMetricsUsage(metrics);
    usageOfMetrics.set(metrics, usage);
  }
  return usage;
}

function readMetricsUsage(metrics: Metrics): MetricsUsage {
  const byNode = new Map<string, ResourceAmounts>();
  for (const m of metrics.nodes ?? []) {
    byNode.set(m.metadata.name, {
      cpu: quantity(m.usage.cpu),
      memoryBytes: quantity(m.usage.memory),
    });
  }
  const byNamespace = new Map<string, ResourceAmounts>();
  for (const m of metrics.pods ?? []) {
    let used = byNamespace.get(m.metadata.namespace);
    if (!used) {
      used = zero();
      byNamespace.set(m.metadata.namespace, used);
    }
    for (const c of m.containers ?? []) {
      add(used, {
        cpu: quantity(c.usage.cpu),
        memoryBytes: quantity(c.usage.memory),
      });
    }
  }
  return { byNode, byNamespace };
}

import type {
  ClusterOverview,
  ClusterSummary,
  NamespaceUsage,
  NodeHealth,
  QuotaUsage,
  ResourceAmounts,
} from '@internal/plugin-platform-health-common';
import type { ClusterSnapshot } from './clusterSnapshot';
import { eventTime, podWarningIndex, summarizeEvent } from './events';
import { isNodeReady, nodeNotReadyReason, nodeRoles } from './nodes';
import { problemPods } from './podProblems';
import { parseQuantity, quantity } from './quantities';
import { add, isActivePod, podRequests, zero } from './resources';

/** The most problem pods an overview lists (it still counts them all). */
export const MAX_PROBLEM_PODS = 200;
/** The most recent cluster-wide warning events an overview lists. */
export const MAX_WARNING_EVENTS = 25;

function quotaUsage(
  quota: string,
  hard: Record<string, string>,
  used: Record<string, string>,
): QuotaUsage[] {
  return Object.entries(hard).map(([resource, limit]) => {
    const usedText = used[resource] ?? '0';
    const h = parseQuantity(limit);
    const u = parseQuantity(usedText);
    return {
      quota,
      resource,
      hard: String(limit),
      used: String(usedText),
      ...(h !== undefined && u !== undefined && h > 0 ? { ratio: u / h } : {}),
    };
  });
}

/**
 * The cluster overview from a snapshot: one pass over the pods (requests by node and
 * namespace, phases, problems), one over the events. Pure, so the same code serves the
 * cache and the benchmark's list-everything baseline.
 */
export function computeOverview(
  summary: Omit<ClusterSummary, 'nodes' | 'pods'>,
  snapshot: ClusterSnapshot,
): ClusterOverview {
  const readyByNode = new Map<string, boolean>();
  for (const node of snapshot.nodes) {
    readyByNode.set(node.metadata?.name ?? '', isNodeReady(node));
  }
  const nodeReady = (name: string) => readyByNode.get(name);

  const requestedByNode = new Map<string, ResourceAmounts>();
  const podsByNode = new Map<string, number>();
  const byNamespace = new Map<
    string,
    { pods: number; requested: ResourceAmounts; used?: ResourceAmounts }
  >();
  const namespaceOf = (name: string) => {
    let ns = byNamespace.get(name);
    if (!ns) {
      ns = { pods: 0, requested: zero() };
      byNamespace.set(name, ns);
    }
    return ns;
  };
  for (const ns of snapshot.namespaces) namespaceOf(ns.metadata?.name ?? '');

  const podsByPhase: Record<string, number> = {};
  for (const pod of snapshot.pods) {
    const phase = pod.status?.phase ?? 'Unknown';
    podsByPhase[phase] = (podsByPhase[phase] ?? 0) + 1;
    if (!isActivePod(pod)) continue;
    const requests = podRequests(pod);
    const ns = namespaceOf(pod.metadata?.namespace ?? '');
    ns.pods++;
    add(ns.requested, requests);
    const node = pod.spec?.nodeName;
    if (node) {
      let r = requestedByNode.get(node);
      if (!r) {
        r = zero();
        requestedByNode.set(node, r);
      }
      add(r, requests);
      podsByNode.set(node, (podsByNode.get(node) ?? 0) + 1);
    }
  }

  const metrics = snapshot.metrics;
  const metricsAvailable = !!metrics?.collectedAt;
  const usedByNode = new Map<string, ResourceAmounts>();
  for (const m of metrics?.nodes ?? []) {
    usedByNode.set(m.metadata.name, {
      cpu: quantity(m.usage.cpu),
      memoryBytes: quantity(m.usage.memory),
    });
  }
  for (const m of metrics?.pods ?? []) {
    const ns = namespaceOf(m.metadata.namespace);
    ns.used ??= zero();
    for (const c of m.containers ?? []) {
      add(ns.used, {
        cpu: quantity(c.usage.cpu),
        memoryBytes: quantity(c.usage.memory),
      });
    }
  }

  const totals: ClusterOverview['totals'] = {
    nodes: snapshot.nodes.length,
    readyNodes: 0,
    capacity: zero(),
    allocatable: zero(),
    requested: zero(),
    ...(metricsAvailable ? { used: zero() } : {}),
  };
  const nodes: NodeHealth[] = snapshot.nodes.map(node => {
    const name = node.metadata?.name ?? '';
    const ready = readyByNode.get(name) ?? false;
    const capacity = {
      cpu: quantity(node.status?.capacity?.cpu),
      memoryBytes: quantity(node.status?.capacity?.memory),
      pods: quantity(node.status?.capacity?.pods),
    };
    const allocatable = {
      cpu: quantity(
        node.status?.allocatable?.cpu ?? node.status?.capacity?.cpu,
      ),
      memoryBytes: quantity(
        node.status?.allocatable?.memory ?? node.status?.capacity?.memory,
      ),
      pods: quantity(
        node.status?.allocatable?.pods ?? node.status?.capacity?.pods,
      ),
    };
    const requested = requestedByNode.get(name) ?? zero();
    const used = usedByNode.get(name);
    if (ready) totals.readyNodes++;
    add(totals.capacity, capacity);
    add(totals.allocatable, allocatable);
    add(totals.requested, requested);
    if (used && totals.used) add(totals.used, used);
    const reason = ready ? undefined : nodeNotReadyReason(node);
    return {
      name,
      ready,
      ...(reason ? { reason } : {}),
      unschedulable: !!node.spec?.unschedulable,
      roles: nodeRoles(node),
      capacity,
      allocatable,
      requested,
      ...(used ? { used } : {}),
      pods: podsByNode.get(name) ?? 0,
    };
  });
  nodes.sort(
    (a, b) => Number(a.ready) - Number(b.ready) || a.name.localeCompare(b.name),
  );

  const warnings = podWarningIndex(snapshot.events);
  const problems = problemPods(
    summary.name,
    snapshot.pods,
    nodeReady,
    warnings,
  );

  const warningEvents = snapshot.events
    .filter(e => e.type === 'Warning')
    .sort((a, b) => eventTime(b) - eventTime(a))
    .slice(0, MAX_WARNING_EVENTS)
    .map(summarizeEvent);

  const quotasByNamespace = new Map<string, QuotaUsage[]>();
  for (const quota of snapshot.quotas) {
    const ns = quota.metadata?.namespace ?? '';
    const usage = quotaUsage(
      quota.metadata?.name ?? '',
      (quota.status?.hard ?? quota.spec?.hard ?? {}) as Record<string, string>,
      (quota.status?.used ?? {}) as Record<string, string>,
    );
    quotasByNamespace.set(ns, [...(quotasByNamespace.get(ns) ?? []), ...usage]);
    namespaceOf(ns);
  }
  const namespaces: NamespaceUsage[] = [...byNamespace.entries()]
    .filter(([name]) => name)
    .map(([name, ns]) => ({
      name,
      pods: ns.pods,
      requested: ns.requested,
      ...(ns.used ? { used: ns.used } : {}),
      quotas: quotasByNamespace.get(name) ?? [],
    }))
    .sort((a, b) => a.name.localeCompare(b.name));

  return {
    cluster: {
      ...summary,
      nodes: { total: totals.nodes, ready: totals.readyNodes },
      pods: { total: snapshot.pods.length, problems: problems.length },
    },
    totals,
    nodes,
    podsByPhase,
    problemPods: problems.slice(0, MAX_PROBLEM_PODS),
    problemPodsTotal: problems.length,
    warningEvents,
    namespaces,
    metrics: {
      available: metricsAvailable,
      ...(metrics?.collectedAt ? { collectedAt: metrics.collectedAt } : {}),
      ...(metrics?.error ? { error: metrics.error } : {}),
    },
  };
}

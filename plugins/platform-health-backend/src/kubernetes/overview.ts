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
import { problemPods } from './podProblems';
import { parseQuantity } from './quantities';
import { metricsUsage, nodeFacts } from './overviewFacts';
import { PodAggregates } from './podAggregates';
import { add, zero } from './resources';

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
 * The cluster overview from a snapshot and the pods' aggregates: the pods are read
 * through {@link PodAggregates} (kept up to date per watch event by the cache, or built
 * here in one pass from `snapshot.pods`), so an overview costs a pass over the nodes,
 * the namespaces and the few problem candidates, not over every pod. Pure, so the same
 * code serves the cache and the benchmark's list-everything baseline.
 */
export function computeOverview(
  summary: Omit<ClusterSummary, 'nodes' | 'pods'>,
  snapshot: Omit<ClusterSnapshot, 'pods'> & { pods?: ClusterSnapshot['pods'] },
  aggregates: PodAggregates = PodAggregates.of(snapshot.pods ?? []),
): ClusterOverview {
  const readyByNode = new Map<string, boolean>();
  for (const node of snapshot.nodes) {
    const facts = nodeFacts(node);
    readyByNode.set(facts.name, facts.ready);
  }
  const nodeReady = (name: string) => readyByNode.get(name);

  const byNamespace = new Map<
    string,
    { pods: number; requested: ResourceAmounts; used?: ResourceAmounts }
  >();
  const namespaceOf = (name: string) => {
    let ns = byNamespace.get(name);
    if (!ns) {
      ns = aggregates.namespace(name);
      byNamespace.set(name, ns);
    }
    return ns;
  };
  for (const ns of snapshot.namespaces) namespaceOf(ns.metadata?.name ?? '');
  for (const name of aggregates.namespaceNames()) namespaceOf(name);

  const podsByPhase: Record<string, number> = Object.fromEntries(
    aggregates.phases,
  );

  const metrics = snapshot.metrics;
  const metricsAvailable = !!metrics?.collectedAt;
  const { byNode: usedByNode, byNamespace: usedByNamespace } =
    metricsUsage(metrics);
  for (const [name, used] of usedByNamespace) namespaceOf(name).used = used;

  const totals: ClusterOverview['totals'] = {
    nodes: snapshot.nodes.length,
    readyNodes: 0,
    capacity: zero(),
    allocatable: zero(),
    requested: zero(),
    ...(metricsAvailable ? { used: zero() } : {}),
  };
  const nodes: NodeHealth[] = snapshot.nodes.map(node => {
    const facts = nodeFacts(node);
    const { name, capacity, allocatable } = facts;
    const ready = readyByNode.get(name) ?? false;
    const { requested, pods } = aggregates.node(name);
    const used = usedByNode.get(name);
    if (ready) totals.readyNodes++;
    add(totals.capacity, capacity);
    add(totals.allocatable, allocatable);
    add(totals.requested, requested);
    if (used && totals.used) add(totals.used, used);
    const reason = ready ? undefined : facts.reason;
    return {
      name,
      ready,
      ...(reason ? { reason } : {}),
      unschedulable: facts.unschedulable,
      roles: facts.roles,
      capacity,
      allocatable,
      requested,
      ...(used ? { used } : {}),
      pods,
    };
  });
  nodes.sort(
    (a, b) => Number(a.ready) - Number(b.ready) || a.name.localeCompare(b.name),
  );

  const warnings = podWarningIndex(snapshot.events);
  const problems = problemPods(
    summary.name,
    aggregates.problemCandidates(nodeReady),
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
      pods: { total: aggregates.total, problems: problems.length },
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

import type {
  CoreV1Event,
  V1Container,
  V1ContainerStatus,
  V1Node,
  V1Pod,
} from '@kubernetes/client-node';
import type {
  ClusterOverview,
  ClusterSummary,
  KubeEventSummary,
  NamespaceUsage,
  NodeHealth,
  ProblemPod,
  ProblemReason,
  QuotaUsage,
  ResourceAmounts,
} from '@internal/plugin-platform-health-common';
import type { ClusterSnapshot } from './ClusterCache';
import { parseQuantity, quantity } from './quantities';

/** The most problem pods an overview lists (it still counts them all). */
export const MAX_PROBLEM_PODS = 200;
/** The most recent cluster-wide warning events an overview lists. */
export const MAX_WARNING_EVENTS = 25;
/** Warning events kept per problem pod. */
const EVENTS_PER_POD = 5;

const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

/** Watch events carry timestamps as strings, generated clients as Dates: read both. */
export function timeOf(value: unknown): number | undefined {
  if (!value) return undefined;
  const ms =
    value instanceof Date ? value.getTime() : Date.parse(String(value));
  return Number.isNaN(ms) ? undefined : ms;
}

function isoOf(value: unknown): string | undefined {
  const ms = timeOf(value);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

export function isNodeReady(node: V1Node): boolean {
  return (
    node.status?.conditions?.find(c => c.type === 'Ready')?.status === 'True'
  );
}

function nodeNotReadyReason(node: V1Node): string | undefined {
  const ready = node.status?.conditions?.find(c => c.type === 'Ready');
  if (!ready) return 'the node reports no Ready condition';
  if (ready.status === 'True') return undefined;
  return (
    [ready.reason, ready.message].filter(Boolean).join(': ') ||
    `Ready is ${ready.status}`
  );
}

const zero = (): ResourceAmounts => ({ cpu: 0, memoryBytes: 0 });

function add(into: ResourceAmounts, more: ResourceAmounts) {
  into.cpu += more.cpu;
  into.memoryBytes += more.memoryBytes;
}

// The cache replaces a pod object when it changes, so what was read from an unchanged
// pod can be kept with it: recomputing an overview then parses only what changed.
const requestsOfPod = new WeakMap<V1Pod, ResourceAmounts>();

/** What a pod asks the scheduler for: its containers' requests (init containers run first, alone). */
export function podRequests(pod: V1Pod): ResourceAmounts {
  let requests = requestsOfPod.get(pod);
  if (!requests) {
    requests = readPodRequests(pod);
    requestsOfPod.set(pod, requests);
  }
  return requests;
}

function readPodRequests(pod: V1Pod): ResourceAmounts {
  const sum = zero();
  const of = (c: V1Container) => ({
    cpu: quantity(c.resources?.requests?.cpu),
    memoryBytes: quantity(c.resources?.requests?.memory),
  });
  for (const container of pod.spec?.containers ?? []) add(sum, of(container));
  for (const init of pod.spec?.initContainers ?? []) {
    const r = of(init);
    sum.cpu = Math.max(sum.cpu, r.cpu);
    sum.memoryBytes = Math.max(sum.memoryBytes, r.memoryBytes);
  }
  return sum;
}

/** Pods that hold resources: bound and not finished. */
export function isActivePod(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

interface PodProblem {
  reason: ProblemReason;
  message?: string;
  container?: string;
}

function containerProblem(status: V1ContainerStatus): PodProblem | undefined {
  const waiting = status.state?.waiting;
  const terminated = status.state?.terminated;
  const lastTerminated = status.lastState?.terminated;
  const oom =
    terminated?.reason === 'OOMKilled' ||
    (lastTerminated?.reason === 'OOMKilled' && !status.ready);
  if (oom) {
    return {
      reason: 'OOMKilled',
      container: status.name,
      message:
        waiting?.message ??
        `container ${status.name} ran out of memory (exit code ${
          (terminated ?? lastTerminated)?.exitCode ?? 137
        })`,
    };
  }
  switch (waiting?.reason) {
    case 'CrashLoopBackOff':
      return {
        reason: 'CrashLoopBackOff',
        container: status.name,
        message:
          waiting.message ??
          (lastTerminated
            ? `last exit: ${lastTerminated.reason ?? 'exit'} (code ${
                lastTerminated.exitCode
              })`
            : undefined),
      };
    case 'ImagePullBackOff':
    case 'ErrImagePull':
      return {
        reason: waiting.reason,
        container: status.name,
        message: waiting.message ?? `cannot pull ${status.image}`,
      };
    case 'CreateContainerConfigError':
    case 'CreateContainerError':
    case 'InvalidImageName':
    case 'RunContainerError':
      return {
        reason: 'Error',
        container: status.name,
        message: [waiting.reason, waiting.message].filter(Boolean).join(': '),
      };
    default:
  }
  if (terminated && terminated.exitCode !== 0) {
    return {
      reason: 'Error',
      container: status.name,
      message: `container ${status.name} exited with code ${
        terminated.exitCode
      }${terminated.reason ? ` (${terminated.reason})` : ''}`,
    };
  }
  return undefined;
}

/** Why a pod needs attention, or undefined when it does not. */
export function podProblem(
  pod: V1Pod,
  nodeReady: (name: string) => boolean | undefined,
): PodProblem | undefined {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded') return undefined;
  for (const status of [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ]) {
    const problem = containerProblem(status);
    if (problem) return problem;
  }
  if (phase === 'Failed') {
    return {
      reason: 'Failed',
      message:
        [pod.status?.reason, pod.status?.message].filter(Boolean).join(': ') ||
        undefined,
    };
  }
  const scheduled = pod.status?.conditions?.find(
    c => c.type === 'PodScheduled',
  );
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    return { reason: 'Unschedulable', message: scheduled.message };
  }
  const node = pod.spec?.nodeName;
  if (node && nodeReady(node) === false) {
    return {
      reason: 'NodeNotReady',
      message: `its node ${node} is not ready`,
    };
  }
  return undefined;
}

function restartsOf(pod: V1Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce(
    (sum, s) => sum + (s.restartCount ?? 0),
    0,
  );
}

function eventTime(event: CoreV1Event): number {
  return (
    timeOf(event.lastTimestamp) ??
    timeOf(event.eventTime) ??
    timeOf(event.series?.lastObservedTime) ??
    timeOf(event.firstTimestamp) ??
    timeOf(event.metadata?.creationTimestamp) ??
    0
  );
}

export function summarizeEvent(event: CoreV1Event): KubeEventSummary {
  return {
    namespace: event.involvedObject?.namespace ?? event.metadata?.namespace,
    kind: event.involvedObject?.kind,
    name: event.involvedObject?.name,
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: event.message ?? '',
    count: event.count ?? event.series?.count ?? 1,
    lastSeen: isoOf(
      event.lastTimestamp ??
        event.eventTime ??
        event.series?.lastObservedTime ??
        event.firstTimestamp ??
        event.metadata?.creationTimestamp,
    ),
  };
}

/** Warning events of pods, newest first, by `namespace/name`. */
export function podWarningIndex(
  events: readonly CoreV1Event[],
): Map<string, CoreV1Event[]> {
  const index = new Map<string, CoreV1Event[]>();
  for (const event of events) {
    if (event.type !== 'Warning' || event.involvedObject?.kind !== 'Pod') {
      continue;
    }
    const key = `${
      event.involvedObject.namespace ?? event.metadata?.namespace
    }/${event.involvedObject.name}`;
    const list = index.get(key);
    if (list) list.push(event);
    else index.set(key, [event]);
  }
  for (const list of index.values()) {
    list.sort((a, b) => eventTime(b) - eventTime(a));
  }
  return index;
}

const REASON_ORDER: ProblemReason[] = [
  'NodeNotReady',
  'CrashLoopBackOff',
  'OOMKilled',
  'ImagePullBackOff',
  'ErrImagePull',
  'Unschedulable',
  'Error',
  'Failed',
  'ContainersNotReady',
];

/** The problem pods among `pods`, worst first. */
export function problemPods(
  cluster: string,
  pods: Iterable<V1Pod>,
  nodeReady: (name: string) => boolean | undefined,
  warnings: Map<string, CoreV1Event[]>,
): ProblemPod[] {
  const result: ProblemPod[] = [];
  for (const pod of pods) {
    const problem = podProblem(pod, nodeReady);
    if (!problem) continue;
    const namespace = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    result.push({
      cluster,
      namespace,
      name,
      phase: pod.status?.phase ?? 'Unknown',
      reason: problem.reason,
      ...(problem.message ? { message: problem.message } : {}),
      ...(problem.container ? { container: problem.container } : {}),
      restarts: restartsOf(pod),
      ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
      ...(pod.metadata?.labels?.[KUBERNETES_ID_LABEL]
        ? { kubernetesId: pod.metadata.labels[KUBERNETES_ID_LABEL] }
        : {}),
      events: (warnings.get(`${namespace}/${name}`) ?? [])
        .slice(0, EVENTS_PER_POD)
        .map(summarizeEvent),
    });
  }
  return result.sort(
    (a, b) =>
      REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason) ||
      a.namespace.localeCompare(b.namespace) ||
      a.name.localeCompare(b.name),
  );
}

function nodeRoles(node: V1Node): string[] {
  return Object.keys(node.metadata?.labels ?? {})
    .filter(l => l.startsWith('node-role.kubernetes.io/'))
    .map(l => l.slice('node-role.kubernetes.io/'.length))
    .filter(Boolean);
}

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

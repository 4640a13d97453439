/**
 * How fresh an answer from a cache is. `stale` is true when the source did not answer
 * the last time it was asked (then `error` says why) or when the data is older than the
 * configured staleness limit; the data shown is then the last known.
 *
 * @public
 */
export interface Freshness {
  /** When the data was last known to match the source (ISO 8601); absent before the first sync. */
  syncedAt?: string;
  /** Seconds since `syncedAt`. */
  ageSeconds?: number;
  stale: boolean;
  /** Why the source is not answering, in words a person can act on. */
  error?: string;
}

/** A configured cluster. @public */
export interface ClusterSummary {
  name: string;
  title: string;
  /** The demo's simulated cluster (Atrium's Kubernetes test server), not a real one. */
  simulated: boolean;
  freshness: Freshness;
  nodes: { total: number; ready: number };
  pods: { total: number; problems: number };
}

/** CPU in cores and memory in bytes. @public */
export interface ResourceAmounts {
  cpu: number;
  memoryBytes: number;
}

/** @public */
export interface NodeHealth {
  name: string;
  ready: boolean;
  /** Why the node is not ready (its Ready condition's reason and message). */
  reason?: string;
  unschedulable: boolean;
  roles: string[];
  capacity: ResourceAmounts & { pods: number };
  allocatable: ResourceAmounts & { pods: number };
  /** Sum of the requests of the pods bound to the node that have not finished. */
  requested: ResourceAmounts;
  /** From metrics.k8s.io; absent when metrics are not available. */
  used?: ResourceAmounts;
  pods: number;
}

/**
 * Why a pod needs attention. `NodeNotReady`: it runs on a node that is not ready.
 *
 * @public
 */
export type ProblemReason =
  | 'CrashLoopBackOff'
  | 'OOMKilled'
  | 'ImagePullBackOff'
  | 'ErrImagePull'
  | 'Unschedulable'
  | 'Error'
  | 'NodeNotReady'
  | 'ContainersNotReady'
  | 'Failed'
  /** Runs now, but restarted repeatedly or within the last hour (a warning). */
  | 'RestartedRecently'
  /** Runs now, but a container was OOMKilled within the last day (a warning). */
  | 'OOMKilledRecently';

/**
 * How urgent a problem pod is: `error` (absent: the same) needs attention now;
 * `warning` runs now but did not run well lately (restarts, a recent OOM kill).
 *
 * @public
 */
export type ProblemSeverity = 'error' | 'warning';

/** @public */
export interface KubeEventSummary {
  namespace?: string;
  kind?: string;
  name?: string;
  type: string;
  reason: string;
  message: string;
  count: number;
  lastSeen?: string;
}

/** @public */
export interface ProblemPod {
  cluster: string;
  namespace: string;
  name: string;
  phase: string;
  reason: ProblemReason;
  /** Absent for errors (every reason but the `...Recently` ones). */
  severity?: ProblemSeverity;
  /** What Kubernetes says about it: the container state's or condition's message. */
  message?: string;
  container?: string;
  restarts: number;
  node?: string;
  /** The pod's `backstage.io/kubernetes-id` label, when it has one. */
  kubernetesId?: string;
  /** The pod's latest warning events, newest first. */
  events: KubeEventSummary[];
}

/** @public */
export interface QuotaUsage {
  quota: string;
  resource: string;
  hard: string;
  used: string;
  /** used / hard, when both are quantities. */
  ratio?: number;
}

/** @public */
export interface NamespaceUsage {
  name: string;
  pods: number;
  requested: ResourceAmounts;
  used?: ResourceAmounts;
  quotas: QuotaUsage[];
}

/** @public */
export interface ClusterOverview {
  cluster: ClusterSummary;
  totals: {
    nodes: number;
    readyNodes: number;
    capacity: ResourceAmounts;
    allocatable: ResourceAmounts;
    requested: ResourceAmounts;
    used?: ResourceAmounts;
  };
  nodes: NodeHealth[];
  podsByPhase: Record<string, number>;
  problemPods: ProblemPod[];
  /** How many problem pods there are in all (`problemPods` is capped). */
  problemPodsTotal: number;
  warningEvents: KubeEventSummary[];
  namespaces: NamespaceUsage[];
  metrics: { available: boolean; collectedAt?: string; error?: string };
}

/** The last lines a container printed. @public */
export interface PodLogs {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  /** Logs of the previous (crashed) instance, when the current one has none yet. */
  previous: boolean;
  lines: string[];
}

/** @public */
export type ServiceState = 'healthy' | 'degraded' | 'down' | 'unknown';

/** A Deployment or StatefulSet of a service. @public */
export interface WorkloadHealth {
  cluster: string;
  kind: 'Deployment' | 'StatefulSet';
  namespace: string;
  name: string;
  desired: number;
  ready: number;
}

/** One Prometheus query of a service and its latest value. @public */
export interface ServiceMetric {
  query: string;
  value?: number;
  /** When Prometheus evaluated it (ISO 8601). */
  evaluatedAt?: string;
  freshness: Freshness;
}

/** A Prometheus alert that matches a service. @public */
export interface ServiceAlert {
  name: string;
  state: 'firing' | 'pending' | 'inactive';
  severity?: string;
  summary?: string;
  activeAt?: string;
  labels: Record<string, string>;
}

/** @public */
export interface ProbeResult {
  url: string;
  ok: boolean;
  status?: number;
  durationMs: number;
  error?: string;
  checkedAt: string;
}

/** @public */
export interface ServiceHealth {
  entityRef: string;
  name: string;
  title: string;
  type?: string;
  state: ServiceState;
  /** Why the state is what it is; empty when healthy. */
  reasons: string[];
  /** What the state could not take into account (stale or missing data). */
  notes: string[];
  workloads: WorkloadHealth[];
  /**
   * Its pods that need attention, with their reasons and events: only for callers who
   * may read the cluster (DevOps, admins); empty for the others (`problemPodsWithheld`).
   */
  problemPods: ProblemPod[];
  /** How many of its pods need attention, for every caller. */
  problemPodsTotal: number;
  /** True when the caller may not see which pods (`problemPods` is then empty). */
  problemPodsWithheld: boolean;
  metrics: {
    availability?: ServiceMetric;
    latencyP95Seconds?: ServiceMetric;
    errorRate?: ServiceMetric;
  };
  alerts: ServiceAlert[];
  /** Freshness of the alert list (absent when the service declares no alert selector). */
  alertsFreshness?: Freshness;
  probe?: ProbeResult;
  /** The clusters its workloads were looked up in, and how fresh each is. */
  clusters: Array<{ name: string; simulated: boolean; freshness: Freshness }>;
  checkedAt: string;
}

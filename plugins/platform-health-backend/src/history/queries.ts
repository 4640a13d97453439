import {
  PLATFORM_HEALTH_ANNOTATIONS as A,
  type HistoryUnit,
  type WorkloadHealth,
} from '@internal/plugin-platform-health-common';
import { labelValue, podMatchers } from './promql';

/** One chart to ask Prometheus for; `$RANGE` is replaced by the rate() range. */
export interface Wanted {
  id: string;
  title: string;
  unit: HistoryUnit;
  query: string;
  /** Why there are no series, in words (e.g. which exporter is missing). */
  whenEmpty: string;
}

export const CADVISOR =
  'cAdvisor (the kubelet’s /metrics/cadvisor) is not scraped';
const KSM = 'kube-state-metrics is not scraped';

/** A component's workloads of one cluster and namespace. */
export interface WorkloadGroup {
  cluster: string;
  namespace: string;
  workloads: WorkloadHealth[];
}

export function groupWorkloads(workloads: WorkloadHealth[]): WorkloadGroup[] {
  const groups = new Map<string, WorkloadGroup>();
  for (const w of workloads) {
    const key = `${w.cluster}/${w.namespace}`;
    const group = groups.get(key) ?? {
      cluster: w.cluster,
      namespace: w.namespace,
      workloads: [],
    };
    group.workloads.push(w);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export /** Atrium's gauges of some workloads of one namespace (they always carry `cluster`). */
function atriumWorkloads(g: {
  cluster: string;
  namespace: string;
  workloads: Array<{ name: string }>;
}): string {
  const names = g.workloads.map(w =>
    w.name.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'),
  );
  return `{cluster=${labelValue(g.cluster)},namespace=${labelValue(
    g.namespace,
  )},workload=~${labelValue(names.join('|'))}}`;
}

/** The queries a component declares (trusted annotations only: see trust.ts). */
export function declaredQueries(annotations: Record<string, string>): Wanted[] {
  const declared: Array<[string, string, string, HistoryUnit]> = [
    ['availability', 'Availability', A.availability, 'ratio'],
    ['latencyP95', 'p95 latency', A.latencyP95, 'seconds'],
    ['errorRate', 'Error rate', A.errorRate, 'ratio'],
  ];
  return declared
    .filter(([, , annotation]) => annotations[annotation])
    .map(([id, title, annotation, unit]) => ({
      id,
      title,
      unit,
      query: annotations[annotation],
      whenEmpty: 'the query returned no data over the window',
    }));
}

/** CPU, memory and restarts of the workloads' pods, and their ready replicas. */
export function workloadQueries(
  groups: WorkloadGroup[],
  clusterMatcher: (cluster: string) => string[],
): Wanted[] {
  const r = '$RANGE';
  const each = (build: (m: string) => string) =>
    groups
      .map(g =>
        build(
          `{${podMatchers(g.namespace, g.workloads, [
            ...clusterMatcher(g.cluster),
            'container!=""',
          ])}}`,
        ),
      )
      .join(' or ');
  return [
    {
      id: 'cpu',
      title: 'CPU',
      unit: 'cores',
      query: `sum(${each(
        m => `rate(container_cpu_usage_seconds_total${m}[${r}])`,
      )})`,
      whenEmpty: `no container_cpu_usage_seconds_total for its pods: ${CADVISOR}`,
    },
    {
      id: 'memory',
      title: 'Memory (working set)',
      unit: 'bytes',
      query: `sum(${each(m => `container_memory_working_set_bytes${m}`)})`,
      whenEmpty: `no container_memory_working_set_bytes for its pods: ${CADVISOR}`,
    },
    {
      id: 'restarts',
      title: 'Container restarts',
      unit: 'count',
      query: `sum(${each(
        m => `increase(kube_pod_container_status_restarts_total${m}[${r}])`,
      )})`,
      whenEmpty: `no kube_pod_container_status_restarts_total for its pods: ${KSM}`,
    },
    {
      id: 'ready',
      title: 'Ready replicas',
      unit: 'count',
      query: `sum by (workload) (${groups
        .map(g => `atrium_kube_workload_ready_replicas${atriumWorkloads(g)}`)
        .join(' or ')})`,
      whenEmpty:
        "no atrium_kube_workload_ready_replicas: Prometheus does not scrape the portal's metrics (job atrium)",
    },
  ];
}

/** Atrium's problem pods of a `backstage.io/kubernetes-id`, by reason. */
export function problemPodsQuery(id: string): Wanted {
  return {
    id: 'problemPods',
    title: 'Pods with problems',
    unit: 'count',
    query: `sum by (reason) (atrium_kube_problem_pods{service=${labelValue(
      id,
    )}})`,
    whenEmpty:
      "none over the window (or Prometheus does not scrape the portal's metrics, job atrium)",
  };
}

/** A cluster's CPU, memory, restarts, problem pods and whether it answered Atrium. */
export function clusterQueries(
  name: string,
  clusterMatcher: string[],
): Wanted[] {
  const sel = (extra: string[]) =>
    `{${[...clusterMatcher, ...extra].join(',')}}`;
  const r = '$RANGE';
  const atrium = `cluster=${labelValue(name)}`;
  return [
    {
      id: 'cpu',
      title: 'CPU used by containers',
      unit: 'cores',
      query: `sum(rate(container_cpu_usage_seconds_total${sel([
        'container!=""',
      ])}[${r}]))`,
      whenEmpty: `no container_cpu_usage_seconds_total: ${CADVISOR}`,
    },
    {
      id: 'memory',
      title: 'Memory used by containers (working set)',
      unit: 'bytes',
      query: `sum(container_memory_working_set_bytes${sel(['container!=""'])})`,
      whenEmpty: `no container_memory_working_set_bytes: ${CADVISOR}`,
    },
    {
      id: 'restarts',
      title: 'Container restarts',
      unit: 'count',
      query: `sum(increase(kube_pod_container_status_restarts_total${sel(
        [],
      )}[${r}]))`,
      whenEmpty: `no kube_pod_container_status_restarts_total: ${KSM}`,
    },
    {
      id: 'problemPods',
      title: 'Pods with problems',
      unit: 'count',
      query: `sum by (reason) (atrium_kube_problem_pods{${atrium}})`,
      whenEmpty:
        "none over the window (or Prometheus does not scrape the portal's metrics, job atrium)",
    },
    {
      id: 'up',
      title: 'Cluster answering Atrium',
      unit: 'count',
      query: `atrium_cluster_up{${atrium}}`,
      whenEmpty:
        "no atrium_cluster_up: Prometheus does not scrape the portal's metrics (job atrium)",
    },
  ];
}

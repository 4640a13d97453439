import type { BatchObservableCallback, Meter } from '@opentelemetry/api';
import type {
  V1Deployment,
  V1Pod,
  V1StatefulSet,
} from '@kubernetes/client-node';
import type { ProbeResult } from '@internal/plugin-platform-health-common';
import type { ClusterService } from '../kubernetes/ClusterService';
import { isNodeReady } from '../kubernetes/nodes';
import { podProblem } from '../kubernetes/podProblems';

const ID_LABEL = 'backstage.io/kubernetes-id';

/**
 * Atrium's own metrics about what it watches, computed from the cluster caches when
 * scraped: whether each cluster answers and how old its data is, and a small
 * kube-state-metrics of the platform's workloads (ready vs desired replicas, problem
 * pods by reason), labelled with their `backstage.io/kubernetes-id` as `service` so
 * Prometheus alert rules can name the catalog component. Probe durations are recorded
 * as they happen.
 */
export function registerClusterMetrics(
  meter: Meter,
  clusters: ClusterService,
): {
  recordProbe(service: string, result: ProbeResult): void;
  /** Stops observing `clusters` (at shutdown; the meter lives as long as the process). */
  unregister(): void;
} {
  const up = meter.createObservableGauge('atrium_cluster_up', {
    description:
      'Whether the cluster answered the last heartbeat (1) or not (0)',
  });
  const age = meter.createObservableGauge('atrium_cluster_cache_age_seconds', {
    description: 'Seconds since the cluster cache was last known in sync',
  });
  const ready = meter.createObservableGauge(
    'atrium_kube_workload_ready_replicas',
    { description: 'Ready replicas of a Deployment or StatefulSet' },
  );
  const desired = meter.createObservableGauge(
    'atrium_kube_workload_desired_replicas',
    { description: 'Desired replicas of a Deployment or StatefulSet' },
  );
  const problems = meter.createObservableGauge('atrium_kube_problem_pods', {
    description: 'Pods that need attention, by reason',
  });
  const probeDuration = meter.createHistogram('atrium_probe_duration_seconds', {
    description: 'Duration of the HTTP health probes of platform services',
    advice: {
      explicitBucketBoundaries: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    },
  });

  const observables = [up, age, ready, desired, problems];
  const observe: BatchObservableCallback = result => {
    for (const cache of clusters.all()) {
      const cluster = cache.cluster.name;
      const freshness = cache.freshness();
      result.observe(up, cache.answering ? 1 : 0, { cluster });
      if (freshness.ageSeconds !== undefined) {
        result.observe(age, freshness.ageSeconds, { cluster });
      }
      const workloads: Array<[string, V1Deployment | V1StatefulSet]> = [
        ...cache
          .list<V1Deployment>('deployments')
          .map(d => ['Deployment', d] as [string, V1Deployment]),
        ...cache
          .list<V1StatefulSet>('statefulSets')
          .map(s => ['StatefulSet', s] as [string, V1StatefulSet]),
      ];
      for (const [kind, w] of workloads) {
        const service = w.metadata?.labels?.[ID_LABEL];
        if (!service) continue;
        const attributes = {
          cluster,
          namespace: w.metadata?.namespace ?? '',
          kind,
          workload: w.metadata?.name ?? '',
          service,
        };
        result.observe(ready, w.status?.readyReplicas ?? 0, attributes);
        result.observe(desired, w.spec?.replicas ?? 1, attributes);
      }
      const nodes = new Map(
        cache
          .list<any>('nodes')
          .map(n => [n.metadata?.name as string, isNodeReady(n)]),
      );
      const counts = new Map<
        string,
        { attrs: Record<string, string>; n: number }
      >();
      for (const pod of cache.list<V1Pod>('pods')) {
        const problem = podProblem(pod, n => nodes.get(n));
        if (!problem) continue;
        const attrs = {
          cluster,
          namespace: pod.metadata?.namespace ?? '',
          reason: problem.reason,
          service: pod.metadata?.labels?.[ID_LABEL] ?? '',
        };
        const key = JSON.stringify(attrs);
        const entry = counts.get(key) ?? { attrs, n: 0 };
        entry.n++;
        counts.set(key, entry);
      }
      for (const { attrs, n } of counts.values()) {
        result.observe(problems, n, attrs);
      }
    }
  };
  meter.addBatchObservableCallback(observe, observables);

  return {
    unregister: () => meter.removeBatchObservableCallback(observe, observables),
    recordProbe(service, probeResult) {
      probeDuration.record(probeResult.durationMs / 1000, {
        service,
        outcome: probeResult.ok ? 'up' : 'down',
      });
    },
  };
}

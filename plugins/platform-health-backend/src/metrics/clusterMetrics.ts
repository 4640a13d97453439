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

/** FNV-1a, 32 bits: exact in a float, and the same on every replica. */
function digest(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The ReplicaSet the deployment controller names in its Progressing condition. */
const REPLICA_SET_IN_MESSAGE = /[Rr]eplica ?[Ss]et "([^"]+)"/;

/**
 * A number that changes when the workload rolls out, so that Prometheus keeps when each
 * rollout happened (the history charts mark them with `changes()`). The cache keeps
 * neither ReplicaSets nor ControllerRevisions nor the revision annotation, but what it
 * keeps names them: a Deployment's Progressing condition names its newest ReplicaSet
 * (`ReplicaSet "hub-7d9f8" has successfully progressed.`, `Created new replica set
 * "hub-7d9f8"`; the name carries the pod template's hash, so scaling does not change
 * it), and a StatefulSet's `status.updateRevision` its newest ControllerRevision.
 */
export function revisionOf(
  kind: string,
  workload: V1Deployment | V1StatefulSet,
): number | undefined {
  if (kind === 'Deployment') {
    const progressing = (workload as V1Deployment).status?.conditions?.find(
      c => c.type === 'Progressing',
    );
    const replicaSet = REPLICA_SET_IN_MESSAGE.exec(
      progressing?.message ?? '',
    )?.[1];
    return replicaSet ? digest(replicaSet) : undefined;
  }
  const update = (workload as V1StatefulSet).status?.updateRevision;
  return update ? digest(update) : undefined;
}

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
  const revision = meter.createObservableGauge(
    'atrium_kube_workload_revision',
    {
      description:
        "A number that changes on every rollout of the workload: a digest of its newest ReplicaSet's (Deployment) or ControllerRevision's (StatefulSet) name",
    },
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

  const observables = [up, age, ready, desired, revision, problems];
  // The SDK keeps exporting the last value of an attribute set a callback stops
  // observing (cumulative temporality), so a healed pod's reason would stay at 1 and
  // its alert fire forever: what was observed last time and not now is observed as 0.
  let problemsBefore = new Map<string, Record<string, string>>();
  const observe: BatchObservableCallback = result => {
    const problemsNow = new Map<string, Record<string, string>>();
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
        const rev = revisionOf(kind, w);
        if (rev !== undefined) result.observe(revision, rev, attributes);
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
      for (const [key, { attrs, n }] of counts) {
        result.observe(problems, n, attrs);
        problemsNow.set(key, attrs);
      }
    }
    for (const [key, attrs] of problemsBefore) {
      if (!problemsNow.has(key)) result.observe(problems, 0, attrs);
    }
    problemsBefore = problemsNow;
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

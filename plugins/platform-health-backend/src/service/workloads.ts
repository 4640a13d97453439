import type {
  V1Deployment,
  V1Pod,
  V1StatefulSet,
} from '@kubernetes/client-node';
import {
  PLATFORM_HEALTH_ANNOTATIONS as A,
  type ProblemPod,
  type WorkloadHealth,
} from '@internal/plugin-platform-health-common';
import type { ClusterCache } from '../kubernetes/ClusterCache';
import { podWarningIndex } from '../kubernetes/events';
import { isNodeReady } from '../kubernetes/nodes';
import { problemPods } from '../kubernetes/podProblems';
import { parseLabelSelector } from '../kubernetes/selectors';

type Labels = Record<string, string>;

/** A component's Deployments, StatefulSets and problem pods in the cluster caches. */
export interface ComponentWorkloads {
  workloads: WorkloadHealth[];
  problems: ProblemPod[];
  /** The clusters looked in. */
  clusters: ClusterCache[];
  /** Whether the component says which workloads are its own. */
  declared: boolean;
}

/**
 * Matches the objects of a component: `backstage.io/kubernetes-id` and/or a label
 * selector. A selector counts only with a namespace: one like `!x` would otherwise pick
 * every pod of every namespace.
 */
function workloadMatcher(
  annotations: Record<string, string>,
  notesOut: string[],
): ((labels: Labels) => boolean) | undefined {
  const id = annotations[A.kubernetesId];
  let selector: string | undefined = annotations[A.kubernetesLabelSelector];
  if (selector && !annotations[A.kubernetesNamespace]) {
    notesOut.push(
      `${A.kubernetesLabelSelector} is ignored without ${A.kubernetesNamespace}: a label selector only picks workloads within one namespace`,
    );
    selector = undefined;
  }
  let bySelector: ((labels: Labels) => boolean) | undefined;
  if (selector) {
    try {
      bySelector = parseLabelSelector(selector);
    } catch (error) {
      notesOut.push(
        `${A.kubernetesLabelSelector}: ${(error as Error).message}`,
      );
      return undefined;
    }
  }
  if (!id && !bySelector) return undefined;
  return labels =>
    (!id || labels['backstage.io/kubernetes-id'] === id) &&
    (!bySelector || bySelector(labels));
}

function byPlace(a: WorkloadHealth, b: WorkloadHealth) {
  return (
    a.cluster.localeCompare(b.cluster) ||
    a.namespace.localeCompare(b.namespace) ||
    a.name.localeCompare(b.name)
  );
}

/** Looks up a component's workloads from the annotations that count for it. */
export function componentWorkloads(
  annotations: Record<string, string>,
  allClusters: ClusterCache[],
  notesOut: string[],
): ComponentWorkloads {
  const namespace = annotations[A.kubernetesNamespace];
  const wantedCluster = annotations[A.cluster];
  const clusters = wantedCluster
    ? allClusters.filter(c => c.cluster.name === wantedCluster)
    : allClusters;
  const matcher = workloadMatcher(annotations, notesOut);
  const workloads: WorkloadHealth[] = [];
  const problems: ProblemPod[] = [];
  if (!matcher) return { workloads, problems, clusters, declared: false };
  for (const cache of clusters) {
    const name = cache.cluster.name;
    const kinds = [
      ['Deployment', cache.list<V1Deployment>('deployments', namespace)],
      ['StatefulSet', cache.list<V1StatefulSet>('statefulSets', namespace)],
    ] as const;
    for (const [kind, objects] of kinds) {
      for (const o of objects) {
        if (!matcher(o.metadata?.labels ?? {})) continue;
        workloads.push({
          cluster: name,
          kind,
          namespace: o.metadata?.namespace ?? '',
          name: o.metadata?.name ?? '',
          desired: o.spec?.replicas ?? 1,
          ready: o.status?.readyReplicas ?? 0,
        });
      }
    }
    const pods = cache
      .list<V1Pod>('pods', namespace)
      .filter(p => matcher(p.metadata?.labels ?? {}));
    if (pods.length === 0) continue;
    const nodes = new Map(
      cache
        .list<any>('nodes')
        .map(n => [n.metadata?.name as string, isNodeReady(n)]),
    );
    const podKeys = new Set(
      pods.map(p => `${p.metadata?.namespace}/${p.metadata?.name}`),
    );
    const warnings = podWarningIndex(
      cache
        .list<any>('events', namespace)
        .filter(e =>
          podKeys.has(
            `${e.involvedObject?.namespace}/${e.involvedObject?.name}`,
          ),
        ),
    );
    problems.push(...problemPods(name, pods, n => nodes.get(n), warnings));
  }
  workloads.sort(byPlace);
  return { workloads, problems, clusters, declared: true };
}

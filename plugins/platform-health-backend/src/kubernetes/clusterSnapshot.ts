import type {
  CoreV1Event,
  V1Deployment,
  V1Namespace,
  V1Node,
  V1Pod,
  V1ResourceQuota,
  V1StatefulSet,
} from '@kubernetes/client-node';

/** metrics.k8s.io NodeMetrics / PodMetrics, as the API serves them. */
export interface NodeMetric {
  metadata: { name: string };
  timestamp?: string;
  usage: { cpu?: string; memory?: string };
}
export interface PodMetric {
  metadata: { name: string; namespace: string };
  timestamp?: string;
  containers: Array<{ name: string; usage: { cpu?: string; memory?: string } }>;
}

/** Everything the cache holds about a cluster at one moment. */
export interface ClusterSnapshot {
  nodes: readonly V1Node[];
  pods: readonly V1Pod[];
  events: readonly CoreV1Event[];
  quotas: readonly V1ResourceQuota[];
  namespaces: readonly V1Namespace[];
  deployments: readonly V1Deployment[];
  statefulSets: readonly V1StatefulSet[];
  metrics?: {
    nodes: readonly NodeMetric[];
    pods: readonly PodMetric[];
    collectedAt?: string;
    error?: string;
  };
}

/** The watched collections: their list/watch paths. */
export const WATCHED = {
  nodes: '/api/v1/nodes',
  pods: '/api/v1/pods',
  events: '/api/v1/events',
  quotas: '/api/v1/resourcequotas',
  namespaces: '/api/v1/namespaces',
  deployments: '/apis/apps/v1/deployments',
  statefulSets: '/apis/apps/v1/statefulsets',
} as const;
export type Watched = keyof typeof WATCHED;

import type { ClusterSnapshot, NodeMetric, PodMetric } from './clusterSnapshot';
import { PAGE_MS_PER_ITEM, type KubeHttpClient } from './KubeHttpClient';
import { messageOf } from './messageOf';

/**
 * A cluster's usage from metrics.k8s.io (metrics-server), polled on the cache's
 * interval. Node and pod metrics are asked for separately, so one failing does not
 * take the other along; a part that failed reports nothing (and says why) rather than
 * old numbers that look current.
 */
export class MetricsPoller {
  state: ClusterSnapshot['metrics'];

  constructor(
    private readonly http: KubeHttpClient,
    /** How many pods the cluster has: PodMetrics come in one answer, sized by it. */
    private readonly podCount: () => number = () => 0,
    private readonly timeoutMs = 5000,
  ) {}

  async poll(): Promise<void> {
    const [nodes, pods] = await Promise.allSettled([
      this.http.getJson<{ items?: NodeMetric[] }>(
        '/apis/metrics.k8s.io/v1beta1/nodes',
      ),
      // metrics.k8s.io has no paging: all PodMetrics of 150,000 pods (a few hundred
      // bytes each) arrive in one answer, which gets time for each pod.
      this.http.getJson<{ items?: PodMetric[] }>(
        '/apis/metrics.k8s.io/v1beta1/pods',
        {},
        this.timeoutMs + (this.podCount() * PAGE_MS_PER_ITEM) / 4,
      ),
    ]);
    const errors = [
      nodes.status === 'rejected'
        ? `node metrics: ${messageOf(nodes.reason)}`
        : undefined,
      pods.status === 'rejected'
        ? `pod metrics: ${messageOf(pods.reason)}`
        : undefined,
    ].filter(Boolean);
    this.state = {
      nodes: nodes.status === 'fulfilled' ? nodes.value.items ?? [] : [],
      pods: pods.status === 'fulfilled' ? pods.value.items ?? [] : [],
      // Node metrics make the totals: without them metrics are not available.
      ...(nodes.status === 'fulfilled'
        ? { collectedAt: new Date().toISOString() }
        : {}),
      ...(errors.length
        ? { error: `metrics.k8s.io: ${errors.join('; ')}` }
        : {}),
    };
  }
}

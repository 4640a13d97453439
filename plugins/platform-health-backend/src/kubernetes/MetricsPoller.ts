import type { ClusterSnapshot, NodeMetric, PodMetric } from './clusterSnapshot';
import type { KubeHttpClient } from './KubeHttpClient';
import { messageOf } from './messageOf';

/**
 * A cluster's usage from metrics.k8s.io (metrics-server), polled on the cache's
 * interval. A failed poll keeps the last answer and says why it is old.
 */
export class MetricsPoller {
  state: ClusterSnapshot['metrics'];

  constructor(private readonly http: KubeHttpClient) {}

  async poll(): Promise<void> {
    try {
      const [nodes, pods] = await Promise.all([
        this.http.getJson<{ items?: NodeMetric[] }>(
          '/apis/metrics.k8s.io/v1beta1/nodes',
        ),
        this.http.getJson<{ items?: PodMetric[] }>(
          '/apis/metrics.k8s.io/v1beta1/pods',
        ),
      ]);
      this.state = {
        nodes: nodes.items ?? [],
        pods: pods.items ?? [],
        collectedAt: new Date().toISOString(),
      };
    } catch (error) {
      this.state = {
        nodes: this.state?.nodes ?? [],
        pods: this.state?.pods ?? [],
        collectedAt: this.state?.collectedAt,
        error: `metrics.k8s.io: ${messageOf(error)}`,
      };
    }
  }
}

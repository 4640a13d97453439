/**
 * Catalog annotations that tell Atrium how to judge a component's health. Every one is
 * optional; a component is judged on what it declares.
 *
 * @public
 */
export const PLATFORM_HEALTH_ANNOTATIONS = {
  /** URL probed with a GET; any 2xx/3xx within the probe timeout counts as up. */
  healthUrl: 'atrium.io/health-url',
  /** PromQL giving the fraction of the service that is up, 0..1 (e.g. `avg(up{job="x"})`). */
  availability: 'atrium.io/prometheus-availability',
  /** PromQL giving the 95th percentile request latency in seconds. */
  latencyP95: 'atrium.io/prometheus-latency-p95',
  /** PromQL giving the fraction of requests that fail, 0..1. */
  errorRate: 'atrium.io/prometheus-error-rate',
  /**
   * Label matchers picking the component's alerts from Prometheus' `/api/v1/alerts`,
   * comma separated: `service=conda-store` or `job=jupyterhub,namespace=dev`.
   */
  alertSelector: 'atrium.io/prometheus-alerts',
  /** The cluster (a `platformHealth.clusters[].name`) its workloads run on; default: all. */
  cluster: 'atrium.io/kubernetes-cluster',
  /** Backstage's own: workloads labelled `backstage.io/kubernetes-id=<value>`. */
  kubernetesId: 'backstage.io/kubernetes-id',
  /** Backstage's own: a label selector for the workloads, e.g. `app=grafana`. */
  kubernetesLabelSelector: 'backstage.io/kubernetes-label-selector',
  /** Backstage's own: only look in this namespace. */
  kubernetesNamespace: 'backstage.io/kubernetes-namespace',
} as const;

import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';

export interface Config {
  /** Atrium platform health: clusters, Prometheus, service health and portal metrics. */
  platformHealth?: {
    /**
     * The Kubernetes clusters to watch. Each is kept in memory by list-and-watch; give
     * exactly one of `kubeconfig`, `inCluster` or `url`.
     */
    clusters?: Array<{
      /** Identifier used in URLs and metrics: lowercase letters, digits and dashes. */
      name: string;
      /** Shown on the pages (defaults to `name`). */
      title?: string;
      /**
       * A simulated cluster (the demo's Kubernetes test server): the pages say so.
       * @visibility frontend
       */
      simulated?: boolean;
      /** Path of a kubeconfig file (its current context, or `context`). */
      kubeconfig?: string;
      /** The context of `kubeconfig` to use. */
      context?: string;
      /** Use the pod's service account (when Atrium runs in the cluster). */
      inCluster?: boolean;
      /** The API server's URL, with `token` (a service account token). */
      url?: string;
      /**
       * Bearer token for `url`.
       * @visibility secret
       */
      token?: string;
      /**
       * Path of a file holding the bearer token for `url` (a projected service-account
       * token the kubelet rewrites before it expires): read again whenever it changes.
       */
      tokenFile?: string;
      /** Base64 PEM of the API server's CA, for `url`. */
      caData?: string;
      /** Do not verify the API server's certificate (test clusters only). */
      skipTLSVerify?: boolean;
    }>;
    /** Deadline of each request to a cluster, Prometheus or a health URL (default 5 s). */
    requestTimeout?: HumanDuration;
    /** Cluster or Prometheus data older than this is marked stale (default 60 s). */
    staleAfter?: HumanDuration;
    /** How often each cluster is asked whether it still answers (default 10 s). */
    heartbeatInterval?: HumanDuration;
    /** How often metrics.k8s.io is polled (default 30 s). */
    metricsInterval?: HumanDuration;
    /** The Prometheus whose queries and alerts judge the services. */
    prometheus?: {
      /** Base URL, e.g. http://prometheus:9090 (no /api/v1). */
      url: string;
      /**
       * Bearer token, when Prometheus sits behind an authenticating proxy.
       * @visibility secret
       */
      token?: string;
    };
    /** Which catalog components are the platform's services. */
    services?: {
      /** Components of this System (default data-science-platform). */
      system?: string;
      /** Component types in that System that are not services (default [data-science-project]). */
      excludeTypes?: string[];
      /** How long probe and Prometheus answers are reused (default 15 s). */
      cacheTtl?: HumanDuration;
      /**
       * Catalog origins whose components' health annotations count (atrium.io/health-url,
       * the atrium.io/prometheus-* queries and alerts, atrium.io/kubernetes-cluster,
       * backstage.io/kubernetes-label-selector and -namespace). The entities of the
       * static `catalog.locations` are always trusted; anything registered later (the
       * catalog API, the scaffolder's projects) only when its origin location
       * (backstage.io/managed-by-origin-location) is listed here: an entry ending in
       * `/` trusts every origin under it (`url:https://github.com/org/platform-catalog/`),
       * any other exactly that origin. Default: none.
       */
      trustedOrigins?: string[];
      /**
       * The hosts health URLs may be fetched on: host names or addresses, exact
       * (`hub.jupyterhub.svc`) or any subdomain (`*.svc.cluster.local`), optionally with
       * `:port`. Only http and https. Empty (the default): nothing is probed.
       */
      probeHosts?: string[];
      /**
       * Health settings per component, by name; each wins over the component's
       * annotation of the same meaning (e.g. a health URL that differs per environment),
       * and counts whatever the component's origin. Health URLs still need their host in
       * `probeHosts`.
       */
      components?: {
        [name: string]: {
          /** The component's namespace (default: default). */
          namespace?: string;
          /** atrium.io/health-url */
          healthUrl?: string;
          /** atrium.io/prometheus-availability */
          availability?: string;
          /** atrium.io/prometheus-latency-p95 */
          latencyP95?: string;
          /** atrium.io/prometheus-error-rate */
          errorRate?: string;
          /** atrium.io/prometheus-alerts */
          alerts?: string;
          /** atrium.io/kubernetes-cluster */
          cluster?: string;
        };
      };
    };
    /** Where a service turns degraded. */
    thresholds?: {
      /** Availability below this ratio (default 0.99). */
      availability?: number;
      /** p95 latency above this many seconds (default 1). */
      latencyP95Seconds?: number;
      /** Error ratio above this (default 0.05). */
      errorRate?: number;
    };
    /**
     * Alerts that reach people: a task polls Prometheus' alerts and the services'
     * health, records each episode (an alert firing, a service turning down or
     * degraded, until it resolves) and notifies the component's owner once per episode
     * through Backstage notifications.
     */
    alerts?: {
      /** Poll and notify (default true). Episodes are still shown when off. */
      enabled?: boolean;
      /**
       * When to poll (Backstage's task schedule; default every minute, timeout 2
       * minutes, global: one replica per tick).
       */
      schedule?: Partial<SchedulerServiceTaskScheduleDefinitionConfig>;
    };
    /** The portal's own metrics at /api/platform-health/metrics. */
    metrics?: {
      /**
       * Serve them without authentication (otherwise a static external-access token
       * or a DevOps/admin sign-in is needed).
       */
      allowUnauthenticated?: boolean;
    };
  };
}

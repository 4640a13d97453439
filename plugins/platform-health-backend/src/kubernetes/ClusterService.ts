import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type { V1Pod } from '@kubernetes/client-node';
import type {
  ClusterOverview,
  ClusterSummary,
  PodLogs,
} from '@internal/plugin-platform-health-common';
import type { PlatformHealthConfig } from '../config';
import { ClusterCache } from './ClusterCache';
import { messageOf } from './messageOf';
import { computeOverview } from './overview';

/** An overview is recomputed at most this often, however often the cluster changes. */
const MIN_RECOMPUTE_INTERVAL_MS = 1000;

/** Lines of log a problem pod's container shows by default. */
export const DEFAULT_LOG_LINES = 50;

/**
 * The configured clusters, each in a {@link ClusterCache}. The overview of a cluster is
 * computed from its cache and reused until the cache changes, so repeated page views
 * of an unchanged cluster cost a lookup.
 */
export class ClusterService {
  private readonly caches = new Map<string, ClusterCache>();
  private readonly overviews = new Map<
    string,
    { version: number; overview: ClusterOverview; computedAt: number }
  >();

  constructor(
    config: PlatformHealthConfig,
    logger: LoggerService,
    /** Page size of the caches' lists (the benchmark makes pages small at small scale). */
    pageSize?: number,
  ) {
    for (const cluster of config.clusters) {
      this.caches.set(
        cluster.name,
        new ClusterCache(cluster, {
          requestTimeoutMs: config.requestTimeoutMs,
          staleAfterMs: config.staleAfterMs,
          heartbeatIntervalMs: config.heartbeatIntervalMs,
          metricsIntervalMs: config.metricsIntervalMs,
          logger,
          pageSize,
        }),
      );
    }
  }

  start(): void {
    for (const cache of this.caches.values()) cache.start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.caches.values()].map(c => c.stop()));
  }

  all(): ClusterCache[] {
    return [...this.caches.values()];
  }

  get(name: string): ClusterCache {
    const cache = this.caches.get(name);
    if (!cache) {
      const known = [...this.caches.keys()];
      throw new NotFoundError(
        `There is no cluster '${name}'${
          known.length
            ? `: the configured clusters are ${known.join(', ')}`
            : ': none is configured (platformHealth.clusters)'
        }`,
      );
    }
    return cache;
  }

  overview(name: string): ClusterOverview {
    const cache = this.get(name);
    const freshness = cache.freshness();
    const memo = this.overviews.get(name);
    let overview: ClusterOverview;
    // Unchanged, or changed within the last second (a busy cluster changes all the
    // time): the computed overview is reused, so page views cost at most one pass a second.
    if (
      memo &&
      (memo.version === cache.version ||
        Date.now() - memo.computedAt < MIN_RECOMPUTE_INTERVAL_MS)
    ) {
      overview = memo.overview;
    } else {
      const { snapshot, pods } = cache.overviewInputs();
      overview = computeOverview(this.describe(cache), snapshot, pods);
      this.overviews.set(name, {
        version: cache.version,
        overview,
        computedAt: Date.now(),
      });
    }
    // Freshness is of this moment, not of when the overview was computed.
    return { ...overview, cluster: { ...overview.cluster, freshness } };
  }

  summaries(): ClusterSummary[] {
    return this.all().map(cache => this.overview(cache.cluster.name).cluster);
  }

  private describe(cache: ClusterCache) {
    return {
      name: cache.cluster.name,
      title: cache.cluster.title,
      simulated: cache.cluster.simulated,
      freshness: cache.freshness(),
    };
  }

  /**
   * The last lines of a container's log, fetched from the cluster now (logs are not
   * cached) within the request deadline. A container that crashed and has not printed
   * anything since its restart shows its previous instance's log.
   */
  async logs(
    clusterName: string,
    namespace: string,
    podName: string,
    options: {
      container?: string;
      tailLines?: number;
      /** Read the previous instance's log at once (a container that crashed or was killed). */
      previous?: boolean;
      /** The request's deadline (default: the cluster's request timeout). */
      timeoutMs?: number;
    },
  ): Promise<PodLogs> {
    const cache = this.get(clusterName);
    const pod = cache.get<V1Pod>('pods', namespace, podName);
    if (!pod) {
      throw new NotFoundError(
        `There is no pod ${namespace}/${podName} in cluster '${clusterName}'`,
      );
    }
    const containers = (pod.spec?.containers ?? []).map(c => c.name);
    const statuses = pod.status?.containerStatuses ?? [];
    const container =
      options.container ??
      statuses.find(s => !s.ready && (s.restartCount ?? 0) > 0)?.name ??
      statuses.find(s => !s.ready)?.name ??
      containers[0];
    if (!container || !containers.includes(container)) {
      throw new NotFoundError(
        `Pod ${namespace}/${podName} has no container '${container}'${
          containers.length ? ` (it has ${containers.join(', ')})` : ''
        }`,
      );
    }
    const tailLines = options.tailLines ?? DEFAULT_LOG_LINES;
    const path = `/api/v1/namespaces/${encodeURIComponent(
      namespace,
    )}/pods/${encodeURIComponent(podName)}/log`;
    const read = (previous: boolean) =>
      cache.http.getText(
        path,
        {
          container,
          tailLines,
          ...(previous ? { previous: true } : {}),
        },
        options.timeoutMs,
      );
    try {
      let previous = options.previous ?? false;
      let text = await read(previous);
      const restarted =
        (statuses.find(s => s.name === container)?.restartCount ?? 0) > 0;
      if (!text.trim() && restarted && !previous) {
        text = await read(true).catch(() => '');
        previous = true;
      }
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      return {
        cluster: clusterName,
        namespace,
        pod: podName,
        container,
        previous,
        lines: lines.slice(-tailLines),
      };
    } catch (error) {
      throw new ServiceUnavailableError(
        `Could not fetch the log of ${namespace}/${podName} (${container}): ${messageOf(
          error,
        )}`,
      );
    }
  }
}

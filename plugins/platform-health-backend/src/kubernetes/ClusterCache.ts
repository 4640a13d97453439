import type {
  CoreV1Event,
  KubeConfig,
  V1Deployment,
  V1Namespace,
  V1Node,
  V1Pod,
  V1ResourceQuota,
  V1StatefulSet,
} from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Freshness } from '@internal/plugin-platform-health-common';
import type { ClusterConfig } from '../config';
import { WATCHED, type ClusterSnapshot, type Watched } from './clusterSnapshot';
import { KubeHttpClient } from './KubeHttpClient';
import { kubeConfigFor } from './kubeConfig';
import { messageOf } from './messageOf';
import { MetricsPoller } from './MetricsPoller';
import { metricsUsage } from './overviewFacts';
import { PodAggregates } from './podAggregates';
import { TimedWatch } from './TimedWatch';
import { projectionOf } from './projections';
import { WatchedCollection } from './WatchedCollection';
import { PodEventIndex, WorkspacePodIndex } from './workspacePods';

/**
 * How long a watch may say nothing, not even a bookmark, before it is taken for dead and
 * reopened: twice the bookmark cadence of a real apiserver (about a minute).
 */
export const DEFAULT_WATCH_IDLE_TIMEOUT_MS = 120_000;

/**
 * One cluster, kept in memory by list-and-watch ({@link WatchedCollection}) for nodes,
 * pods, events, quotas, namespaces, deployments and statefulsets, plus metrics.k8s.io
 * polled on an interval. Routes read from here and never call the cluster, so a page
 * view costs nothing and a cluster that hangs cannot hold a request.
 *
 * Freshness comes from the watches themselves: each collection knows when its watch
 * last said something (an event or a bookmark), and a watch silent past
 * `watchIdleTimeoutMs` is reopened. A heartbeat (a one-item namespace list with the
 * request deadline) only adds why the cluster does not answer, and when it answers
 * again collections waiting for a retry retry at once; it never makes data fresh, as
 * a new connection answering says nothing about a half-open watch.
 */
export class ClusterCache {
  readonly http: KubeHttpClient;
  private readonly kubeConfig: KubeConfig;
  private readonly collections = new Map<Watched, WatchedCollection>();
  private heartbeatTimer?: NodeJS.Timeout;
  private metricsTimer?: NodeJS.Timeout;
  private heartbeatError?: string;
  private lastHeartbeatOk = false;
  private firstSyncMs?: number;
  private readonly startedAtMs = Date.now();
  private readonly metrics: MetricsPoller;
  private stopped = false;
  /** Bumped on every change; lets readers reuse what they computed from an older state. */
  private changeCount = 0;
  private readonly syncWaiters: Array<() => void> = [];
  /** What the overview reads from the pods, kept up to date per watch event. */
  private podAggregates = new PodAggregates();
  /** Single-user pods by hub user and server, and GPU holders (workspace diagnoses). */
  private workspaceIndex = new WorkspacePodIndex();
  /** The kept (Warning) events by the pod they are about. */
  private podEventIndex = new PodEventIndex();

  constructor(
    readonly cluster: ClusterConfig,
    private readonly options: {
      requestTimeoutMs: number;
      staleAfterMs: number;
      heartbeatIntervalMs: number;
      metricsIntervalMs: number;
      logger: LoggerService;
      /** Page size of the initial lists. */
      pageSize?: number;
      /** A watch silent this long is reopened (default {@link DEFAULT_WATCH_IDLE_TIMEOUT_MS}). */
      watchIdleTimeoutMs?: number;
      /** The `timeoutSeconds` asked of the server, which then ends each watch (default 300). */
      watchTimeoutSeconds?: number;
    },
  ) {
    this.kubeConfig = kubeConfigFor(cluster);
    this.http = new KubeHttpClient(this.kubeConfig, options.requestTimeoutMs);
    this.metrics = new MetricsPoller(
      this.http,
      () => this.podAggregates.total,
      options.requestTimeoutMs,
    );
  }

  private get watchIdleTimeoutMs() {
    return this.options.watchIdleTimeoutMs ?? DEFAULT_WATCH_IDLE_TIMEOUT_MS;
  }

  /** Starts the watches, the heartbeat and metrics polling; returns at once. */
  start(): void {
    const watch = new TimedWatch(
      this.kubeConfig,
      this.options.requestTimeoutMs,
      this.watchIdleTimeoutMs,
      this.options.watchTimeoutSeconds,
    );
    for (const key of Object.keys(WATCHED) as Watched[]) {
      const collection = new WatchedCollection(
        WATCHED[key],
        this.http,
        watch,
        {
          changed: () => this.changed(),
          synced: () => this.checkSynced(),
          ...(key === 'pods'
            ? {
                replaced: pods => {
                  const all = [...pods] as V1Pod[];
                  this.podAggregates = PodAggregates.of(all);
                  this.workspaceIndex = WorkspacePodIndex.of(all);
                },
                updated: (previous, next) => {
                  if (previous) {
                    this.podAggregates.remove(previous as V1Pod);
                    this.workspaceIndex.remove(previous as V1Pod);
                  }
                  if (next) {
                    this.podAggregates.add(next as V1Pod);
                    this.workspaceIndex.add(next as V1Pod);
                  }
                },
              }
            : {}),
          ...(key === 'events'
            ? {
                replaced: events => {
                  this.podEventIndex = PodEventIndex.of(
                    events as CoreV1Event[],
                  );
                },
                updated: (previous, next) => {
                  if (previous)
                    this.podEventIndex.remove(previous as CoreV1Event);
                  if (next) this.podEventIndex.add(next as CoreV1Event);
                },
              }
            : {}),
        },
        this.options.pageSize,
        projectionOf(key),
      );
      this.collections.set(key, collection);
      collection.start();
    }
    this.heartbeatTimer = setInterval(
      () => void this.heartbeat(),
      this.options.heartbeatIntervalMs,
    );
    this.heartbeatTimer.unref?.();
    this.metricsTimer = setInterval(
      () => void this.pollMetrics(),
      this.options.metricsIntervalMs,
    );
    this.metricsTimer.unref?.();
    void this.heartbeat();
    void this.pollMetrics();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeatTimer);
    clearInterval(this.metricsTimer);
    for (const collection of this.collections.values()) collection.stop();
  }

  /** Resolves when every collection has been listed once (or after `timeoutMs`). */
  async waitForSync(timeoutMs = 30_000): Promise<boolean> {
    if (this.allSynced()) return true;
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      new Promise<boolean>(resolve =>
        this.syncWaiters.push(() => resolve(true)),
      ),
      new Promise<boolean>(resolve => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    return result;
  }

  /** Milliseconds from start() to the first complete sync, once there was one. */
  get initialSyncMs(): number | undefined {
    return this.firstSyncMs;
  }

  get version(): number {
    return this.changeCount;
  }

  snapshot({ withPods = true } = {}): ClusterSnapshot {
    const list = <T>(key: Watched) =>
      (this.collections.get(key)?.list() ?? []) as unknown as T[];
    return {
      nodes: list<V1Node>('nodes'),
      pods: withPods ? list<V1Pod>('pods') : [],
      events: list<CoreV1Event>('events'),
      quotas: list<V1ResourceQuota>('quotas'),
      namespaces: list<V1Namespace>('namespaces'),
      deployments: list<V1Deployment>('deployments'),
      statefulSets: list<V1StatefulSet>('statefulSets'),
      metrics: this.metrics.state,
    };
  }

  /**
   * What an overview needs: the snapshot without the pods (150,000 of them would be
   * copied into an array for nothing) and the pods' aggregates instead.
   */
  overviewInputs(): {
    snapshot: Omit<ClusterSnapshot, 'pods'>;
    pods: PodAggregates;
  } {
    const { pods: _pods, ...rest } = this.snapshot({ withPods: false });
    return { snapshot: rest, pods: this.podAggregates };
  }

  /** The pods' sums kept per watch event (requests by node and namespace). */
  get podSums(): PodAggregates {
    return this.podAggregates;
  }

  /** What a workspace diagnosis looks up (see workspacePods.ts). */
  get workspacePods(): WorkspacePodIndex {
    return this.workspaceIndex;
  }

  /** The kept (Warning) events about one pod. */
  podEvents(namespace: string, name: string): CoreV1Event[] {
    return this.podEventIndex.of(namespace, name);
  }

  /** One watched object by name, without a list. */
  get<T>(key: Watched, namespace: string, name: string): T | undefined {
    return this.collections.get(key)?.get(namespace, name) as T | undefined;
  }

  /** Whether every collection has been listed once. */
  get synced(): boolean {
    return this.allSynced();
  }

  /** The watched objects of one kind without copying the whole snapshot. */
  list<T>(key: Watched, namespace?: string): readonly T[] {
    return (this.collections.get(key)?.list(namespace) ?? []) as unknown as T[];
  }

  freshness(now = Date.now()): Freshness {
    const collectionError = [...this.collections.entries()]
      .filter(([, c]) => c.error)
      .map(([key, c]) => `${key}: ${c.error}`)[0];
    const failure =
      this.heartbeatError ??
      collectionError ??
      (this.allSynced() ? undefined : this.notSyncedMessage(now));
    // What the credentials may not read is said, but does not make the rest stale.
    const error = failure ?? this.missingMessage();
    const syncedAtMs = this.currentAsOf(now);
    const ageMs = syncedAtMs === undefined ? undefined : now - syncedAtMs;
    return {
      syncedAt:
        syncedAtMs === undefined
          ? undefined
          : new Date(syncedAtMs).toISOString(),
      ageSeconds: ageMs === undefined ? undefined : Math.round(ageMs / 1000),
      stale:
        failure !== undefined ||
        ageMs === undefined ||
        ageMs > this.options.staleAfterMs,
      ...(error ? { error } : {}),
    };
  }

  /**
   * Until when all of the data is known to be current: the oldest of the collections'
   * (now for a watch open and heard within its deadline). Collections the cluster does
   * not serve do not count.
   */
  private currentAsOf(now: number): number | undefined {
    if (!this.allSynced()) return undefined;
    let oldest: number | undefined;
    for (const collection of this.collections.values()) {
      if (collection.unsupported || collection.forbidden) continue;
      const asOf = collection.currentAsOf(now, this.watchIdleTimeoutMs);
      if (asOf === undefined) return undefined;
      oldest = oldest === undefined ? asOf : Math.min(oldest, asOf);
    }
    return oldest;
  }

  /** The collections the credentials may not read, and the server's words. */
  private missingMessage(): string | undefined {
    const missing = [...this.collections.entries()].filter(
      ([, c]) => c.forbidden,
    );
    if (!missing.length) return undefined;
    return `not allowed to read ${missing
      .map(([key]) => key)
      .join(', ')}, shown as empty (grant list and watch on ${
      missing.length === 1 ? 'it' : 'them'
    }): ${missing[0][1].forbidden}`;
  }

  private notSyncedMessage(now: number) {
    const waiting = [...this.collections.entries()]
      .filter(([, c]) => !c.synced)
      .map(([key]) => key);
    return `still loading ${waiting.join(', ')} from the cluster (${Math.round(
      (now - this.startedAtMs) / 1000,
    )} s)`;
  }

  private allSynced() {
    return (
      this.collections.size > 0 &&
      [...this.collections.values()].every(c => c.synced)
    );
  }

  private checkSynced() {
    if (!this.allSynced()) return;
    if (this.firstSyncMs === undefined) {
      this.firstSyncMs = Date.now() - this.startedAtMs;
    }
    for (const wake of this.syncWaiters.splice(0)) wake();
  }

  private changed() {
    this.changeCount++;
  }

  /** Asks the cluster whether it answers; see the class comment. */
  async heartbeat(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.http.getJson('/api/v1/namespaces', { limit: 1 });
      const recovered = this.heartbeatError !== undefined;
      this.heartbeatError = undefined;
      this.lastHeartbeatOk = true;
      if (recovered) {
        this.options.logger.info(
          `platform-health: cluster ${this.cluster.name} answers again; retrying its lists and watches`,
        );
        // A collection with a request in flight keeps it: restarting it would start a
        // second list of the same objects and could leave its watch an orphan.
        for (const collection of this.collections.values()) {
          collection.retryNow();
        }
      }
    } catch (error) {
      if (this.heartbeatError === undefined) {
        this.options.logger.warn(
          `platform-health: cluster ${
            this.cluster.name
          } does not answer: ${messageOf(error)}`,
        );
      }
      this.heartbeatError = messageOf(error);
      this.lastHeartbeatOk = false;
    }
  }

  /** Polls metrics.k8s.io now (also on its interval once started). */
  async pollMetrics(): Promise<void> {
    if (this.stopped) return;
    await this.metrics.poll();
    // Summed here, once per poll, so that no page view waits for 150,000 pod metrics.
    metricsUsage(this.metrics.state);
    this.changed();
  }

  /** Whether the last heartbeat got an answer. */
  get answering(): boolean {
    return this.lastHeartbeatOk;
  }
}

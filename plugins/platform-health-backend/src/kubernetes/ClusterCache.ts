import {
  ListWatch,
  type CoreV1Event,
  type KubeConfig,
  type KubernetesObject,
  type V1Deployment,
  type V1Namespace,
  type V1Node,
  type V1Pod,
  type V1ResourceQuota,
  type V1StatefulSet,
} from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Freshness } from '@internal/plugin-platform-health-common';
import type { ClusterConfig } from '../config';
import { WATCHED, type ClusterSnapshot, type Watched } from './clusterSnapshot';
import { KubeHttpClient, KubeRequestError } from './KubeHttpClient';
import { kubeConfigFor } from './kubeConfig';
import { messageOf } from './messageOf';
import { MetricsPoller } from './MetricsPoller';
import { TimedWatch } from './TimedWatch';

interface InformerState {
  informer: ListWatch<KubernetesObject>;
  synced: boolean;
  /** The cluster does not serve this collection (404): it counts as empty. */
  unsupported?: boolean;
  error?: string;
  retryTimer?: NodeJS.Timeout;
  retryDelayMs: number;
}

/**
 * One cluster, kept in memory by list-and-watch (the library's `ListWatch`) for nodes,
 * pods, events, quotas, namespaces, deployments and statefulsets, plus metrics.k8s.io
 * polled on an interval. Routes read from here and never call the cluster, so a page
 * view costs nothing and a cluster that hangs cannot hold a request.
 *
 * A heartbeat (a one-item namespace list with the request deadline) tells whether the
 * cluster still answers: a watch that went quiet looks the same as one with nothing to
 * report. When the heartbeat fails the data is kept and reported stale with its age;
 * when it answers again the watches are restarted (resuming from their resourceVersion,
 * or relisting if the server no longer has it).
 */
export class ClusterCache {
  readonly http: KubeHttpClient;
  private readonly kubeConfig: KubeConfig;
  private readonly informers = new Map<Watched, InformerState>();
  private heartbeatTimer?: NodeJS.Timeout;
  private metricsTimer?: NodeJS.Timeout;
  private heartbeatError?: string;
  private lastHeartbeatOk = false;
  private syncedAtMs?: number;
  private firstSyncMs?: number;
  private readonly startedAtMs = Date.now();
  private readonly metrics: MetricsPoller;
  private stopped = false;
  /** Bumped on every change; lets readers reuse what they computed from an older state. */
  private changeCount = 0;
  private readonly syncWaiters: Array<() => void> = [];

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
    },
  ) {
    this.kubeConfig = kubeConfigFor(cluster);
    this.http = new KubeHttpClient(this.kubeConfig, options.requestTimeoutMs);
    this.metrics = new MetricsPoller(this.http);
  }

  /** Starts the watches, the heartbeat and metrics polling; returns at once. */
  start(): void {
    const watch = new TimedWatch(
      this.kubeConfig,
      this.options.requestTimeoutMs,
    );
    for (const key of Object.keys(WATCHED) as Watched[]) {
      const path = WATCHED[key];
      const state: InformerState = {
        synced: false,
        retryDelayMs: 1000,
        informer: new ListWatch<KubernetesObject>(
          path,
          watch,
          async () => {
            const list = await this.http
              .listAll<KubernetesObject>(path, this.options.pageSize)
              .catch(error => {
                if (
                  error instanceof KubeRequestError &&
                  error.statusCode === 404
                ) {
                  state.unsupported = true;
                  return { items: [], resourceVersion: '' };
                }
                throw error;
              });
            // The list is in: from here the watch keeps it current.
            state.synced = true;
            state.error = undefined;
            state.retryDelayMs = 1000;
            this.changed();
            this.checkSynced();
            return {
              apiVersion: 'v1',
              kind: 'List',
              metadata: { resourceVersion: list.resourceVersion },
              items: list.items,
            };
          },
          false,
        ),
      };
      state.informer.on('change', () => this.changed());
      state.informer.on('connect', () => {
        if (state.error) {
          state.error = undefined;
        }
      });
      state.informer.on('error', (error: unknown) => {
        if (state.unsupported) {
          // Not served here: keep retrying slowly, without calling the cluster broken.
          state.retryDelayMs = 30_000;
          this.scheduleRestart(state);
          return;
        }
        state.error = messageOf(error);
        this.options.logger.debug(
          `platform-health: ${this.cluster.name} ${key}: ${state.error}`,
        );
        this.scheduleRestart(state);
      });
      this.informers.set(key, state);
      state.informer.start().catch(error => {
        state.error = messageOf(error);
        this.scheduleRestart(state);
      });
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
    for (const state of this.informers.values()) {
      clearTimeout(state.retryTimer);
      await state.informer.stop();
    }
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

  snapshot(): ClusterSnapshot {
    const list = <T>(key: Watched) =>
      (this.informers.get(key)?.informer.list() ?? []) as unknown as T[];
    return {
      nodes: list<V1Node>('nodes'),
      pods: list<V1Pod>('pods'),
      events: list<CoreV1Event>('events'),
      quotas: list<V1ResourceQuota>('quotas'),
      namespaces: list<V1Namespace>('namespaces'),
      deployments: list<V1Deployment>('deployments'),
      statefulSets: list<V1StatefulSet>('statefulSets'),
      metrics: this.metrics.state,
    };
  }

  /** The watched objects of one kind without copying the whole snapshot. */
  list<T>(key: Watched, namespace?: string): readonly T[] {
    return (this.informers.get(key)?.informer.list(namespace) ??
      []) as unknown as T[];
  }

  freshness(now = Date.now()): Freshness {
    const informerError = [...this.informers.entries()]
      .filter(([, s]) => s.error)
      .map(([key, s]) => `${key}: ${s.error}`)[0];
    const error =
      this.heartbeatError ??
      informerError ??
      (this.allSynced() ? undefined : this.notSyncedMessage(now));
    const ageMs =
      this.syncedAtMs === undefined ? undefined : now - this.syncedAtMs;
    return {
      syncedAt:
        this.syncedAtMs === undefined
          ? undefined
          : new Date(this.syncedAtMs).toISOString(),
      ageSeconds: ageMs === undefined ? undefined : Math.round(ageMs / 1000),
      stale:
        error !== undefined ||
        ageMs === undefined ||
        ageMs > this.options.staleAfterMs,
      ...(error ? { error } : {}),
    };
  }

  private notSyncedMessage(now: number) {
    const waiting = [...this.informers.entries()]
      .filter(([, s]) => !s.synced)
      .map(([key]) => key);
    return `still loading ${waiting.join(', ')} from the cluster (${Math.round(
      (now - this.startedAtMs) / 1000,
    )} s)`;
  }

  private allSynced() {
    return (
      this.informers.size > 0 &&
      [...this.informers.values()].every(s => s.synced)
    );
  }

  private checkSynced() {
    if (!this.allSynced()) return;
    if (this.firstSyncMs === undefined) {
      this.firstSyncMs = Date.now() - this.startedAtMs;
    }
    if (this.heartbeatError === undefined) this.syncedAtMs = Date.now();
    for (const wake of this.syncWaiters.splice(0)) wake();
  }

  private changed() {
    this.changeCount++;
  }

  private scheduleRestart(state: InformerState) {
    if (this.stopped || state.retryTimer) return;
    const delay = state.retryDelayMs;
    state.retryDelayMs = Math.min(state.retryDelayMs * 2, 30_000);
    state.retryTimer = setTimeout(() => {
      state.retryTimer = undefined;
      if (this.stopped) return;
      state.informer.start().catch(error => {
        state.error = messageOf(error);
        this.scheduleRestart(state);
      });
    }, delay);
    state.retryTimer.unref?.();
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
          `platform-health: cluster ${this.cluster.name} answers again; restarting its watches`,
        );
        await this.restartWatches();
      }
      if (this.allSynced()) this.syncedAtMs = Date.now();
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

  private async restartWatches() {
    for (const state of this.informers.values()) {
      clearTimeout(state.retryTimer);
      state.retryTimer = undefined;
      await state.informer.stop();
      state.informer.start().catch(error => {
        state.error = messageOf(error);
        this.scheduleRestart(state);
      });
    }
  }

  /** Polls metrics.k8s.io now (also on its interval once started). */
  async pollMetrics(): Promise<void> {
    if (this.stopped) return;
    await this.metrics.poll();
    this.changed();
  }

  /** Whether the last heartbeat got an answer. */
  get answering(): boolean {
    return this.lastHeartbeatOk;
  }
}

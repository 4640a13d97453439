import type { KubeObject } from './types';
import type { ResourceType } from './resources';
import { kubeTimestamp, type ObjectStore } from './store';
import { errors } from './status';

/** A pod's containers stopped by SIGTERM: what the kubelet reports as they exit. */
function stoppedStatus(pod: KubeObject): Record<string, unknown> {
  const status = (pod.status ?? {}) as {
    containerStatuses?: Array<Record<string, any>>;
    conditions?: Array<Record<string, any>>;
  };
  const now = kubeTimestamp();
  return {
    ...status,
    // Since Kubernetes 1.27 a deleted pod ends in a terminal phase: Failed when its
    // containers exited non-zero, as on SIGTERM (143).
    phase: 'Failed',
    conditions: (status.conditions ?? []).map(c =>
      c.type === 'Ready' || c.type === 'ContainersReady'
        ? { ...c, status: 'False', reason: 'PodCompleted', lastTransitionTime: now }
        : c,
    ),
    containerStatuses: (status.containerStatuses ?? []).map(s => ({
      ...s,
      ready: false,
      started: false,
      state: {
        terminated: {
          exitCode: 143,
          reason: 'Error',
          startedAt: s.state?.running?.startedAt ?? null,
          finishedAt: now,
        },
      },
    })),
  };
}

/**
 * Graceful deletion of pods, as the API server and the kubelet do it: a DELETE of a pod
 * bound to a node sets `deletionTimestamp` (now + the grace period) and
 * `deletionGracePeriodSeconds` and answers with the pod, which stays; its containers
 * then stop on SIGTERM (exit 143), and only then is it removed. A pod not bound to a
 * node, one already finished, or a grace period of 0 goes at once.
 */
export class GracefulDeletion {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly store: ObjectStore,
    /** How long containers take to stop (capped by the grace period). */
    private readonly shutdownMs: number,
    private readonly removeNow: (type: ResourceType, ns: string, name: string) => void,
  ) {}

  /**
   * Starts deleting a pod gracefully; returns it as marked, or undefined when it must
   * go at once (then the caller deletes it).
   */
  begin(
    type: ResourceType,
    ns: string,
    name: string,
    options: { gracePeriodSeconds?: number; preconditions?: { resourceVersion?: string; uid?: string } } | undefined,
  ): KubeObject | undefined {
    if (type.kind !== 'Pod') return undefined;
    const pod = this.store.get(type, ns, name);
    if (!pod) return undefined;
    const expected = options?.preconditions;
    if (
      (expected?.resourceVersion && expected.resourceVersion !== pod.metadata.resourceVersion) ||
      (expected?.uid && expected.uid !== pod.metadata.uid)
    ) {
      throw errors.conflict(type, name);
    }
    const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    const grace = options?.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
    if (grace <= 0 || !spec.nodeName || phase === 'Succeeded' || phase === 'Failed') {
      return undefined;
    }
    // Already terminating: a second DELETE changes nothing.
    if (pod.metadata.deletionTimestamp) return pod;
    const marked = this.store.update(type, {
      ...pod,
      metadata: {
        ...pod.metadata,
        deletionTimestamp: kubeTimestamp(new Date(Date.now() + grace * 1000)),
        deletionGracePeriodSeconds: grace,
      },
    });
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const current = this.store.get(type, ns, name);
      if (!current || current.metadata.uid !== pod.metadata.uid) return;
      this.store.update(type, { ...current, status: stoppedStatus(current) });
      this.removeNow(type, ns, name);
    }, Math.min(this.shutdownMs, grace * 1000));
    this.timers.add(timer);
    return marked;
  }

  close() {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

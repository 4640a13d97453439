import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { quantity } from './quantities';
import { workspaceKeyOfPod } from './kubespawnerLabels';
import { isActivePod } from './resources';

export const GPU_RESOURCE = 'nvidia.com/gpu';

const podKey = (namespace: string | undefined, name: string | undefined) =>
  `${namespace ?? ''}/${name ?? ''}`;

/** GPUs a pod asks for (extended resources: requests equal limits, the apiserver defaults one from the other). */
export function podGpus(pod: V1Pod): number {
  let sum = 0;
  for (const c of pod.spec?.containers ?? []) {
    sum += quantity(
      c.resources?.requests?.[GPU_RESOURCE] ??
        c.resources?.limits?.[GPU_RESOURCE],
    );
  }
  return sum;
}

/**
 * What a workspace diagnosis looks up, kept up to date per watch event (like
 * {@link PodAggregates}) so one diagnosis is a few map lookups, not a pass over 150,000
 * pods: single-user pods by their hub user and server name (see kubespawnerLabels.ts),
 * and the pods holding GPUs (few), to say who holds them when none is free.
 */
export class WorkspacePodIndex {
  private readonly byWorkspace = new Map<string, Map<string, V1Pod>>();
  private readonly gpuHolders = new Map<string, V1Pod>();

  static of(pods: Iterable<V1Pod>): WorkspacePodIndex {
    const index = new WorkspacePodIndex();
    for (const pod of pods) index.add(pod);
    return index;
  }

  add(pod: V1Pod): void {
    const key = podKey(pod.metadata?.namespace, pod.metadata?.name);
    const workspace = workspaceKeyOfPod(pod.metadata ?? {});
    if (workspace !== undefined) {
      let pods = this.byWorkspace.get(workspace);
      if (!pods) {
        pods = new Map();
        this.byWorkspace.set(workspace, pods);
      }
      pods.set(key, pod);
    }
    if (pod.spec?.nodeName && isActivePod(pod) && podGpus(pod) > 0) {
      this.gpuHolders.set(key, pod);
    }
  }

  /** Takes out a pod added before (the same object). */
  remove(pod: V1Pod): void {
    const key = podKey(pod.metadata?.namespace, pod.metadata?.name);
    const workspace = workspaceKeyOfPod(pod.metadata ?? {});
    if (workspace !== undefined) {
      const pods = this.byWorkspace.get(workspace);
      pods?.delete(key);
      if (pods?.size === 0) this.byWorkspace.delete(workspace);
    }
    if (this.gpuHolders.get(key) === pod) this.gpuHolders.delete(key);
  }

  /** The pods under the first of `keys` that has any (most exact first). */
  find(keys: readonly string[]): V1Pod[] {
    for (const key of keys) {
      const pods = this.byWorkspace.get(key);
      if (pods?.size) return [...pods.values()];
    }
    return [];
  }

  /** Bound, running or pending pods that ask for GPUs. */
  gpuPods(): V1Pod[] {
    return [...this.gpuHolders.values()];
  }
}

/**
 * The Warning events the cache keeps, by the pod they are about, kept up to date per
 * watch event: a pod's events without a pass over every event of its namespace.
 */
export class PodEventIndex {
  private readonly byPod = new Map<string, Map<string, CoreV1Event>>();

  static of(events: Iterable<CoreV1Event>): PodEventIndex {
    const index = new PodEventIndex();
    for (const event of events) index.add(event);
    return index;
  }

  private static keys(event: CoreV1Event) {
    if (event.involvedObject?.kind !== 'Pod') return undefined;
    return {
      pod: podKey(
        event.involvedObject.namespace ?? event.metadata?.namespace,
        event.involvedObject.name,
      ),
      event: podKey(event.metadata?.namespace, event.metadata?.name),
    };
  }

  add(event: CoreV1Event): void {
    const keys = PodEventIndex.keys(event);
    if (!keys) return;
    let events = this.byPod.get(keys.pod);
    if (!events) {
      events = new Map();
      this.byPod.set(keys.pod, events);
    }
    events.set(keys.event, event);
  }

  remove(event: CoreV1Event): void {
    const keys = PodEventIndex.keys(event);
    if (!keys) return;
    const events = this.byPod.get(keys.pod);
    events?.delete(keys.event);
    if (events?.size === 0) this.byPod.delete(keys.pod);
  }

  of(namespace: string, name: string): CoreV1Event[] {
    return [...(this.byPod.get(podKey(namespace, name))?.values() ?? [])];
  }
}

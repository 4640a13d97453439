import type { V1Container, V1Pod } from '@kubernetes/client-node';
import type { ResourceAmounts } from '@internal/plugin-platform-health-common';
import { quantity } from './quantities';

/** No CPU, no memory. */
export const zero = (): ResourceAmounts => ({ cpu: 0, memoryBytes: 0 });

/** Adds `more` into `into`. */
export function add(into: ResourceAmounts, more: ResourceAmounts) {
  into.cpu += more.cpu;
  into.memoryBytes += more.memoryBytes;
}

// The cache replaces a pod object when it changes, so what was read from an unchanged
// pod can be kept with it: recomputing an overview then parses only what changed.
const requestsOfPod = new WeakMap<V1Pod, ResourceAmounts>();

/** What a pod asks the scheduler for: its containers' requests (init containers run first, alone). */
export function podRequests(pod: V1Pod): ResourceAmounts {
  let requests = requestsOfPod.get(pod);
  if (!requests) {
    requests = readPodRequests(pod);
    requestsOfPod.set(pod, requests);
  }
  return requests;
}

function readPodRequests(pod: V1Pod): ResourceAmounts {
  const sum = zero();
  const of = (c: V1Container) => ({
    cpu: quantity(c.resources?.requests?.cpu),
    memoryBytes: quantity(c.resources?.requests?.memory),
  });
  for (const container of pod.spec?.containers ?? []) add(sum, of(container));
  for (const init of pod.spec?.initContainers ?? []) {
    const r = of(init);
    sum.cpu = Math.max(sum.cpu, r.cpu);
    sum.memoryBytes = Math.max(sum.memoryBytes, r.memoryBytes);
  }
  return sum;
}

/** Pods that hold resources: bound and not finished. */
export function isActivePod(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

import type {
  CoreV1Event,
  V1ContainerStatus,
  V1Node,
  V1Pod,
} from '@kubernetes/client-node';
import type {
  DiagnosisContainer,
  WorkspacePodFacts,
} from '@internal/plugin-platform-health-common';
import { eventTime, summarizeEvent, timeOf } from './events';
import { isNodeReady } from './nodes';
import { parseQuantity } from './quantities';
import { GPU_RESOURCE } from './workspacePods';

/** KubeSpawner names the single-user server's container `notebook`. */
const NOTEBOOK_CONTAINER = 'notebook';

export const notebookContainerOf = (pod: V1Pod) =>
  pod.spec?.containers?.find(c => c.name === NOTEBOOK_CONTAINER) ??
  pod.spec?.containers?.[0];

export const iso = (value: unknown) => {
  const ms = timeOf(value);
  return ms === undefined ? undefined : new Date(ms).toISOString();
};

function stateOf(status: V1ContainerStatus): DiagnosisContainer['state'] {
  const state = status.state ?? {};
  if (state.running) return 'running';
  if (state.waiting) return 'waiting';
  return state.terminated ? 'terminated' : 'unknown';
}

function container(status: V1ContainerStatus): DiagnosisContainer {
  const { waiting, terminated } = status.state ?? {};
  const last = status.lastState?.terminated;
  return {
    name: status.name,
    ready: status.ready ?? false,
    restartCount: status.restartCount ?? 0,
    state: stateOf(status),
    ...((waiting ?? terminated)?.reason
      ? { reason: (waiting ?? terminated)!.reason }
      : {}),
    ...((waiting ?? terminated)?.message
      ? { message: (waiting ?? terminated)!.message }
      : {}),
    ...(status.image ? { image: status.image } : {}),
    ...(last
      ? {
          lastTermination: {
            ...(last.reason ? { reason: last.reason } : {}),
            exitCode: last.exitCode,
            ...(iso(last.finishedAt)
              ? { finishedAt: iso(last.finishedAt) }
              : {}),
          },
        }
      : {}),
  };
}

/** The pod's own events: the name is reused by each start, the uid is not. */
export function eventsOfPod(pod: V1Pod, events: readonly CoreV1Event[]) {
  const uid = pod.metadata?.uid;
  return events
    .filter(e => !uid || !e.involvedObject?.uid || e.involvedObject.uid === uid)
    .sort((a, b) => eventTime(b) - eventTime(a));
}

/** What the cache knows of a workspace's pod, in the shape the contract names. */
export function podFacts(
  cluster: string,
  pod: V1Pod,
  events: readonly CoreV1Event[],
  node: V1Node | undefined,
): WorkspacePodFacts {
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  const notebook = notebookContainerOf(pod);
  const memory = parseQuantity(notebook?.resources?.limits?.memory);
  const gpus = parseQuantity(
    notebook?.resources?.requests?.[GPU_RESOURCE] ??
      notebook?.resources?.limits?.[GPU_RESOURCE],
  );
  return {
    cluster,
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    phase: pod.status?.phase ?? 'Unknown',
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    ...(node ? { nodeReady: isNodeReady(node) } : {}),
    ...(iso(pod.status?.startTime)
      ? { startedAt: iso(pod.status?.startTime) }
      : {}),
    deleting: Boolean(pod.metadata?.deletionTimestamp),
    conditions: (pod.status?.conditions ?? []).map(c => ({
      type: c.type,
      status: c.status,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
      ...(iso(c.lastTransitionTime)
        ? { lastTransitionTime: iso(c.lastTransitionTime) }
        : {}),
    })),
    containers: statuses.map(container),
    restarts: (pod.status?.containerStatuses ?? []).reduce(
      (sum, s) => sum + (s.restartCount ?? 0),
      0,
    ),
    events: eventsOfPod(pod, events).map(e => {
      const { type, reason, message, count, lastSeen } = summarizeEvent(e);
      return {
        type,
        reason,
        message,
        count,
        ...(lastSeen ? { lastSeen } : {}),
      };
    }),
    limits: {
      ...(memory !== undefined ? { memoryBytes: memory } : {}),
      ...(gpus !== undefined ? { gpus } : {}),
    },
  };
}

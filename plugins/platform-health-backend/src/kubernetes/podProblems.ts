import type {
  CoreV1Event,
  V1ContainerStatus,
  V1Pod,
} from '@kubernetes/client-node';
import type {
  ProblemPod,
  ProblemReason,
} from '@internal/plugin-platform-health-common';
import { summarizeEvent } from './events';

/** Warning events kept per problem pod. */
const EVENTS_PER_POD = 5;

const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

interface PodProblem {
  reason: ProblemReason;
  message?: string;
  container?: string;
}

function containerProblem(status: V1ContainerStatus): PodProblem | undefined {
  const waiting = status.state?.waiting;
  const terminated = status.state?.terminated;
  const lastTerminated = status.lastState?.terminated;
  const oom =
    terminated?.reason === 'OOMKilled' ||
    (lastTerminated?.reason === 'OOMKilled' && !status.ready);
  if (oom) {
    return {
      reason: 'OOMKilled',
      container: status.name,
      message:
        waiting?.message ??
        `container ${status.name} ran out of memory (exit code ${
          (terminated ?? lastTerminated)?.exitCode ?? 137
        })`,
    };
  }
  switch (waiting?.reason) {
    case 'CrashLoopBackOff':
      return {
        reason: 'CrashLoopBackOff',
        container: status.name,
        message:
          waiting.message ??
          (lastTerminated
            ? `last exit: ${lastTerminated.reason ?? 'exit'} (code ${
                lastTerminated.exitCode
              })`
            : undefined),
      };
    case 'ImagePullBackOff':
    case 'ErrImagePull':
      return {
        reason: waiting.reason,
        container: status.name,
        message: waiting.message ?? `cannot pull ${status.image}`,
      };
    case 'CreateContainerConfigError':
    case 'CreateContainerError':
    case 'InvalidImageName':
    case 'RunContainerError':
      return {
        reason: 'Error',
        container: status.name,
        message: [waiting.reason, waiting.message].filter(Boolean).join(': '),
      };
    default:
  }
  if (terminated && terminated.exitCode !== 0) {
    return {
      reason: 'Error',
      container: status.name,
      message: `container ${status.name} exited with code ${
        terminated.exitCode
      }${terminated.reason ? ` (${terminated.reason})` : ''}`,
    };
  }
  return undefined;
}

/** Why a pod needs attention, or undefined when it does not. */
export function podProblem(
  pod: V1Pod,
  nodeReady: (name: string) => boolean | undefined,
): PodProblem | undefined {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded') return undefined;
  for (const status of [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ]) {
    const problem = containerProblem(status);
    if (problem) return problem;
  }
  if (phase === 'Failed') {
    return {
      reason: 'Failed',
      message:
        [pod.status?.reason, pod.status?.message].filter(Boolean).join(': ') ||
        undefined,
    };
  }
  const scheduled = pod.status?.conditions?.find(
    c => c.type === 'PodScheduled',
  );
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    return { reason: 'Unschedulable', message: scheduled.message };
  }
  const node = pod.spec?.nodeName;
  if (node && nodeReady(node) === false) {
    return {
      reason: 'NodeNotReady',
      message: `its node ${node} is not ready`,
    };
  }
  return undefined;
}

function restartsOf(pod: V1Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce(
    (sum, s) => sum + (s.restartCount ?? 0),
    0,
  );
}

const REASON_ORDER: ProblemReason[] = [
  'NodeNotReady',
  'CrashLoopBackOff',
  'OOMKilled',
  'ImagePullBackOff',
  'ErrImagePull',
  'Unschedulable',
  'Error',
  'Failed',
  'ContainersNotReady',
];

/** The problem pods among `pods`, worst first. */
export function problemPods(
  cluster: string,
  pods: Iterable<V1Pod>,
  nodeReady: (name: string) => boolean | undefined,
  warnings: Map<string, CoreV1Event[]>,
): ProblemPod[] {
  const result: ProblemPod[] = [];
  for (const pod of pods) {
    const problem = podProblem(pod, nodeReady);
    if (!problem) continue;
    const namespace = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    result.push({
      cluster,
      namespace,
      name,
      phase: pod.status?.phase ?? 'Unknown',
      reason: problem.reason,
      ...(problem.message ? { message: problem.message } : {}),
      ...(problem.container ? { container: problem.container } : {}),
      restarts: restartsOf(pod),
      ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
      ...(pod.metadata?.labels?.[KUBERNETES_ID_LABEL]
        ? { kubernetesId: pod.metadata.labels[KUBERNETES_ID_LABEL] }
        : {}),
      events: (warnings.get(`${namespace}/${name}`) ?? [])
        .slice(0, EVENTS_PER_POD)
        .map(summarizeEvent),
    });
  }
  return result.sort(
    (a, b) =>
      REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason) ||
      a.namespace.localeCompare(b.namespace) ||
      a.name.localeCompare(b.name),
  );
}

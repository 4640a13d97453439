import type {
  CoreV1Event,
  V1ContainerStatus,
  V1Pod,
} from '@kubernetes/client-node';
import type {
  ProblemPod,
  ProblemReason,
  ProblemSeverity,
} from '@internal/plugin-platform-health-common';
import { summarizeEvent, timeOf } from './events';

/** Warning events kept per problem pod. */
const EVENTS_PER_POD = 5;

/**
 * Failed pods (Evicted, failed Job attempts) stay until garbage collection, which on a
 * busy cluster can be days: older than this they are history, not a problem to act on.
 */
export const FINISHED_POD_TTL_MS = 60 * 60 * 1000;

/** A container that has just started may not be ready yet: not a problem for this long. */
export const READINESS_GRACE_MS = 2 * 60 * 1000;

/** Exit codes of a container stopped by a signal: 143 SIGTERM, 137 SIGKILL after the grace period. */
const STOPPED_BY_SIGNAL = new Set([143, 137]);

const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

/**
 * A pod that runs now is still a warning when it did not run well lately: a restart
 * within this long, or an OOM kill within {@link RECENT_OOM_MS}, or
 * {@link REPEATED_RESTARTS} restarts with the last within {@link RESTART_WINDOW_MS}.
 * A day without a restart makes it quiet again (restart counts only ever grow).
 */
export const RECENT_RESTART_MS = 60 * 60 * 1000;
export const RECENT_OOM_MS = 24 * 60 * 60 * 1000;
export const REPEATED_RESTARTS = 3;
export const RESTART_WINDOW_MS = 24 * 60 * 60 * 1000;

interface PodProblem {
  reason: ProblemReason;
  severity?: ProblemSeverity;
  message?: string;
  container?: string;
}

/**
 * Whether a pod could be a restart warning at some moment (a running container that
 * ended before): the per-event candidate test, without the time.
 */
export function mayWarnOfRestarts(pod: V1Pod): boolean {
  return (
    pod.status?.phase === 'Running' &&
    (pod.status.containerStatuses ?? []).some(s => s.lastState?.terminated)
  );
}

/** A running pod that restarted lately or ran out of memory lately (a warning). */
function restartWarning(pod: V1Pod, now: number): PodProblem | undefined {
  if (pod.status?.phase !== 'Running' || pod.metadata?.deletionTimestamp) {
    return undefined;
  }
  let restarted: PodProblem | undefined;
  for (const status of pod.status.containerStatuses ?? []) {
    const last = status.lastState?.terminated;
    const at = timeOf(last?.finishedAt);
    if (!last || at === undefined) continue;
    const ago = now - at;
    const count = status.restartCount ?? 0;
    const when = new Date(at).toISOString();
    if (last.reason === 'OOMKilled' && ago <= RECENT_OOM_MS) {
      return {
        reason: 'OOMKilledRecently',
        severity: 'warning',
        container: status.name,
        message: `container ${
          status.name
        } ran out of memory at ${when} (OOMKilled, ${count} restart${
          count === 1 ? '' : 's'
        }); it runs again`,
      };
    }
    if (
      !restarted &&
      (ago <= RECENT_RESTART_MS ||
        (count >= REPEATED_RESTARTS && ago <= RESTART_WINDOW_MS))
    ) {
      restarted = {
        reason: 'RestartedRecently',
        severity: 'warning',
        container: status.name,
        message: `container ${status.name} restarted ${count} time${
          count === 1 ? '' : 's'
        }, last at ${when} (${last.reason ?? 'exit'}, code ${
          last.exitCode
        }); it runs again`,
      };
    }
  }
  return restarted;
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

/** A terminating pod whose containers stopped as asked (SIGTERM, or SIGKILL after the grace period). */
function stoppedAsAsked(pod: V1Pod): boolean {
  if (!pod.metadata?.deletionTimestamp) return false;
  return [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ].every(status => {
    const terminated = status.state?.terminated;
    if (!terminated) return !status.state?.waiting;
    return (
      terminated.exitCode === 0 ||
      (STOPPED_BY_SIGNAL.has(terminated.exitCode) &&
        terminated.reason !== 'OOMKilled')
    );
  });
}

/** Running containers that fail their readiness probe past the start-up grace. */
function readinessProblem(pod: V1Pod, now: number): PodProblem | undefined {
  const ready = pod.status?.conditions?.find(c => c.type === 'Ready');
  if (pod.status?.phase !== 'Running' || ready?.status !== 'False') {
    return undefined;
  }
  const unready = (pod.status?.containerStatuses ?? []).filter(
    s =>
      !s.ready &&
      s.state?.running &&
      now - (timeOf(s.state.running.startedAt) ?? 0) > READINESS_GRACE_MS,
  );
  if (!unready.length) return undefined;
  return {
    reason: 'ContainersNotReady',
    container: unready[0].name,
    message: `${unready
      .map(s => s.name)
      .join(', ')} running but not ready (readiness probe failing)${
      ready.message ? `: ${ready.message}` : ''
    }`,
  };
}

/** Why a pod needs attention, or undefined when it does not. */
export function podProblem(
  pod: V1Pod,
  nodeReady: (name: string) => boolean | undefined,
  now = Date.now(),
  /**
   * Also the restart warnings of pods that run now. Off for the portal's
   * `atrium_kube_problem_pods` metric, which alert rules read as "needs attention now".
   */
  withWarnings = false,
): PodProblem | undefined {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded') return undefined;
  // Being deleted and exiting on SIGTERM is what was asked for, not an Error (a pod
  // stuck terminating on a lost node still is a problem, below).
  const stopping = stoppedAsAsked(pod);
  if (!stopping) {
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
          [pod.status?.reason, pod.status?.message]
            .filter(Boolean)
            .join(': ') || undefined,
      };
    }
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
  if (stopping) return undefined;
  return (
    readinessProblem(pod, now) ??
    (withWarnings ? restartWarning(pod, now) : undefined)
  );
}

/** When a failed pod finished: its latest container exit or condition change. */
function finishedAt(pod: V1Pod): number {
  let latest = timeOf(pod.status?.startTime) ?? 0;
  for (const status of pod.status?.containerStatuses ?? []) {
    latest = Math.max(
      latest,
      timeOf(status.state?.terminated?.finishedAt) ?? 0,
    );
  }
  for (const condition of pod.status?.conditions ?? []) {
    latest = Math.max(latest, timeOf(condition.lastTransitionTime) ?? 0);
  }
  return latest || (timeOf(pod.metadata?.creationTimestamp) ?? 0);
}

/** `namespace/Kind/name` of a pod's controller (Job, ReplicaSet ...), if it has one. */
function controllerOf(pod: V1Pod): string | undefined {
  const owner =
    pod.metadata?.ownerReferences?.find(o => o.controller) ??
    pod.metadata?.ownerReferences?.[0];
  return owner
    ? `${pod.metadata?.namespace}/${owner.kind}/${owner.name}`
    : undefined;
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
  'OOMKilledRecently',
  'RestartedRecently',
];

/** The problem pods among `pods`, worst first. */
export function problemPods(
  cluster: string,
  pods: Iterable<V1Pod>,
  nodeReady: (name: string) => boolean | undefined,
  warnings: Map<string, CoreV1Event[]>,
  now = Date.now(),
): ProblemPod[] {
  const result: ProblemPod[] = [];
  // Failed pods of one controller (a Job's attempts, a ReplicaSet's evictions) are one
  // problem: the newest stands for them and says how many more there are.
  const failedByController = new Map<
    string,
    { pod: V1Pod; finished: number; more: number }
  >();
  const listed: Array<{ pod: V1Pod; problem: PodProblem }> = [];
  for (const pod of pods) {
    const problem = podProblem(pod, nodeReady, now, true);
    if (!problem) continue;
    if (pod.status?.phase === 'Failed') {
      const finished = finishedAt(pod);
      if (now - finished > FINISHED_POD_TTL_MS) continue;
      const controller = controllerOf(pod);
      if (controller) {
        const group = failedByController.get(controller);
        if (!group) {
          failedByController.set(controller, { pod, finished, more: 0 });
        } else {
          group.more++;
          if (finished > group.finished) {
            group.pod = pod;
            group.finished = finished;
          }
        }
        continue;
      }
    }
    listed.push({ pod, problem });
  }
  for (const [controller, group] of failedByController) {
    const problem = podProblem(group.pod, nodeReady, now, true)!;
    if (group.more) {
      const kindAndName = controller.split('/').slice(1).join(' ');
      problem.message = `${problem.message ?? 'failed'} (and ${
        group.more
      } older failed pod${group.more === 1 ? '' : 's'} of ${kindAndName})`;
    }
    listed.push({ pod: group.pod, problem });
  }
  for (const { pod, problem } of listed) {
    const namespace = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    result.push({
      cluster,
      namespace,
      name,
      phase: pod.status?.phase ?? 'Unknown',
      reason: problem.reason,
      ...(problem.severity ? { severity: problem.severity } : {}),
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

import type {
  CoreV1Event,
  V1ContainerStatus,
  V1Node,
  V1Pod,
} from '@kubernetes/client-node';
import type { DiagnosisFinding } from '@internal/plugin-platform-health-common';
import { timeOf } from './events';
import { isNodeReady, nodeNotReadyReason } from './nodes';
import { parseQuantity, quantity } from './quantities';
import { GPU_RESOURCE, podGpus } from './workspacePods';
import { eventsOfPod, iso } from './workspacePodFacts';

/** KubeSpawner's default `start_timeout`: the hub gives up a start pending this long. */
export const DEFAULT_SPAWN_TIMEOUT_MS = 300_000;

/** Holders named in a "no free GPU" finding; the rest are counted. */
const HOLDERS_SHOWN = 5;

/** What the diagnosis may look up in the cluster besides the pod itself. */
export interface DiagnosisContext {
  cluster: string;
  node(name: string): V1Node | undefined;
  /** Every node, read only when a scheduling failure needs the cluster's figures. */
  nodes(): readonly V1Node[];
  /** Bound pods asking for GPUs. */
  gpuPods(): readonly V1Pod[];
  /** Memory the unfinished pods on a node ask for (bytes). */
  memoryRequestedOn(node: string): number;
  now: number;
  spawnTimeoutMs: number;
}

export function formatBytes(bytes: number): string {
  const gib = bytes / 2 ** 30;
  if (gib >= 1) return `${Number(gib.toFixed(1))} GiB`;
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 6) / 10;
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

const finding = (
  cause: DiagnosisFinding['cause'],
  severity: DiagnosisFinding['severity'],
  summary: string,
  action: string,
  facts: Array<string | undefined>,
): DiagnosisFinding => ({
  cause,
  severity,
  summary,
  action,
  facts: facts.filter((f): f is string => Boolean(f)),
});

/** "ada/jupyter-bob (bob, running since …)" for each pod holding GPUs. */
function gpuFinding(
  pod: V1Pod,
  message: string,
  context: DiagnosisContext,
): DiagnosisFinding {
  let total = 0;
  for (const node of context.nodes()) {
    if (node.spec?.unschedulable || !isNodeReady(node)) continue;
    total += quantity(node.status?.allocatable?.[GPU_RESOURCE]);
  }
  const holders = context.gpuPods().filter(p => p !== pod);
  const held = holders.reduce((sum, p) => sum + podGpus(p), 0);
  const named = [...holders]
    .sort((a, b) => podGpus(b) - podGpus(a))
    .slice(0, HOLDERS_SHOWN)
    .map(p => {
      const user =
        p.metadata?.annotations?.['hub.jupyter.org/username'] ??
        p.metadata?.labels?.['hub.jupyter.org/username'];
      const since = iso(p.status?.startTime ?? p.metadata?.creationTimestamp);
      const gpus = podGpus(p);
      const state = p.status?.phase === 'Running' ? 'running' : 'starting';
      const details = [
        gpus > 1 ? `${gpus} GPUs` : undefined,
        user,
        since ? `${state} since ${since}` : state,
      ].filter(Boolean);
      return `${p.metadata?.name} (${details.join(', ')})`;
    });
  const more = holders.length - named.length;
  const asked = podGpus(pod);
  const summary =
    total === 0
      ? `no ready node in cluster ${context.cluster} offers GPUs (${GPU_RESOURCE}); the workspace asks for ${asked}`
      : `no node has a free GPU: ${Math.min(held, total)} of ${total} are held${
          named.length
            ? ` by ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`
            : ''
        }; the workspace asks for ${asked}`;
  return finding(
    'FailedScheduling',
    'error',
    summary,
    'ask an admin to free or add GPUs, or pick a CPU profile',
    [message],
  );
}

function schedulingFinding(
  pod: V1Pod,
  events: readonly CoreV1Event[],
  context: DiagnosisContext,
): DiagnosisFinding | undefined {
  if (pod.spec?.nodeName) return undefined;
  const condition = pod.status?.conditions?.find(
    c => c.type === 'PodScheduled',
  );
  const event = events.find(e => e.reason === 'FailedScheduling');
  const unschedulable =
    condition?.status === 'False' && condition.reason === 'Unschedulable';
  if (!unschedulable && !event) return undefined;
  const message = event?.message ?? condition?.message ?? '';
  if (message.includes(`Insufficient ${GPU_RESOURCE}`)) {
    return gpuFinding(pod, message, context);
  }
  if (message.includes('Insufficient memory')) {
    const asked = (pod.spec?.containers ?? []).reduce(
      (sum, c) => sum + quantity(c.resources?.requests?.memory),
      0,
    );
    // The most any ready node could still give, by the requests the cache sums.
    let mostFree = 0;
    for (const node of context.nodes()) {
      if (node.spec?.unschedulable || !isNodeReady(node)) continue;
      const free =
        quantity(node.status?.allocatable?.memory) -
        context.memoryRequestedOn(node.metadata?.name ?? '');
      mostFree = Math.max(mostFree, free);
    }
    return finding(
      'FailedScheduling',
      'error',
      `no node has ${formatBytes(
        asked,
      )} of memory free for the workspace: the most free on a ready node is ${formatBytes(
        mostFree,
      )}`,
      'pick a profile with less memory, or ask an admin for more capacity',
      [message],
    );
  }
  return finding(
    'FailedScheduling',
    'error',
    `the cluster cannot place the workspace on any node: ${message}`,
    'ask an admin: the scheduler says why above',
    [message],
  );
}

function oomFinding(
  pod: V1Pod,
  statuses: readonly V1ContainerStatus[],
): DiagnosisFinding | undefined {
  for (const status of statuses) {
    const now = status.state?.terminated;
    const last = status.lastState?.terminated;
    const killed = [now, last].find(t => t?.reason === 'OOMKilled');
    if (!killed) continue;
    const spec = pod.spec?.containers?.find(c => c.name === status.name);
    const limit = parseQuantity(spec?.resources?.limits?.memory);
    const running = Boolean(status.state?.running);
    return finding(
      'OOMKilled',
      running ? 'warning' : 'error',
      `the workspace ran out of ${
        limit ? `its ${formatBytes(limit)}` : 'memory'
      }${running ? ' and was restarted' : ''}`,
      `choose a profile with more memory${
        limit ? ` than ${formatBytes(limit)}` : ''
      } or reduce the data loaded`,
      [
        `container ${status.name}: OOMKilled (exit code ${killed.exitCode})${
          iso(killed.finishedAt) ? ` at ${iso(killed.finishedAt)}` : ''
        }`,
        `restarts: ${status.restartCount ?? 0}`,
      ],
    );
  }
  return undefined;
}

function imagePullFinding(
  statuses: readonly V1ContainerStatus[],
  events: readonly CoreV1Event[],
): DiagnosisFinding | undefined {
  const status = statuses.find(s =>
    ['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName'].includes(
      s.state?.waiting?.reason ?? '',
    ),
  );
  if (!status) return undefined;
  // The kubelet's "Failed to pull image "x": <the registry's answer>".
  const pull = events.find(
    e => e.reason === 'Failed' && e.message?.startsWith('Failed to pull image'),
  );
  const answer = pull?.message?.replace(/^Failed to pull image "[^"]*": /, '');
  return finding(
    'ImagePull',
    'error',
    `the image ${status.image ?? ''} cannot be pulled${
      answer ? `: the registry answered ${answer}` : ''
    }`,
    'check the image name and tag of the environment or profile; if they are right, ask an admin whether the registry needs credentials',
    [status.state?.waiting?.message, pull?.message],
  );
}

function crashLoopFinding(
  statuses: readonly V1ContainerStatus[],
): DiagnosisFinding | undefined {
  const status = statuses.find(
    s => s.state?.waiting?.reason === 'CrashLoopBackOff',
  );
  if (!status) return undefined;
  const last = status.lastState?.terminated;
  return finding(
    'CrashLoop',
    'error',
    `the server keeps crashing: it restarted ${status.restartCount ?? 0} times${
      last
        ? `, last exiting with code ${last.exitCode}${
            last.reason ? ` (${last.reason})` : ''
          }`
        : ''
    }`,
    'read the log tail: a package error or a bad start command is the usual cause; fix the environment, or pick another image',
    [status.state?.waiting?.message, last?.message],
  );
}

function readinessFinding(
  pod: V1Pod,
  events: readonly CoreV1Event[],
): DiagnosisFinding | undefined {
  if (pod.status?.phase !== 'Running') return undefined;
  const ready = pod.status.conditions?.find(c => c.type === 'Ready');
  const probe = events.find(
    e => e.reason === 'Unhealthy' && /^Readiness probe/.test(e.message ?? ''),
  );
  const running = (pod.status.containerStatuses ?? []).every(
    s => s.state?.running,
  );
  if (!running || (ready?.status !== 'False' && !probe)) return undefined;
  return finding(
    'Readiness',
    ready?.status === 'False' ? 'error' : 'warning',
    `the server runs but does not answer its readiness check${
      probe ? ` (${probe.count ?? 1} failures)` : ''
    }`,
    'a slow start passes within a minute or two; if it persists, read the log tail and restart the workspace',
    [probe?.message, ready?.message],
  );
}

/** The causes found, worst first. */
export function diagnose(
  pod: V1Pod,
  events: readonly CoreV1Event[],
  context: DiagnosisContext,
): DiagnosisFinding[] {
  const own = eventsOfPod(pod, events);
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  const findings: DiagnosisFinding[] = [];
  const add = (f: DiagnosisFinding | undefined) => {
    if (f) findings.push(f);
  };
  const nodeName = pod.spec?.nodeName;
  const node = nodeName ? context.node(nodeName) : undefined;
  if (node && !isNodeReady(node)) {
    add(
      finding(
        'NodeNotReady',
        'error',
        `its node ${nodeName} is not ready: ${nodeNotReadyReason(node)}`,
        'the workspace cannot be reached while its node is down: restart it to move it to another node, or ask an admin',
        [nodeNotReadyReason(node)],
      ),
    );
  }
  add(schedulingFinding(pod, own, context));
  const oom = oomFinding(pod, statuses);
  add(oom);
  add(imagePullFinding(statuses, own));
  // A crash loop after running out of memory is the OOM finding's.
  if (!oom || oom.severity === 'warning') add(crashLoopFinding(statuses));
  add(readinessFinding(pod, own));
  // A pod that ended for a reason of its own (Evicted, the kubelet refusing it for lack
  // of memory): said as Kubernetes says it, when nothing above explains it.
  if (pod.status?.phase === 'Failed' && !findings.length) {
    const why = [pod.status.reason, pod.status.message]
      .filter(Boolean)
      .join(': ');
    add(
      finding(
        'Unknown',
        'error',
        `the workspace's pod failed${why ? `: ${why}` : ''}`,
        'start the workspace again; if it fails the same way, ask an admin',
        [why, own[0]?.message],
      ),
    );
  }
  const created = timeOf(pod.metadata?.creationTimestamp);
  if (
    pod.status?.phase === 'Pending' &&
    created !== undefined &&
    context.now - created > context.spawnTimeoutMs
  ) {
    add(
      finding(
        'SpawnTimeout',
        'error',
        `the workspace has been starting for ${duration(
          context.now - created,
        )}, past the hub's spawn timeout of ${duration(
          context.spawnTimeoutMs,
        )}: the hub gives the start up`,
        findings.length
          ? 'the findings above say why it does not start'
          : 'ask an admin: nothing above says why it does not start',
        [`Pending since ${iso(created)}`],
      ),
    );
  }
  const order = { error: 0, warning: 1, info: 2 };
  return findings.sort((a, b) => order[a.severity] - order[b.severity]);
}

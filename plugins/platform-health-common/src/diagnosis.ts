/**
 * Why a workspace fails: what the cluster cache knows of a workspace's pod, joined by the
 * labels KubeSpawner sets (`component=singleuser-server`, `hub.jupyter.org/username`,
 * `hub.jupyter.org/servername`), and the common causes translated into what to do.
 *
 * The platform-health backend answers it (`GET /workspace-pods/diagnosis`) to the
 * workspaces backend (which checked that the caller owns the workspace or is an admin)
 * and to DevOps and admins directly; the workspaces backend adds what the hub knows
 * (its message, the server's kernels) and sends the whole to the browser.
 */

/** @public */
export type DiagnosisSeverity = 'error' | 'warning' | 'info';

/**
 * The causes Atrium recognises. `Unknown` is a finding whose facts are shown as they are.
 *
 * @public
 */
export type DiagnosisCause =
  | 'FailedScheduling'
  | 'OOMKilled'
  | 'ImagePull'
  | 'CrashLoop'
  | 'SpawnTimeout'
  | 'Readiness'
  | 'NodeNotReady'
  | 'KernelDead'
  | 'Unknown';

/**
 * One cause found, in words a person can act on: `summary` says what happened, with the
 * figures that matter ("no node has a free GPU: 4 of 4 are held by …"), `action` what to
 * do next ("pick a CPU profile or ask an admin"), `facts` the raw lines it was read from
 * (event messages, termination reasons), so nothing is hidden behind the translation.
 *
 * @public
 */
export interface DiagnosisFinding {
  cause: DiagnosisCause;
  severity: DiagnosisSeverity;
  summary: string;
  action: string;
  facts: string[];
}

/** @public */
export interface DiagnosisContainer {
  name: string;
  ready: boolean;
  restartCount: number;
  state: 'running' | 'waiting' | 'terminated' | 'unknown';
  /** The waiting or terminated reason (`ImagePullBackOff`, `OOMKilled`, `Error`). */
  reason?: string;
  message?: string;
  image?: string;
  lastTermination?: { reason?: string; exitCode?: number; finishedAt?: string };
}

/** @public */
export interface DiagnosisEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
  /** ISO 8601; the event's last occurrence. */
  lastSeen?: string;
}

/** @public */
export interface WorkspacePodFacts {
  cluster: string;
  namespace: string;
  name: string;
  phase: string;
  nodeName?: string;
  /** The node's Ready condition, when the pod is bound to a node the cache knows. */
  nodeReady?: boolean;
  startedAt?: string;
  deleting: boolean;
  conditions: Array<{
    type: string;
    status: string;
    reason?: string;
    message?: string;
    lastTransitionTime?: string;
  }>;
  containers: DiagnosisContainer[];
  /** Sum of the containers' restart counts. */
  restarts: number;
  /** The pod's events, newest first (Warning and recent Normal ones the cache keeps). */
  events: DiagnosisEvent[];
  /** The notebook container's memory limit and GPU request, when set. */
  limits: { memoryBytes?: number; gpus?: number };
}

/**
 * The cluster side of a diagnosis. `missing` names what could not be known and why
 * ("the cluster demo is unreachable: …", "no pod with the workspace's labels"), so an
 * answer is always given with what is known, never an error for a partial view.
 *
 * @public
 */
export interface WorkspacePodDiagnosis {
  /** Null when no cluster holds a pod with the workspace's labels. */
  pod: WorkspacePodFacts | null;
  findings: DiagnosisFinding[];
  /** The server's log tail; absent when there is no pod or it could not be read. */
  logTail?: { container: string; lines: string[]; previous: boolean };
  missing: string[];
}

/**
 * The full diagnosis the workspaces backend answers for `GET /workspaces/:id/diagnosis`.
 *
 * @public
 */
export interface WorkspaceDiagnosis extends WorkspacePodDiagnosis {
  workspaceId: string;
  /** The hub's own message about the last spawn (its progress or failure). */
  hubMessage?: string;
  /** The running server's kernels (Jupyter `/api/kernels`), when it runs. */
  kernels?: Array<{
    id: string;
    name: string;
    executionState: string;
    lastActivity?: string;
    connections?: number;
  }>;
  /** When the diagnosis was made (ISO 8601). */
  diagnosedAt: string;
}

import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type {
  DiagnosisFinding,
  WorkspaceDiagnosis,
  WorkspacePodDiagnosis,
} from '@internal/plugin-platform-health-common';
import type {
  DriverKernel,
  WorkspaceDriver,
} from '@internal/plugin-workspaces-node';
import type { StoredWorkspace } from '../database/WorkspacesStore';

/** The cluster side of a diagnosis, for a hub user's named server. */
export type PodDiagnosisSource = (
  hubUser: string,
  serverName: string,
  signal: AbortSignal,
) => Promise<WorkspacePodDiagnosis>;

/**
 * Asks the platform-health backend (which holds the cluster caches) with this plugin's
 * own service token: the caller's right to see the workspace was checked here.
 */
export function platformHealthPodDiagnosis(services: {
  discovery: DiscoveryService;
  auth: AuthService;
}): PodDiagnosisSource {
  return async (hubUser, serverName, signal) => {
    const { discovery, auth } = services;
    const [base, { token }] = await Promise.all([
      discovery.getBaseUrl('platform-health'),
      auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'platform-health',
      }),
    ]);
    const query = new URLSearchParams({
      username: hubUser,
      servername: serverName,
    });
    const res = await fetch(`${base}/workspace-pods/diagnosis?${query}`, {
      headers: { authorization: `Bearer ${token}` },
      signal,
    });
    if (!res.ok) {
      const text = (await res.text().catch(() => '')).slice(0, 300);
      let message = text;
      try {
        message = JSON.parse(text)?.error?.message ?? text;
      } catch {
        // not Backstage's error body: the text as it is
      }
      throw new Error(`HTTP ${res.status}${message ? `: ${message}` : ''}`);
    }
    return (await res.json()) as WorkspacePodDiagnosis;
  };
}

/** How long each part may take: the whole answer comes within 2 s. */
export interface DiagnosisDeadlines {
  /** The platform-health call (1.5 s). */
  podMs: number;
  /** The hub's progress stream and the kernel list (1.2 s). */
  hubMs: number;
}

const DEFAULT_DEADLINES: DiagnosisDeadlines = { podMs: 1500, hubMs: 1200 };

class DeadlineError extends Error {}

/** `work` with a signal that aborts at the deadline; rejects then whatever `work` does. */
async function withDeadline<T>(
  ms: number,
  what: string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new DeadlineError(`${what} did not answer within ${ms / 1000} s`));
    }, ms);
  });
  try {
    return await Promise.race([work(abort.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const reason = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/** Dead and restarting kernels, in words a person can act on. */
export function kernelFindings(kernels: DriverKernel[]): DiagnosisFinding[] {
  return kernels.flatMap((k): DiagnosisFinding[] => {
    const state = k.executionState;
    if (
      state !== 'dead' &&
      state !== 'restarting' &&
      state !== 'autorestarting'
    )
      return [];
    const dead = state === 'dead';
    return [
      {
        cause: 'KernelDead',
        severity: dead ? 'error' : 'warning',
        summary: dead
          ? `The ${k.name} kernel ${k.id.slice(
              0,
              8,
            )} died and was not restarted`
          : `The ${k.name} kernel ${k.id.slice(
              0,
              8,
            )} is restarting: it crashed (often out of memory or a crashing library)`,
        action: dead
          ? 'Restart the kernel from the notebook (Kernel → Restart); if it dies again, load less data or choose a profile with more memory'
          : 'Wait for it to come back and rerun the cells; if it keeps restarting, load less data or choose a profile with more memory',
        facts: [
          `execution_state: ${state}`,
          ...(k.lastActivity ? [`last activity: ${k.lastActivity}`] : []),
          ...(k.connections !== undefined
            ? [`connections: ${k.connections}`]
            : []),
        ],
      },
    ];
  });
}

/** The hub's last word on the workspace's spawn: the last message of its progress stream. */
async function hubMessage(
  workspace: StoredWorkspace,
  driver: WorkspaceDriver,
  ms: number,
): Promise<{ message?: string; missing?: string }> {
  let last: string | undefined;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ms);
  try {
    for await (const event of driver.progress(
      workspace.hubUser,
      workspace.name,
      abort.signal,
    )) {
      if (event.message) last = event.message;
    }
  } catch (error) {
    // The hub answers 400 for a server that is neither starting nor just failed, and
    // forgets a failure when it restarts: the record's reason says what it last said.
    const name = (error as Error)?.name;
    if (!last && name === 'ServiceUnavailableError') {
      return {
        ...(workspace.statusReason ? { message: workspace.statusReason } : {}),
        missing: `the hub's message: ${reason(error)}`,
      };
    }
  } finally {
    clearTimeout(timer);
  }
  // A start still under way: its latest step (the stream was cut at the deadline).
  const message = last ?? workspace.statusReason;
  return message ? { message } : {};
}

/**
 * What is known about why a workspace fails, within 2 s: the hub's message, the running
 * server's kernels, and the cluster's view of its pod from platform-health. A part that
 * cannot be had is named in `missing`; the answer never fails for it.
 */
export async function diagnoseWorkspace(
  workspace: StoredWorkspace,
  options: {
    driver: WorkspaceDriver;
    podDiagnosis: PodDiagnosisSource;
    deadlines?: Partial<DiagnosisDeadlines>;
    now?: () => Date;
  },
): Promise<WorkspaceDiagnosis> {
  const { driver, podDiagnosis } = options;
  const deadlines = { ...DEFAULT_DEADLINES, ...options.deadlines };
  const missing: string[] = [];

  const pod = withDeadline(deadlines.podMs, 'platform-health', signal =>
    podDiagnosis(workspace.hubUser, workspace.name, signal),
  ).catch((error): WorkspacePodDiagnosis => {
    missing.push(`the cluster's view of the pod: ${reason(error)}`);
    return { pod: null, findings: [], missing: [] };
  });

  const kernels =
    workspace.status === 'running' && driver.listKernels
      ? withDeadline(deadlines.hubMs, "the notebook server's kernel list", () =>
          driver.listKernels!(workspace.hubUser, workspace.name),
        ).catch(error => {
          missing.push(`the kernels: ${reason(error)}`);
          return undefined;
        })
      : Promise.resolve(undefined);

  const hub = hubMessage(workspace, driver, deadlines.hubMs);

  const [cluster, kernelList, fromHub] = await Promise.all([pod, kernels, hub]);
  if (fromHub.missing) missing.push(fromHub.missing);
  return {
    workspaceId: workspace.id,
    pod: cluster.pod,
    findings: [...cluster.findings, ...kernelFindings(kernelList ?? [])],
    ...(cluster.logTail ? { logTail: cluster.logTail } : {}),
    missing: [...cluster.missing, ...missing],
    ...(fromHub.message ? { hubMessage: fromHub.message } : {}),
    ...(kernelList
      ? {
          kernels: kernelList.map(k => ({
            id: k.id,
            name: k.name,
            executionState: k.executionState,
            ...(k.lastActivity ? { lastActivity: k.lastActivity } : {}),
            ...(k.connections !== undefined
              ? { connections: k.connections }
              : {}),
          })),
        }
      : {}),
    diagnosedAt: (options.now?.() ?? new Date()).toISOString(),
  };
}

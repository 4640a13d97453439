import type { V1Node, V1Pod } from '@kubernetes/client-node';
import type { WorkspacePodDiagnosis } from '@internal/plugin-platform-health-common';
import type { ClusterCache } from './ClusterCache';
import type { ClusterService } from './ClusterService';
import { timeOf } from './events';
import { safeLabelSlug, workspaceLookupKeys } from './kubespawnerLabels';
import { messageOf } from './messageOf';
import { DEFAULT_SPAWN_TIMEOUT_MS, diagnose } from './workspaceDiagnosis';
import { notebookContainerOf, podFacts } from './workspacePodFacts';

/**
 * The whole answer is due within this, whatever the cluster does: well within 2 s,
 * because the workspaces backend waits 1.5 s for it (and the rest of its own 2 s for
 * the hub), and would otherwise lose the pod's facts with a slow log.
 */
export const DIAGNOSIS_DEADLINE_MS = 1200;

/** Lines of the server's log a diagnosis shows. */
export const DIAGNOSIS_LOG_LINES = 100;

/** Kept for the log read's own work after its deadline (parsing, the audit record). */
const DEADLINE_MARGIN_MS = 150;

export interface DiagnoseOptions {
  deadlineMs?: number;
  spawnTimeoutMs?: number;
  logLines?: number;
  /** Leave out the log tail (the benchmark measures the cache's part). */
  withLogs?: boolean;
}

/** Which log was read, for the audit record. */
export interface DiagnosisLogRead {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
}

/** Not being deleted first, then the newest (a restart creates a new pod of the same name). */
function newestLive(found: Array<{ cache: ClusterCache; pod: V1Pod }>) {
  return [...found].sort(
    (a, b) =>
      Number(Boolean(a.pod.metadata?.deletionTimestamp)) -
        Number(Boolean(b.pod.metadata?.deletionTimestamp)) ||
      (timeOf(b.pod.metadata?.creationTimestamp) ?? 0) -
        (timeOf(a.pod.metadata?.creationTimestamp) ?? 0),
  )[0];
}

/**
 * A workspace's pod diagnosed from the clusters' caches (a few map lookups), with the
 * notebook container's log tail fetched within what is left of `deadlineMs`. Nothing
 * here throws for a partial view: what could not be known is said in `missing`.
 */
export async function diagnoseWorkspacePod(
  clusters: ClusterService,
  username: string,
  servername: string,
  options: DiagnoseOptions = {},
): Promise<{ diagnosis: WorkspacePodDiagnosis; logRead?: DiagnosisLogRead }> {
  const started = Date.now();
  const deadlineMs = options.deadlineMs ?? DIAGNOSIS_DEADLINE_MS;
  const missing: string[] = [];
  const caches = clusters.all();
  if (!caches.length) {
    missing.push(
      "no cluster is configured (platformHealth.clusters): the workspace's pod cannot be looked up",
    );
    return { diagnosis: { pod: null, findings: [], missing } };
  }
  const keys = workspaceLookupKeys(username, servername);
  const found: Array<{ cache: ClusterCache; pod: V1Pod }> = [];
  const searched: string[] = [];
  for (const cache of caches) {
    const name = cache.cluster.name;
    const freshness = cache.freshness();
    if (!cache.synced) {
      missing.push(
        `cluster ${name} is not loaded yet, so its pods are unknown: ${
          freshness.error ?? 'still loading'
        }`,
      );
      continue;
    }
    searched.push(name);
    if (freshness.stale && freshness.error) {
      missing.push(
        `cluster ${name} does not answer (${
          freshness.error
        }): what is shown of it is as of ${
          freshness.syncedAt ?? 'its last sync'
        }`,
      );
    } else if (freshness.error) {
      // Fresh, but the credentials may not read some collections (events, nodes).
      missing.push(`cluster ${name}: ${freshness.error}`);
    }
    for (const pod of cache.workspacePods.find(keys))
      found.push({ cache, pod });
  }
  if (!found.length) {
    if (searched.length) {
      missing.push(
        `no pod with the labels component=singleuser-server, hub.jupyter.org/username=${safeLabelSlug(
          username,
        )}, hub.jupyter.org/servername=${safeLabelSlug(servername)} in ${
          searched.length === 1 ? 'cluster' : 'clusters'
        } ${searched.join(', ')}`,
      );
    }
    return { diagnosis: { pod: null, findings: [], missing } };
  }
  const { cache, pod } = newestLive(found);
  const cluster = cache.cluster.name;
  const namespace = pod.metadata?.namespace ?? '';
  const podName = pod.metadata?.name ?? '';
  const events = cache.podEvents(namespace, podName);
  const nodeOf = (name: string) => cache.get<V1Node>('nodes', '', name);
  const node = pod.spec?.nodeName ? nodeOf(pod.spec.nodeName) : undefined;
  const facts = podFacts(cluster, pod, events, node);
  const findings = diagnose(pod, events, {
    cluster,
    node: nodeOf,
    nodes: () => cache.list<V1Node>('nodes'),
    gpuPods: () => cache.workspacePods.gpuPods(),
    memoryRequestedOn: name => cache.podSums.node(name).requested.memoryBytes,
    now: Date.now(),
    spawnTimeoutMs: options.spawnTimeoutMs ?? DEFAULT_SPAWN_TIMEOUT_MS,
  });
  const diagnosis: WorkspacePodDiagnosis = { pod: facts, findings, missing };
  if (options.withLogs === false) return { diagnosis };

  const container = notebookContainerOf(pod)?.name;
  const status = pod.status?.containerStatuses?.find(s => s.name === container);
  const everStarted =
    status &&
    (status.state?.running ||
      status.state?.terminated ||
      (status.restartCount ?? 0) > 0);
  if (!container || !everStarted) {
    missing.push('no log yet: the notebook container has not started');
    return { diagnosis };
  }
  // After a crash or an OOM kill the current instance has printed little or nothing:
  // the previous one's log says why it ended.
  const previous = !status.state?.running && (status.restartCount ?? 0) > 0;
  const timeoutMs = deadlineMs - (Date.now() - started) - DEADLINE_MARGIN_MS;
  const logRead = { cluster, namespace, pod: podName, container, previous };
  if (timeoutMs < 100) {
    missing.push(`the log of ${container} was not read: no time was left`);
    return { diagnosis, logRead };
  }
  try {
    const logs = await clusters.logs(cluster, namespace, podName, {
      container,
      previous,
      tailLines: options.logLines ?? DIAGNOSIS_LOG_LINES,
      timeoutMs,
    });
    diagnosis.logTail = {
      container: logs.container,
      lines: logs.lines,
      previous: logs.previous,
    };
    logRead.previous = logs.previous;
  } catch (error) {
    missing.push(
      `the log of ${container} could not be read: ${messageOf(error)}`,
    );
  }
  return { diagnosis, logRead };
}

import type { KubeObject } from './types';
import { formatKibibytes, formatNanoCores, parseQuantity } from './quantity';
import { kubeTimestamp } from './store';

export const METRICS_API_VERSION = 'metrics.k8s.io/v1beta1';

/** What the kubelet itself, the container runtime and system daemons use on every node. */
const NODE_OVERHEAD = { cpu: 0.12, memory: 900 * 2 ** 20 };
/** Usage assumed for a container that requests nothing. */
const UNREQUESTED = { cpu: 0.005, memory: 48 * 2 ** 20 };

type Container = {
  name: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
};
type ContainerStatus = { name: string; state?: { running?: unknown } };

/** A stable number in [0, 1) from a string (FNV-1a), so usage is deterministic per container. */
function stableFraction(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}

export interface Usage {
  cpu: number;
  memory: number;
}

/**
 * The usage metrics-server would report for each running container of a pod, or undefined
 * when the pod has none running (metrics-server skips pending and crash-looping pods).
 * Each container uses a fixed fraction (20–90 %, derived from its name) of its requests.
 */
export function podContainerUsage(pod: KubeObject): Array<{ name: string; usage: Usage }> | undefined {
  const status = pod.status as
    | { phase?: string; containerStatuses?: ContainerStatus[] }
    | undefined;
  if (status?.phase !== 'Running') return undefined;
  const running = new Set(
    (status.containerStatuses ?? []).filter(c => c.state?.running).map(c => c.name),
  );
  const containers = ((pod.spec as { containers?: Container[] } | undefined)?.containers ?? [])
    .filter(c => running.has(c.name));
  if (containers.length === 0) return undefined;
  return containers.map(c => {
    const fraction =
      0.2 + 0.7 * stableFraction(`${pod.metadata.namespace}/${pod.metadata.name}/${c.name}`);
    const requests = c.resources?.requests ?? {};
    const cpu = requests.cpu ? parseQuantity(requests.cpu) : UNREQUESTED.cpu;
    const memory = requests.memory ? parseQuantity(requests.memory) : UNREQUESTED.memory;
    return { name: c.name, usage: { cpu: cpu * fraction, memory: memory * fraction } };
  });
}

function scrapeTimestamp(): string {
  return kubeTimestamp(new Date(Date.now() - 7_000));
}

export function podMetrics(pod: KubeObject): KubeObject | undefined {
  const containers = podContainerUsage(pod);
  if (!containers) return undefined;
  return {
    kind: 'PodMetrics',
    apiVersion: METRICS_API_VERSION,
    metadata: {
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      creationTimestamp: kubeTimestamp(),
      labels: pod.metadata.labels,
    },
    timestamp: scrapeTimestamp(),
    window: '15.012s',
    containers: containers.map(c => ({
      name: c.name,
      usage: { cpu: formatNanoCores(c.usage.cpu), memory: formatKibibytes(c.usage.memory) },
    })),
  };
}

function nodeIsReady(node: KubeObject): boolean {
  const conditions = (node.status as { conditions?: Array<{ type: string; status: string }> })
    ?.conditions;
  return conditions?.find(c => c.type === 'Ready')?.status === 'True';
}

/**
 * NodeMetrics for every Ready node: the system overhead plus the usage of the pods running
 * on it. Not-ready nodes are left out, as metrics-server cannot scrape them.
 */
export function nodeMetrics(nodes: KubeObject[], pods: Iterable<KubeObject>): KubeObject[] {
  const usageByNode = new Map<string, Usage>();
  for (const pod of pods) {
    const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    if (!nodeName) continue;
    const containers = podContainerUsage(pod);
    if (!containers) continue;
    const total = usageByNode.get(nodeName) ?? { cpu: 0, memory: 0 };
    for (const c of containers) {
      total.cpu += c.usage.cpu;
      total.memory += c.usage.memory;
    }
    usageByNode.set(nodeName, total);
  }
  const timestamp = scrapeTimestamp();
  return nodes.filter(nodeIsReady).map(node => {
    const podUsage = usageByNode.get(node.metadata.name) ?? { cpu: 0, memory: 0 };
    return {
      kind: 'NodeMetrics',
      apiVersion: METRICS_API_VERSION,
      metadata: {
        name: node.metadata.name,
        creationTimestamp: kubeTimestamp(),
        labels: node.metadata.labels,
      },
      timestamp,
      window: '20.035s',
      usage: {
        cpu: formatNanoCores(podUsage.cpu + NODE_OVERHEAD.cpu),
        memory: formatKibibytes(podUsage.memory + NODE_OVERHEAD.memory),
      },
    };
  });
}

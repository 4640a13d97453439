import { errors } from './status';
import type { KubeObject } from './types';
import { defaultLogs } from './seed/defaultLogs';

export interface LogLine {
  /** RFC 3339 with nanoseconds, as `timestamps=true` prints it. */
  time: string;
  text: string;
}

interface ContainerLogs {
  current: LogLine[];
  previous?: LogLine[];
}

const TIMESTAMPED = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) (.*)$/;

/** Lines as given: "<RFC3339> text" keeps its time; plain text gets one a millisecond apart, ending now. */
export function toLogLines(lines: string[], end: number = Date.now()): LogLine[] {
  return lines.map((line, i) => {
    const match = TIMESTAMPED.exec(line);
    if (match) return { time: match[1], text: match[2] };
    const time = new Date(end - (lines.length - 1 - i) * 1000).toISOString();
    // Kubernetes prints nanoseconds: pad the milliseconds.
    return { time: time.replace(/Z$/, '000000Z'), text: line };
  });
}

type Query = URLSearchParams;

/** Container logs kept beside the objects (the API server proxies them from the kubelet). */
export class LogStore {
  private readonly logs = new Map<string, ContainerLogs>();

  private key(namespace: string, pod: string, container: string) {
    return `${namespace}/${pod}/${container}`;
  }

  set(namespace: string, pod: string, container: string, lines: LogLine[], previous = false) {
    const key = this.key(namespace, pod, container);
    const entry = this.logs.get(key) ?? { current: [] };
    if (previous) entry.previous = lines;
    else entry.current = lines;
    this.logs.set(key, entry);
  }

  /** A restart: what the container printed becomes `previous`, the new instance starts with `lines`. */
  restart(namespace: string, pod: string, container: string, lines: LogLine[]) {
    const key = this.key(namespace, pod, container);
    const entry = this.logs.get(key);
    this.logs.set(key, { current: lines, previous: entry?.current ?? [] });
  }

  get(namespace: string, pod: string, container: string): ContainerLogs | undefined {
    return this.logs.get(this.key(namespace, pod, container));
  }

  deletePod(namespace: string, pod: string) {
    const prefix = `${namespace}/${pod}/`;
    for (const key of this.logs.keys()) if (key.startsWith(prefix)) this.logs.delete(key);
  }

  /**
   * The text `GET pods/{name}/log` answers, with the API server's 400s for a missing or
   * unknown container, a container that has not started and a missing previous instance.
   */
  render(pod: KubeObject, query: Query): string {
    const podName = pod.metadata.name;
    const namespace = pod.metadata.namespace ?? 'default';
    const containers = ((pod.spec as { containers?: Array<{ name: string }> })?.containers ?? [])
      .map(c => c.name);
    const initContainers = ((pod.spec as { initContainers?: Array<{ name: string }> })
      ?.initContainers ?? []).map(c => c.name);
    let container = query.get('container') ?? '';
    if (!container) {
      if (containers.length !== 1) {
        throw errors.badRequest(
          `a container name must be specified for pod ${podName}, choose one of: [${containers.join(' ')}]`,
        );
      }
      container = containers[0];
    }
    if (!containers.includes(container) && !initContainers.includes(container)) {
      throw errors.badRequest(
        `container ${container} is not valid for pod ${podName}`,
      );
    }
    const statuses = [
      ...(((pod.status as any)?.containerStatuses ?? []) as any[]),
      ...(((pod.status as any)?.initContainerStatuses ?? []) as any[]),
    ];
    const status = statuses.find(s => s.name === container);
    const previous = ['true', '1'].includes(query.get('previous') ?? '');
    // Containers without seeded logs print a plausible start-up, computed when asked for.
    const entry = this.get(namespace, podName, container) ?? {
      current: toLogLines(defaultLogs(pod, container)),
    };
    if (previous) {
      if (!entry?.previous || !status?.lastState?.terminated) {
        throw errors.badRequest(
          `previous terminated container "${container}" in pod "${podName}" not found`,
        );
      }
    } else if (!status || (status.state?.waiting && !status.lastState?.terminated)) {
      const reason = status?.state?.waiting?.reason ?? 'ContainerCreating';
      const detail =
        reason === 'ImagePullBackOff' || reason === 'ErrImagePull'
          ? 'trying and failing to pull image'
          : reason;
      throw errors.badRequest(
        `container "${container}" in pod "${podName}" is waiting to start: ${detail}`,
      );
    }
    let lines = (previous ? entry?.previous : entry?.current) ?? [];
    const sinceSeconds = Number(query.get('sinceSeconds') ?? 0);
    const sinceTime = query.get('sinceTime');
    let since: number | undefined;
    if (sinceSeconds > 0) since = Date.now() - sinceSeconds * 1000;
    else if (sinceTime) since = Date.parse(sinceTime);
    if (since !== undefined && !Number.isNaN(since)) {
      lines = lines.filter(l => Date.parse(l.time) >= since);
    }
    const tailLines = query.get('tailLines');
    if (tailLines !== null) {
      const n = Number(tailLines);
      if (!Number.isInteger(n) || n < 0) {
        throw errors.badRequest(`tailLines must be a non-negative integer, got "${tailLines}"`);
      }
      lines = n === 0 ? [] : lines.slice(-n);
    }
    const timestamps = ['true', '1'].includes(query.get('timestamps') ?? '');
    let text = lines.map(l => (timestamps ? `${l.time} ${l.text}\n` : `${l.text}\n`)).join('');
    const limitBytes = Number(query.get('limitBytes') ?? 0);
    if (limitBytes > 0) text = Buffer.from(text).subarray(0, limitBytes).toString();
    return text;
  }
}

import type { KubeObject } from '../types';
import { kubeTimestamp } from '../store';
import nodes from './demo/nodes.json';
import namespaces from './demo/namespaces.json';
import workloads from './demo/workloads.json';
import pods from './demo/pods.json';
import events from './demo/events.json';
import logs from './demo/logs.json';

/** When the demo JSON was captured: its timestamps are moved so that this instant is now. */
export const DEMO_CAPTURED_AT = '2025-06-02T09:30:00Z';

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** A deep copy of `value` with every RFC 3339 timestamp moved by `shiftMs`. */
function shiftTimestamps<T>(value: T, shiftMs: number): T {
  if (typeof value === 'string' && TIMESTAMP.test(value)) {
    const fraction = /\.(\d+)Z$/.exec(value)?.[1];
    const shifted = new Date(Date.parse(value) + shiftMs);
    return (fraction
      ? shifted.toISOString().replace(/\.\d{3}Z$/, `.${fraction.padEnd(3, '0').slice(0, 3)}${fraction.slice(3)}Z`)
      : kubeTimestamp(shifted)) as T;
  }
  if (Array.isArray(value)) return value.map(v => shiftTimestamps(v, shiftMs)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, shiftTimestamps(v, shiftMs)]),
    ) as T;
  }
  return value;
}

/** The namespaces every cluster starts with. */
export function builtInNamespaces(created: string = kubeTimestamp()): KubeObject[] {
  return ['default', 'kube-node-lease', 'kube-public', 'kube-system'].map(name => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      creationTimestamp: created,
      labels: { 'kubernetes.io/metadata.name': name },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  }));
}

export interface DemoSeed {
  objects: KubeObject[];
  /** `namespace/pod/container` → log lines ("<RFC3339> text"), current and previous instance. */
  logs: Record<string, { current: string[]; previous?: string[] }>;
}

/** The demo Nebari cluster, its timestamps moved to the present. */
export function demoSeed(now: number = Date.now()): DemoSeed {
  const shift = now - Date.parse(DEMO_CAPTURED_AT);
  const lists = [namespaces, nodes, workloads, pods, events] as Array<{ items: unknown[] }>;
  const objects = lists.flatMap(list => list.items) as KubeObject[];
  return {
    objects: shiftTimestamps(objects, shift),
    logs: shiftLogTimestamps(logs as DemoSeed['logs'], shift),
  };
}

function shiftLogTimestamps(all: DemoSeed['logs'], shift: number): DemoSeed['logs'] {
  const move = (line: string) => {
    const space = line.indexOf(' ');
    const stamp = line.slice(0, space);
    return TIMESTAMP.test(stamp) ? `${shiftTimestamps(stamp, shift)}${line.slice(space)}` : line;
  };
  return Object.fromEntries(
    Object.entries(all).map(([key, entry]) => [
      key,
      {
        current: entry.current.map(move),
        ...(entry.previous ? { previous: entry.previous.map(move) } : {}),
      },
    ]),
  );
}

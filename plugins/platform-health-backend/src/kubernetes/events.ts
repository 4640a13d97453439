import type { CoreV1Event } from '@kubernetes/client-node';
import type { KubeEventSummary } from '@internal/plugin-platform-health-common';

/** Watch events carry timestamps as strings, generated clients as Dates: read both. */
export function timeOf(value: unknown): number | undefined {
  if (!value) return undefined;
  const ms =
    value instanceof Date ? value.getTime() : Date.parse(String(value));
  return Number.isNaN(ms) ? undefined : ms;
}

function isoOf(value: unknown): string | undefined {
  const ms = timeOf(value);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** When an event last happened, in ms (0 when it says nothing). */
export function eventTime(event: CoreV1Event): number {
  // events.k8s.io events keep their first occurrence in eventTime and the latest in
  // series.lastObservedTime; core events have lastTimestamp.
  return (
    timeOf(event.series?.lastObservedTime) ??
    timeOf(event.lastTimestamp) ??
    timeOf(event.eventTime) ??
    timeOf(event.firstTimestamp) ??
    timeOf(event.metadata?.creationTimestamp) ??
    0
  );
}

export function summarizeEvent(event: CoreV1Event): KubeEventSummary {
  return {
    namespace: event.involvedObject?.namespace ?? event.metadata?.namespace,
    kind: event.involvedObject?.kind,
    name: event.involvedObject?.name,
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: event.message ?? '',
    count: event.count ?? event.series?.count ?? 1,
    lastSeen: isoOf(
      event.series?.lastObservedTime ??
        event.lastTimestamp ??
        event.eventTime ??
        event.firstTimestamp ??
        event.metadata?.creationTimestamp,
    ),
  };
}

/** Warning events of pods, newest first, by `namespace/name`. */
export function podWarningIndex(
  events: readonly CoreV1Event[],
): Map<string, CoreV1Event[]> {
  const index = new Map<string, CoreV1Event[]>();
  for (const event of events) {
    if (event.type !== 'Warning' || event.involvedObject?.kind !== 'Pod') {
      continue;
    }
    const key = `${
      event.involvedObject.namespace ?? event.metadata?.namespace
    }/${event.involvedObject.name}`;
    const list = index.get(key);
    if (list) list.push(event);
    else index.set(key, [event]);
  }
  for (const list of index.values()) {
    list.sort((a, b) => eventTime(b) - eventTime(a));
  }
  return index;
}

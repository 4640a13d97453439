import { randomBytes } from 'node:crypto';
import type { KubeObject } from './types';
import type { ObjectStore } from './store';
import { kubeTimestamp } from './store';

export interface EventSource {
  component: string;
  host?: string;
}

/**
 * Records a core/v1 Event about an object the way the kubelet and controllers do: a repeat
 * of the same reason and message for the same object bumps `count` and `lastTimestamp`
 * (a MODIFIED watch event) instead of adding a new Event.
 */
export function recordEvent(
  store: ObjectStore,
  involved: KubeObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  source: EventSource,
  fieldPath?: string,
): KubeObject {
  const eventType = store.registry.byKind('v1', 'Event')!;
  const namespace = involved.metadata.namespace ?? 'default';
  const now = kubeTimestamp();
  const existing = store
    .list(eventType, namespace)
    .find(
      e =>
        (e.involvedObject as any)?.uid === involved.metadata.uid &&
        e.reason === reason &&
        e.message === message,
    );
  if (existing) {
    return store.upsert(eventType, {
      ...existing,
      count: Number(existing.count ?? 1) + 1,
      lastTimestamp: now,
    });
  }
  return store.upsert(eventType, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${involved.metadata.name}.${randomBytes(8).toString('hex')}`,
      namespace,
    },
    involvedObject: {
      kind: involved.kind,
      namespace: involved.metadata.namespace,
      name: involved.metadata.name,
      uid: involved.metadata.uid,
      apiVersion: involved.apiVersion,
      resourceVersion: involved.metadata.resourceVersion,
      ...(fieldPath ? { fieldPath } : {}),
    },
    reason,
    message,
    source,
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type,
    eventTime: null,
    reportingComponent: source.component,
    reportingInstance: source.host ?? '',
  });
}

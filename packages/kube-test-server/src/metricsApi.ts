import type http from 'node:http';
import type { KubeObject } from './types';
import type { ObjectStore } from './store';
import { KubeApiError, errors } from './status';
import { parseLabelSelector } from './selectors';
import { METRICS_API_VERSION, nodeMetrics, podMetrics } from './metrics';
import { isTrue, sendJson } from './httpIo';

/** Which part of metrics.k8s.io answers 503 (metrics-server down or not ready). */
export type MetricsOutage = 'pods' | 'nodes' | 'all';

function metricsNotFound(resource: string, name: string) {
  return new KubeApiError(404, 'NotFound', `${resource}.metrics.k8s.io "${name}" not found`, {
    name,
    group: 'metrics.k8s.io',
    kind: resource,
  });
}

/**
 * metrics.k8s.io/v1beta1 below the group version: `nodes[/{name}]`, `pods`,
 * `namespaces/{ns}/pods[/{name}]`, computed from the stored nodes and pods.
 */
export function handleMetrics(
  store: ObjectStore,
  outage: MetricsOutage | undefined,
  res: http.ServerResponse,
  url: URL,
  rest: string[],
  method: string,
) {
  if (method !== 'GET') throw errors.methodNotAllowed(method);
  if (isTrue(url.searchParams.get('watch'))) {
    throw errors.methodNotAllowed('watch');
  }
  if (outage === 'all' || (outage && rest[0] === outage) || (outage === 'pods' && rest[0] === 'namespaces')) {
    throw errors.unavailable();
  }
  const nodeType = store.registry.byKind('v1', 'Node')!;
  const podType = store.registry.byKind('v1', 'Pod')!;
  const label = parseLabelSelector(url.searchParams.get('labelSelector'));
  const matches = label ?? (() => true);
  const list = (kind: string, items: KubeObject[]) =>
    sendJson(res, 200, {
      kind,
      apiVersion: METRICS_API_VERSION,
      metadata: {},
      items,
    });

  if (rest[0] === 'nodes' && rest.length <= 2) {
    const nodes = store.list(nodeType).filter(matches);
    const selected = rest[1] ? nodes.filter(n => n.metadata.name === rest[1]) : nodes;
    const metrics = nodeMetrics(selected, store.kind(podType).snapshot());
    if (rest[1]) {
      if (!metrics[0]) throw metricsNotFound('nodes', rest[1]);
      sendJson(res, 200, metrics[0]);
    } else {
      list('NodeMetricsList', metrics);
    }
    return;
  }
  let namespace: string | undefined;
  let parts = rest;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    parts = rest.slice(2);
  }
  if (parts[0] === 'pods' && parts.length <= 2 && !(parts[1] && namespace === undefined)) {
    if (parts[1]) {
      const pod = store.get(podType, namespace!, parts[1]);
      const metrics = pod ? podMetrics(pod) : undefined;
      if (!metrics) throw metricsNotFound('pods', parts[1]);
      sendJson(res, 200, metrics);
      return;
    }
    const items: KubeObject[] = [];
    for (const pod of store.list(podType, namespace)) {
      if (!matches(pod)) continue;
      const metrics = podMetrics(pod);
      if (metrics) items.push(metrics);
    }
    list('PodMetricsList', items);
    return;
  }
  throw errors.unknownPath();
}

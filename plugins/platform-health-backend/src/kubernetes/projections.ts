import type { KubernetesObject } from '@kubernetes/client-node';
import type { Watched } from './clusterSnapshot';
import { pooledStrings, slimPodStatus } from './podProjection';

type Any = Record<string, any>;

/**
 * The only annotations kept: KubeSpawner's raw hub user and server names, which join a
 * workspace to its pod exactly (labels hold escaped forms). Annotations are otherwise
 * the biggest part of many objects (last-applied configuration).
 */
const KEPT_ANNOTATIONS = [
  'hub.jupyter.org/username',
  'hub.jupyter.org/servername',
];

function slimMetadata(metadata: Any | undefined) {
  if (!metadata) return metadata;
  const annotations = pick(metadata.annotations, KEPT_ANNOTATIONS);
  return {
    ...pick(metadata, [
      'name',
      'namespace',
      'uid',
      'resourceVersion',
      'labels',
      'ownerReferences',
      'creationTimestamp',
      'deletionTimestamp',
    ]),
    ...(annotations && Object.keys(annotations).length ? { annotations } : {}),
  };
}

function pick(object: Any | undefined, keys: string[]): Any | undefined {
  if (!object) return object;
  const result: Any = {};
  for (const key of keys) {
    if (object[key] !== undefined) result[key] = object[key];
  }
  return result;
}

/** Of the limits, what a workspace diagnosis reads: how much memory, how many GPUs. */
const KEPT_LIMITS = ['memory', 'nvidia.com/gpu'];

const slimContainer = (c: Any) => {
  const limits = pick(c.resources?.limits, KEPT_LIMITS);
  const hasLimits = limits && Object.keys(limits).length > 0;
  return {
    name: c.name,
    ...(c.image ? { image: c.image } : {}),
    ...(c.resources?.requests || hasLimits
      ? {
          resources: {
            ...(c.resources?.requests
              ? { requests: c.resources.requests }
              : {}),
            ...(hasLimits ? { limits } : {}),
          },
        }
      : {}),
  };
};

const withMetadata = (o: Any, rest: Any): KubernetesObject => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  metadata: slimMetadata(o.metadata),
  ...rest,
});

const PROJECTIONS: Record<
  Watched,
  (object: KubernetesObject) => KubernetesObject | undefined
> = {
  pods: (o: Any) =>
    pooledStrings(
      withMetadata(o, {
        spec: o.spec && {
          ...pick(o.spec, ['nodeName']),
          containers: (o.spec.containers ?? []).map(slimContainer),
          ...(o.spec.initContainers
            ? { initContainers: o.spec.initContainers.map(slimContainer) }
            : {}),
        },
        status: slimPodStatus(o.status),
      }),
    ),
  nodes: (o: Any) =>
    withMetadata(o, {
      spec: pick(o.spec, ['unschedulable', 'taints']),
      // Not `images` (often hundreds of entries) nor `volumesAttached`.
      status: pick(o.status, [
        'conditions',
        'capacity',
        'allocatable',
        'nodeInfo',
      ]),
    }),
  events: (o: Any) =>
    o.type === 'Normal'
      ? undefined
      : withMetadata(o, {
          ...pick(o, [
            'involvedObject',
            'type',
            'reason',
            'message',
            'count',
            'series',
            'eventTime',
            'firstTimestamp',
            'lastTimestamp',
            'source',
          ]),
        }),
  quotas: (o: Any) => withMetadata(o, { spec: o.spec, status: o.status }),
  namespaces: (o: Any) => withMetadata(o, { status: o.status }),
  deployments: (o: Any) =>
    withMetadata(o, {
      spec: pick(o.spec, ['replicas', 'selector']),
      status: o.status,
    }),
  statefulSets: (o: Any) =>
    withMetadata(o, {
      spec: pick(o.spec, ['replicas', 'selector']),
      status: o.status,
    }),
};

/**
 * What the cache keeps of each watched object: the fields the overview, the problem
 * diagnoses, service health, logs and the portal metrics read, and nothing else. Real
 * objects are mostly what nobody here reads (`managedFields`, last-applied annotations,
 * env, volumes, probes, a node's image list): a 5–15 KB pod becomes under 1 KB, so
 * a relist of 150,000 pods holds a fraction of what whole objects would.
 *
 * Normal events are not kept at all: only Warnings are shown or diagnosed.
 */
export function projectionOf(
  key: Watched,
): (object: KubernetesObject) => KubernetesObject | undefined {
  return PROJECTIONS[key];
}

/** One kind the server serves, as discovery describes it. */
export interface ResourceType {
  /** '' for the core group. */
  group: string;
  version: string;
  /** 'v1' or 'apps/v1'. */
  apiVersion: string;
  kind: string;
  listKind: string;
  /** Resource name in URLs: 'pods'. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  /** Subresources served besides the object itself ('status', 'log'). */
  subresources: string[];
}

/** `${apiVersion}/${kind}`: the store's key for a kind. */
export function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

function resource(
  apiVersion: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  shortNames: string[] = [],
  subresources: string[] = ['status'],
): ResourceType {
  const slash = apiVersion.indexOf('/');
  return {
    group: slash === -1 ? '' : apiVersion.slice(0, slash),
    version: slash === -1 ? apiVersion : apiVersion.slice(slash + 1),
    apiVersion,
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames,
    subresources,
  };
}

/** The built-in kinds: what Backstage's Kubernetes plugin and Atrium's health pages read. */
export const BUILT_IN_RESOURCES: ResourceType[] = [
  resource('v1', 'Namespace', 'namespaces', false, ['ns']),
  resource('v1', 'Node', 'nodes', false, ['no']),
  resource('v1', 'Pod', 'pods', true, ['po'], ['status', 'log']),
  resource('v1', 'Event', 'events', true, ['ev'], []),
  resource('v1', 'ResourceQuota', 'resourcequotas', true, ['quota']),
  resource('v1', 'LimitRange', 'limitranges', true, ['limits'], []),
  resource('v1', 'Service', 'services', true, ['svc']),
  resource('v1', 'ConfigMap', 'configmaps', true, ['cm'], []),
  resource('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, [
    'pvc',
  ]),
  resource('apps/v1', 'Deployment', 'deployments', true, ['deploy']),
  resource('apps/v1', 'StatefulSet', 'statefulsets', true, ['sts']),
  resource('apps/v1', 'DaemonSet', 'daemonsets', true, ['ds']),
  resource('apps/v1', 'ReplicaSet', 'replicasets', true, ['rs']),
  resource('batch/v1', 'Job', 'jobs', true),
  resource('batch/v1', 'CronJob', 'cronjobs', true, ['cj']),
  resource('networking.k8s.io/v1', 'Ingress', 'ingresses', true, ['ing']),
  resource(
    'autoscaling/v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
    true,
    ['hpa'],
  ),
];

/** A plural the way the API server's RESTMapper guesses it for a kind it was only told the name of. */
export function guessPlural(kind: string): string {
  const lower = kind.toLowerCase();
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}

/**
 * The kinds the server knows. Built-in kinds are fixed; any other kind given to `apply()`
 * is registered on the fly as a custom resource, so tests can serve CRD objects too.
 */
export class ResourceRegistry {
  private readonly byKindKey = new Map<string, ResourceType>();
  private readonly byPath = new Map<string, ResourceType>();

  constructor(types: ResourceType[] = BUILT_IN_RESOURCES) {
    for (const type of types) this.add(type);
  }

  add(type: ResourceType): ResourceType {
    this.byKindKey.set(kindKey(type.apiVersion, type.kind), type);
    this.byPath.set(`${type.apiVersion}/${type.plural}`, type);
    return type;
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.byKindKey.get(kindKey(apiVersion, kind));
  }

  /** The type served at `/api/v1/<plural>` or `/apis/<group>/<version>/<plural>`. */
  byPlural(apiVersion: string, plural: string): ResourceType | undefined {
    return this.byPath.get(`${apiVersion}/${plural}`);
  }

  /** Registers an unknown kind as a custom resource (namespaced when the object has a namespace). */
  ensure(apiVersion: string, kind: string, namespaced: boolean): ResourceType {
    return (
      this.byKind(apiVersion, kind) ??
      this.add(resource(apiVersion, kind, guessPlural(kind), namespaced, [], []))
    );
  }

  all(): ResourceType[] {
    return [...this.byKindKey.values()];
  }

  /** Group/version pairs of the named groups (not core), in registration order. */
  groupVersions(): Array<{ group: string; version: string }> {
    const seen = new Map<string, { group: string; version: string }>();
    for (const type of this.byKindKey.values()) {
      if (type.group && !seen.has(type.apiVersion)) {
        seen.set(type.apiVersion, { group: type.group, version: type.version });
      }
    }
    return [...seen.values()];
  }
}

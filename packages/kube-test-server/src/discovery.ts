import type { ResourceRegistry } from './resources';
import { METRICS_API_VERSION } from './metrics';

export const SERVER_VERSION = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.4',
  gitCommit: 'a78aa47129b8539636eb86a9d00e31b2720fe06b',
  gitTreeState: 'clean',
  buildDate: '2024-12-10T11:36:16Z',
  goVersion: 'go1.22.9',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/**
 * The discovery documents (`/api`, `/apis`, `/apis/{group}`, `/apis/{group}/{version}`)
 * for the kinds in the registry, and metrics.k8s.io when it is served.
 */
export class Discovery {
  constructor(
    private readonly registry: ResourceRegistry,
    private readonly metrics: boolean,
  ) {}

  apiVersions(port: number) {
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [
        { clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${port}` },
      ],
    };
  }

  /** Versions per API group ('' is the core group). */
  groupVersions() {
    const groups = new Map<string, string[]>();
    for (const { group, version } of this.registry.groupVersions()) {
      groups.set(group, [...(groups.get(group) ?? []), version]);
    }
    if (this.metrics) groups.set('metrics.k8s.io', ['v1beta1']);
    return groups;
  }

  apiGroupList() {
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...this.groupVersions()].map(([name, versions]) => ({
        name,
        versions: versions.map(version => ({ groupVersion: `${name}/${version}`, version })),
        preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
      })),
    };
  }

  apiResourceList(groupVersion: string) {
    const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
    const resources: unknown[] = [];
    if (groupVersion === METRICS_API_VERSION) {
      resources.push(
        { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
        { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] },
      );
    } else {
      for (const type of this.registry.all()) {
        if (type.apiVersion !== groupVersion) continue;
        resources.push({
          name: type.plural,
          singularName: type.singular,
          namespaced: type.namespaced,
          kind: type.kind,
          verbs: type.kind === 'Namespace' ? verbs.filter(v => v !== 'deletecollection') : verbs,
          ...(type.shortNames.length ? { shortNames: type.shortNames } : {}),
        });
        for (const sub of type.subresources) {
          resources.push({
            name: `${type.plural}/${sub}`,
            singularName: '',
            namespaced: type.namespaced,
            kind: sub === 'log' ? 'Pod' : type.kind,
            verbs: sub === 'log' ? ['get'] : ['get', 'patch', 'update'],
          });
        }
      }
    }
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
  }
}

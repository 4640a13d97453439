import type {
  KubeTestServer,
  KubeTestServerOptions,
} from './types';
import { ResourceRegistry } from './resources';
import { ObjectStore } from './store';
import { KubeHttpServer } from './server';
import { LogStore, toLogLines } from './logs';
import { Faults } from './faults';
import { generateCluster } from './generate';
import { makeTestCertificates } from './tls';
import { builtInNamespaces, demoSeed } from './seed';

export type {
  KubeObject,
  KubeTestServer,
  KubeTestServerFaults,
  KubeTestServerOptions,
  ResourceTraffic,
  UnreachableMode,
} from './types';
export { RESTRICTED_USER } from './server';
export { MAX_PODS_PER_NODE } from './generate';

/**
 * The kubeconfig YAML for a server: one cluster, one token user, one context, all
 * `name`; with `caData` (base64 PEM) the server's certificate is verified against it.
 */
export function kubeconfigYaml(url: string, token: string, name: string, caData?: string): string {
  const quoted = (s: string) => JSON.stringify(s);
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${quoted(name)}`,
    '  cluster:',
    `    server: ${quoted(url)}`,
    caData
      ? `    certificate-authority-data: ${quoted(caData)}`
      : // Plain HTTP: client-node only allows an http:// server when TLS verification is off.
        '    insecure-skip-tls-verify: true',
    'users:',
    `- name: ${quoted(`${name}-user`)}`,
    '  user:',
    `    token: ${quoted(token)}`,
    'contexts:',
    `- name: ${quoted(name)}`,
    '  context:',
    `    cluster: ${quoted(name)}`,
    `    user: ${quoted(`${name}-user`)}`,
    `current-context: ${quoted(name)}`,
    'preferences: {}',
    '',
  ].join('\n');
}

/**
 * Starts a Kubernetes API test server on 127.0.0.1: the REST protocol client-node speaks
 * (discovery, list/watch/get/create/replace/patch/delete, logs, metrics.k8s.io), an
 * in-memory object store, scripted faults and a big-cluster generator.
 */
export async function startKubeTestServer(
  options: KubeTestServerOptions = {},
): Promise<KubeTestServer> {
  const token = options.token ?? 'test-token';
  const registry = new ResourceRegistry();
  const store = new ObjectStore(registry, options.watchHistorySize ?? 10_000);
  const logs = new LogStore();
  const certificates = options.tls ? makeTestCertificates() : undefined;
  const http = new KubeHttpServer(store, logs, {
    token,
    tls: certificates,
    metrics: options.metrics ?? true,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
    podShutdownMs: options.podShutdownMs ?? 1000,
    restrictedTokens: options.restrictedTokens,
  });
  const faults = new Faults(store, logs);
  const compactionIntervalMs = options.compactionIntervalMs ?? 300_000;
  const stopCompaction =
    compactionIntervalMs > 0 ? store.compactEvery(compactionIntervalMs) : () => {};

  const seed = options.seed ?? 'empty';
  for (const ns of builtInNamespaces()) store.upsert(store.typeOf(ns), ns);
  if (seed === 'demo') {
    const demo = demoSeed();
    for (const obj of demo.objects) store.upsert(store.typeOf(obj), obj);
    for (const [key, entry] of Object.entries(demo.logs)) {
      const [namespace, pod, container] = key.split('/');
      logs.set(namespace, pod, container, toLogLines(entry.current));
      if (entry.previous) logs.set(namespace, pod, container, toLogLines(entry.previous), true);
    }
  } else if (typeof seed === 'object') {
    for (const obj of seed.objects) {
      const copy = structuredClone(obj);
      store.upsert(store.typeOf(copy), copy);
    }
  }
  const port = await http.listen(options.port ?? 0);
  const url = `${certificates ? 'https' : 'http'}://127.0.0.1:${port}`;
  const caData = certificates
    ? Buffer.from(certificates.caPem).toString('base64')
    : undefined;

  const typeFor = (apiVersion: string, kind: string) => {
    const type = registry.byKind(apiVersion, kind);
    if (!type) {
      throw new Error(
        `unknown kind ${apiVersion} ${kind}: apply() an object of that kind first, or use one of ${registry
          .all()
          .map(t => `${t.apiVersion} ${t.kind}`)
          .join(', ')}`,
      );
    }
    return type;
  };

  return {
    url,
    token,
    caData,
    kubeconfig: (name = 'kube-test-server') => kubeconfigYaml(url, token, name, caData),
    apply(obj) {
      const copy = structuredClone(obj);
      return structuredClone(store.upsert(store.typeOf(copy), copy));
    },
    remove(apiVersion, kind, namespace, name) {
      const type = typeFor(apiVersion, kind);
      http.deleteObject(type, namespace ?? '', name);
    },
    get(apiVersion, kind, namespace, name) {
      const found = store.get(typeFor(apiVersion, kind), namespace ?? '', name);
      return found ? structuredClone(found) : undefined;
    },
    list(apiVersion, kind, namespace) {
      return structuredClone(store.list(typeFor(apiVersion, kind), namespace));
    },
    faults: {
      nodeNotReady: name => faults.nodeNotReady(name),
      nodeReady: name => faults.nodeReady(name),
      crashLoop: (ns, pod, opts) => faults.crashLoop(ns, pod, opts),
      oomKilled: (ns, pod) => faults.oomKilled(ns, pod),
      imagePullBackOff: (ns, pod, image) => faults.imagePullBackOff(ns, pod, image),
      pendingUnschedulable: (ns, pod, message) => faults.pendingUnschedulable(ns, pod, message),
      unreachable: mode => http.unreachable(mode),
      reachable: () => http.reachable(),
      dropWatches(opts) {
        http.dropWatches();
        if (opts?.expire) store.expire();
      },
      halfOpenWatches: (on = true) => http.halfOpenWatches(on),
      slowList: (resource, delayMs, opts) => http.slowList(resource, delayMs, opts),
      metricsUnavailable: which => http.metricsUnavailable(which),
      rotateToken: next => http.rotateToken(next),
    },
    traffic: resource => http.traffic.snapshot(resource),
    generate: opts => generateCluster(store, opts),
    setLogs(namespace, podName, container, lines, opts) {
      logs.set(namespace, podName, container, toLogLines(lines), opts?.previous ?? false);
    },
    close: () => {
      stopCompaction();
      return http.close();
    },
  };
}

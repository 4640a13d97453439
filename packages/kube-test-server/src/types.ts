import type { ResourceTraffic } from './traffic';

/** A Kubernetes object as the API serves it: apiVersion, kind, metadata and any other fields. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    uid?: string;
    labels?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
};

export interface KubeTestServerOptions {
  /** 0 / undefined = a random free port; the server listens on 127.0.0.1. */
  port?: number;
  /** Bearer token required on every request (default 'test-token'); 401 Status otherwise. */
  token?: string;
  /**
   * Serve HTTPS with a certificate for 127.0.0.1 signed by a CA made at start (needs the
   * `openssl` command); `caData` and the kubeconfig carry the CA (default false).
   */
  tls?: boolean;
  /** 'demo' = a small Nebari cluster; 'empty' = only the default namespaces; or your own objects. */
  seed?: 'demo' | 'empty' | { objects: KubeObject[] };
  /** Serve metrics.k8s.io/v1beta1 (default true). */
  metrics?: boolean;
  /**
   * How often open watches that allow bookmarks get a BOOKMARK event (default 60,000 ms,
   * about what a real apiserver does).
   */
  bookmarkIntervalMs?: number;
  /**
   * Compaction: every so often the versions older than the previous round are forgotten,
   * so watches and continue tokens from before answer 410 Expired (default 300,000 ms,
   * kube-apiserver's etcd compaction interval; 0: never).
   */
  compactionIntervalMs?: number;
  /**
   * How long a gracefully deleted pod (bound to a node, grace period above 0) stays with
   * its deletionTimestamp before its containers stop (exit 143) and it is removed
   * (default 1000 ms, capped by the grace period).
   */
  podShutdownMs?: number;
  /** How many watch events are kept per kind to replay to a watch that starts from an older resourceVersion (default 10000). */
  watchHistorySize?: number;
  /**
   * Tokens with least-privilege RBAC: each is let in but gets 403 Forbidden on the
   * resources listed (`events`, `pods`, `deployments.apps`), as a real apiserver answers
   * a service account without that role.
   */
  restrictedTokens?: Record<string, string[]>;
}

/** What the server saw of one resource's lists and watches (see `KubeTestServer.traffic`). */
export type { ResourceTraffic } from './traffic';


export type UnreachableMode = 'refuse' | 'hang' | 'error';

export interface KubeTestServerFaults {
  nodeNotReady(nodeName: string): void;
  nodeReady(nodeName: string): void;
  crashLoop(
    namespace: string,
    podName: string,
    opts?: { restarts?: number; message?: string },
  ): void;
  oomKilled(namespace: string, podName: string): void;
  imagePullBackOff(namespace: string, podName: string, image?: string): void;
  pendingUnschedulable(
    namespace: string,
    podName: string,
    message?: string,
  ): void;
  /** API unreachable: 'refuse' closes connections, 'hang' accepts and never answers, 'error' answers 503 Status. */
  unreachable(mode: UnreachableMode): void;
  reachable(): void;
  /** Drop open watches (client must re-watch), and optionally expire old resourceVersions (410 Gone). */
  dropWatches(opts?: { expire?: boolean }): void;
  /**
   * Half-open connections (apiserver node lost, load-balancer failover): open watches go
   * silent without closing and new ones get headers, then nothing; other requests are
   * answered. `false` lets new watches work again.
   */
  halfOpenWatches(on?: boolean): void;
  /**
   * Every list page of `resource` (`pods`, `deployments.apps`) waits `delayMs` first; 0
   * ends it. `times`: only the next so many pages; `onlyContinued`: only pages after the
   * first (one slow page in the middle of a big list); `every`: one page in so many (10:
   * a tenth of the pages, as on a lossy link). `pods.metrics.k8s.io` and
   * `nodes.metrics.k8s.io` slow metrics-server's answers (which have no pages).
   */
  slowList(
    resource: string,
    delayMs: number,
    opts?: { times?: number; onlyContinued?: boolean; every?: number },
  ): void;
  /** metrics.k8s.io answers 503 Status for pods, nodes or all; undefined serves it again. */
  metricsUnavailable(which?: 'pods' | 'nodes' | 'all'): void;
  /**
   * From now on only `next` is accepted (the old token answers 401), as when a bound
   * service-account token expires and the kubelet writes a new one to the token file.
   */
  rotateToken(next: string): void;
}

export interface KubeTestServer {
  /** http://127.0.0.1:PORT, or https:// with `tls` */
  url: string;
  /** The token accepted at start (see `faults.rotateToken`). */
  token: string;
  /** With `tls`: the CA that signed the server's certificate, base64 PEM (a kubeconfig's certificate-authority-data). */
  caData?: string;
  /** A kubeconfig YAML string pointing at this server (cluster name, user with token, context). */
  kubeconfig(name?: string): string;
  /** Direct access to the object store for tests: add/replace/delete objects (emits watch events). */
  apply(obj: KubeObject): KubeObject;
  remove(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): void;
  list(apiVersion: string, kind: string, namespace?: string): KubeObject[];
  /** One object (a copy), or undefined. */
  get(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  /** Scripted faults (each emits the right watch events and changes the right status fields). */
  faults: KubeTestServerFaults;
  /** Lists and watches of `resource` (`pods`, `deployments.apps`) the server saw so far. */
  traffic(resource: string): ResourceTraffic;
  /** Generate a big cluster: `nodes` nodes and `pods` pods spread over them (110 pods/node max), realistic labels incl. JupyterHub notebook pods. */
  generate(opts: {
    nodes: number;
    pods: number;
    namespaces?: number;
    /** Pods as big as real ones: managedFields, annotations, the token volume, tolerations (default false). */
    realSize?: boolean;
  }): void;
  /** Replace the log lines a pod's container serves (`previous` = the last terminated instance). */
  setLogs(
    namespace: string,
    podName: string,
    container: string,
    lines: string[],
    opts?: { previous?: boolean },
  ): void;
  close(): Promise<void>;
}

import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { UnreachableMode } from './types';
import type { ResourceType } from './resources';
import { ObjectStore, kubeTimestamp } from './store';
import { KubeApiError, errors, qualifiedResource } from './status';
import { TrafficCounter } from './traffic';
import { LogStore } from './logs';
import { METRICS_API_VERSION } from './metrics';
import { isTrue, readJson, rejectDryRun, sendJson, sendStatus } from './httpIo';
import { Discovery, SERVER_VERSION } from './discovery';
import { ListHandler, SlowList } from './listHandler';
import { WatchHandler } from './watchHandler';
import { ObjectWriter } from './writes';
import { MetricsOutage, handleMetrics } from './metricsApi';

export interface HttpServerOptions {
  token: string;
  metrics: boolean;
  bookmarkIntervalMs: number;
  /** Serve HTTPS with this certificate and key (PEM) instead of plain HTTP. */
  tls?: { certPem: string; keyPem: string };
  /** How long a gracefully deleted pod's containers take to stop before it is removed. */
  podShutdownMs: number;
  /** Tokens that are let in but may not touch some resources (`events`, `deployments.apps`): 403. */
  restrictedTokens?: Record<string, string[]>;
}

/** The user a restricted token stands for, in RBAC's 403 messages. */
export const RESTRICTED_USER = 'system:serviceaccount:atrium:restricted-reader';

export type { MetricsOutage, SlowList };
export { SERVER_VERSION };

/**
 * The HTTP side of the test server: the connection, auth, faults and routing of a request
 * to discovery, lists (listHandler), watches (watchHandler), writes (writes), logs and
 * metrics (metricsApi), speaking what `@kubernetes/client-node` and kubectl send.
 */
export class KubeHttpServer {
  readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly hung = new Set<http.ServerResponse>();
  private metricsOutage: MetricsOutage | undefined;
  readonly traffic = new TrafficCounter();
  private mode: UnreachableMode | undefined;
  private port = 0;
  private readonly discovery: Discovery;
  private readonly lists: ListHandler;
  private readonly watches: WatchHandler;
  private readonly writes: ObjectWriter;

  constructor(
    private readonly store: ObjectStore,
    private readonly logs: LogStore,
    private readonly options: HttpServerOptions,
  ) {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.handle(req, res).catch(error => {
        if (!res.headersSent) {
          sendStatus(
            res,
            error instanceof KubeApiError
              ? error
              : new KubeApiError(500, 'InternalError', String(error?.stack ?? error)),
          );
        } else {
          res.destroy();
        }
      });
    };
    this.server = options.tls
      ? https.createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, handler)
      : http.createServer(handler);
    this.server.keepAliveTimeout = 60_000;
    this.server.on('connection', socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.discovery = new Discovery(store.registry, options.metrics);
    this.lists = new ListHandler(store, this.traffic);
    this.watches = new WatchHandler(
      store,
      this.traffic,
      options.bookmarkIntervalMs,
      () => this.mode === 'hang',
    );
    this.writes = new ObjectWriter(store, logs, options.podShutdownMs);
  }

  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  async close() {
    this.writes.close();
    this.watches.close();
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    const closed = new Promise<void>(resolve => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    if (this.server.listening) await closed;
  }

  /** Deletes one object; a namespace takes everything in it along, a pod its logs. */
  deleteObject(type: ResourceType, ns: string, name: string) {
    return this.writes.deleteObject(type, ns, name);
  }

  // ---- faults -------------------------------------------------------------------------

  unreachable(mode: UnreachableMode) {
    this.mode = mode;
    if (mode === 'refuse') {
      // Stop listening so new connections get ECONNREFUSED, and cut the open ones.
      this.server.close();
      for (const socket of this.sockets) socket.destroy();
    } else if (mode === 'error') {
      this.watches.endWatches();
    }
    // 'hang': open watches go silent (the watch handler asks `mode`), new requests are never answered.
  }

  reachable() {
    const previous = this.mode;
    this.mode = undefined;
    if (previous === 'refuse' && !this.server.listening) {
      // Should another process have taken the port meanwhile, keep refusing rather than crash.
      this.server.once('error', () => {});
      this.server.listen(this.port, '127.0.0.1');
    } else if (previous === 'hang') {
      // The silent watches missed events: end them so clients re-watch and catch up.
      this.watches.endWatches();
      for (const res of this.hung) res.destroy();
      this.hung.clear();
    }
  }

  dropWatches() {
    this.watches.endWatches();
  }

  /**
   * The token the server accepts from now on, as when a bound service-account token
   * expires and the kubelet writes a new one: the old one answers 401.
   */
  rotateToken(next: string) {
    this.options.token = next;
  }

  /**
   * What a lost apiserver node or a load-balancer failover looks like from the client:
   * open watches go silent without closing (no events, no bookmarks), and new watches get
   * their headers and then nothing. Other requests are answered. `false` lets new watches
   * work again; the silent ones stay silent until the client gives up on them.
   */
  halfOpenWatches(on: boolean) {
    this.watches.halfOpenWatches(on);
  }

  /** Each list page of `resource` (`pods`, `deployments.apps`) waits `delayMs` before it is answered; 0 ends that. */
  slowList(resource: string, delayMs: number, opts: Omit<SlowList, 'delayMs'> = {}) {
    this.lists.slowList(resource, delayMs, opts);
  }

  /** metrics.k8s.io answers 503 for `which`; undefined serves it again. */
  metricsUnavailable(which: MetricsOutage | undefined) {
    this.metricsOutage = which;
  }

  // ---- routing ------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    if (this.mode === 'hang') {
      this.hung.add(res);
      res.on('close', () => this.hung.delete(res));
      return;
    }
    if (this.mode === 'error') {
      sendStatus(res, errors.unavailable());
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '');
    if (['/healthz', '/livez', '/readyz'].includes(path)) {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    const restricted =
      token === undefined ? undefined : this.options.restrictedTokens?.[token];
    if (token !== this.options.token && !restricted) {
      sendStatus(res, errors.unauthorized());
      return;
    }
    const forbidden = new Set(restricted ?? []);
    const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';

    if (segments[0] === 'version' && segments.length === 1) {
      sendJson(res, 200, SERVER_VERSION);
      return;
    }
    if (segments[0] === 'api') {
      if (segments.length === 1) {
        sendJson(res, 200, this.discovery.apiVersions(this.port));
        return;
      }
      if (segments[1] !== 'v1') throw errors.unknownPath();
      await this.handleGroupVersion(req, res, url, '', 'v1', segments.slice(2), method, forbidden);
      return;
    }
    if (segments[0] === 'apis') {
      if (segments.length === 1) {
        sendJson(res, 200, this.discovery.apiGroupList());
        return;
      }
      const group = segments[1];
      if (segments.length === 2) {
        const found = this.discovery.apiGroupList().groups.find(g => g.name === group);
        if (!found) throw errors.unknownPath();
        sendJson(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...found });
        return;
      }
      await this.handleGroupVersion(
        req,
        res,
        url,
        group,
        segments[2],
        segments.slice(3),
        method,
        forbidden,
      );
      return;
    }
    throw errors.unknownPath();
  }

  private async handleGroupVersion(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    group: string,
    version: string,
    rest: string[],
    method: string,
    forbidden: ReadonlySet<string>,
  ) {
    const groupVersion = group ? `${group}/${version}` : version;
    const known = group === '' || this.discovery.groupVersions().get(group)?.includes(version);
    if (!known) throw errors.unknownPath();
    if (rest.length === 0) {
      sendJson(res, 200, this.discovery.apiResourceList(groupVersion));
      return;
    }
    if (groupVersion === METRICS_API_VERSION) {
      // A metrics-server that answers late: slowList('pods.metrics.k8s.io', ...).
      const resource = `${rest[0] === 'nodes' ? 'nodes' : 'pods'}.metrics.k8s.io`;
      if (!(await this.lists.slowDown(resource, false, res))) return;
      handleMetrics(this.store, this.metricsOutage, res, url, rest, method);
      return;
    }

    // /namespaces/{ns}/{plural}[/{name}[/{sub}]] for namespaced kinds; otherwise
    // /{plural}[/{name}[/{sub}]] (all namespaces, or a cluster-scoped kind).
    let namespace: string | undefined;
    let parts = rest;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      const candidate = this.store.registry.byPlural(groupVersion, rest[2]);
      if (candidate?.namespaced) {
        namespace = rest[1];
        parts = rest.slice(2);
      }
    }
    const type = this.store.registry.byPlural(groupVersion, parts[0]);
    if (!type || parts.length > 3) throw errors.unknownPath();
    const [, name, sub] = parts;
    if (type.namespaced && namespace === undefined && name !== undefined) {
      throw errors.unknownPath();
    }
    if (sub !== undefined && !type.subresources.includes(sub)) throw errors.unknownPath();
    if (forbidden.has(qualifiedResource(type))) {
      let verb = method.toLowerCase();
      if (method === 'GET' && name === undefined) {
        verb = isTrue(url.searchParams.get('watch')) ? 'watch' : 'list';
      }
      throw errors.forbidden(type, verb, RESTRICTED_USER, namespace);
    }

    if (name === undefined) {
      await this.handleCollection(req, res, url, type, namespace, method);
    } else {
      await this.handleObject(req, res, url, type, namespace ?? '', name, sub, method);
    }
  }

  /** `/{plural}`: list, watch, create, deletecollection. */
  private async handleCollection(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    type: ResourceType,
    namespace: string | undefined,
    method: string,
  ) {
    if (method === 'GET') {
      if (isTrue(url.searchParams.get('watch'))) this.watches.handleWatch(res, url, type, namespace);
      else await this.lists.handleList(req, res, url, type, namespace);
    } else if (method === 'POST') {
      const body = await readJson(req);
      sendJson(res, 201, this.writes.create(type, namespace, body, url));
    } else if (method === 'DELETE') {
      await this.writes.handleDeleteCollection(res, url, type, namespace);
    } else {
      throw errors.methodNotAllowed(method);
    }
  }

  /** `/{plural}/{name}[/{sub}]`: get, replace, patch, delete, and a pod's log. */
  private async handleObject(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    type: ResourceType,
    ns: string,
    name: string,
    sub: string | undefined,
    method: string,
  ) {
    if (sub === 'log') {
      if (method !== 'GET') throw errors.methodNotAllowed(method);
      const pod = this.store.get(type, ns, name);
      if (!pod) throw errors.notFound(type, name);
      const text = this.logs.render(pod, url.searchParams);
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    switch (method) {
      case 'GET': {
        const obj = this.store.get(type, ns, name);
        if (!obj) throw errors.notFound(type, name);
        sendJson(res, 200, obj);
        return;
      }
      case 'PUT':
        rejectDryRun(url);
        sendJson(res, 200, this.writes.replace(type, ns, name, sub, await readJson(req)));
        return;
      case 'PATCH': {
        rejectDryRun(url);
        const body = await readJson(req);
        sendJson(res, 200, this.writes.patch(type, ns, name, sub, body, req.headers['content-type']));
        return;
      }
      case 'DELETE': {
        if (sub) throw errors.methodNotAllowed(method);
        rejectDryRun(url);
        const options = (await readJson(req, true)) as Record<string, unknown> | undefined;
        // The grace period comes as a query parameter (client-node) or in DeleteOptions.
        const grace = url.searchParams.get('gracePeriodSeconds');
        sendJson(
          res,
          200,
          this.writes.delete(type, ns, name, {
            ...options,
            ...(grace !== null && options?.gracePeriodSeconds === undefined
              ? { gracePeriodSeconds: Number(grace) }
              : {}),
          }),
        );
        return;
      }
      default:
        throw errors.methodNotAllowed(method);
    }
  }
}

export { kubeTimestamp };

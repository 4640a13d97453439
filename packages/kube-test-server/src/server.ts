import http from 'node:http';
import https from 'node:https';
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { KubeObject, UnreachableMode } from './types';
import type { ResourceType } from './resources';
import { ObjectStore, StoreEvent, kubeTimestamp, objectJson } from './store';
import { KubeApiError, errors, qualifiedResource } from './status';
import { TrafficCounter } from './traffic';
import { Matcher, parseFieldSelector, parseLabelSelector } from './selectors';
import { applyJsonPatch, applyMergePatch } from './patch';
import { LogStore } from './logs';
import { METRICS_API_VERSION, nodeMetrics, podMetrics } from './metrics';
import { GracefulDeletion } from './gracefulDeletion';

const MAX_BODY_BYTES = 3 * 1024 * 1024;
/** Big list responses are written in chunks of about this many characters. */
const WRITE_CHUNK_CHARS = 256 * 1024;

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

interface Watcher {
  type: ResourceType;
  namespace?: string;
  matches: Matcher;
  res: http.ServerResponse;
  bookmarks: boolean;
  timer?: NodeJS.Timeout;
}

interface ContinueToken {
  /** The pinned snapshot. */
  s: string;
  /** Offset of the next item. */
  o: number;
  rv: number;
}

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

/** How a resource's list pages are slowed (see `slowList`). */
export interface SlowList {
  delayMs: number;
  /** Only this many more pages (undefined: all). */
  times?: number;
  /** Only pages after the first (requests with a `continue` token). */
  onlyContinued?: boolean;
  /** Only every so many pages (10: one page in ten), counted from the next one. */
  every?: number;
  /** Pages seen since this slow-down was set. */
  seen?: number;
}

/** Which part of metrics.k8s.io answers 503 (metrics-server down or not ready). */
export type MetricsOutage = 'pods' | 'nodes' | 'all';

function isTrue(value: string | null): boolean {
  return value === 'true' || value === '1';
}

function sendJson(res: http.ServerResponse, code: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

function sendStatus(res: http.ServerResponse, error: KubeApiError) {
  sendJson(res, error.code, error.toStatus());
}

async function writeChunked(res: Writable, chunk: string) {
  if (!res.write(chunk) && !res.destroyed) {
    await new Promise<void>(resolve => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  }
}

/**
 * The HTTP side of the test server: routing, auth, lists, watches, writes, logs, metrics and
 * discovery, speaking what `@kubernetes/client-node` and kubectl send.
 */
export class KubeHttpServer {
  readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly watchers = new Map<ResourceType, Set<Watcher>>();
  private readonly hung = new Set<http.ServerResponse>();
  /** Half-open watches: the headers were sent, and nothing else ever will be. */
  private readonly silent = new Set<http.ServerResponse>();
  private halfOpen = false;
  private readonly slowLists = new Map<string, SlowList>();
  private metricsOutage: MetricsOutage | undefined;
  readonly traffic = new TrafficCounter();
  private mode: UnreachableMode | undefined;
  private port = 0;
  private readonly bookmarkTimer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private readonly graceful: GracefulDeletion;

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
    this.unsubscribe = store.subscribe((type, event) => this.publish(type, event));
    this.bookmarkTimer = setInterval(() => this.sendBookmarks(), options.bookmarkIntervalMs);
    this.bookmarkTimer.unref();
    this.graceful = new GracefulDeletion(store, options.podShutdownMs, (type, ns, name) =>
      this.deleteObject(type, ns, name),
    );
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
    clearInterval(this.bookmarkTimer);
    this.graceful.close();
    this.unsubscribe();
    this.endWatches();
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    for (const res of this.silent) res.destroy();
    this.silent.clear();
    const closed = new Promise<void>(resolve => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    if (this.server.listening) await closed;
  }

  // ---- faults -------------------------------------------------------------------------

  unreachable(mode: UnreachableMode) {
    this.mode = mode;
    if (mode === 'refuse') {
      // Stop listening so new connections get ECONNREFUSED, and cut the open ones.
      this.server.close();
      for (const socket of this.sockets) socket.destroy();
    } else if (mode === 'error') {
      this.endWatches();
    }
    // 'hang': open watches go silent (see publish/sendBookmarks), new requests are never answered.
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
      this.endWatches();
      for (const res of this.hung) res.destroy();
      this.hung.clear();
    }
  }

  dropWatches() {
    this.endWatches();
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
    this.halfOpen = on;
    if (!on) return;
    for (const set of this.watchers.values()) {
      for (const watcher of set) {
        clearTimeout(watcher.timer);
        this.silence(watcher.res);
      }
      set.clear();
    }
  }

  private silence(res: http.ServerResponse) {
    this.silent.add(res);
    res.on('close', () => this.silent.delete(res));
  }

  /** Each list page of `resource` (`pods`, `deployments.apps`) waits `delayMs` before it is answered; 0 ends that. */
  slowList(resource: string, delayMs: number, opts: Omit<SlowList, 'delayMs'> = {}) {
    if (delayMs > 0) this.slowLists.set(resource, { delayMs, ...opts });
    else this.slowLists.delete(resource);
  }

  /** The delay of this list page, counting it against a limited slow-down. */
  private listDelay(resource: string, continued: boolean): number {
    const slow = this.slowLists.get(resource);
    if (!slow || (slow.onlyContinued && !continued)) return 0;
    if (slow.every !== undefined) {
      slow.seen = (slow.seen ?? 0) + 1;
      if (slow.seen % slow.every !== 0) return 0;
    }
    if (slow.times !== undefined) {
      if (slow.times <= 0) return 0;
      slow.times--;
    }
    return slow.delayMs;
  }

  /** metrics.k8s.io answers 503 for `which`; undefined serves it again. */
  metricsUnavailable(which: MetricsOutage | undefined) {
    this.metricsOutage = which;
  }

  private endWatches() {
    for (const set of this.watchers.values()) {
      for (const watcher of set) {
        clearTimeout(watcher.timer);
        watcher.res.end();
      }
      set.clear();
    }
  }

  // ---- request handling ---------------------------------------------------------------

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
        sendJson(res, 200, {
          kind: 'APIVersions',
          versions: ['v1'],
          serverAddressByClientCIDRs: [
            { clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${this.port}` },
          ],
        });
        return;
      }
      if (segments[1] !== 'v1') throw errors.unknownPath();
      await this.handleGroupVersion(req, res, url, '', 'v1', segments.slice(2), method, forbidden);
      return;
    }
    if (segments[0] === 'apis') {
      if (segments.length === 1) {
        sendJson(res, 200, this.apiGroupList());
        return;
      }
      const group = segments[1];
      if (segments.length === 2) {
        const found = this.apiGroupList().groups.find(g => g.name === group);
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

  private groupVersions() {
    const groups = new Map<string, string[]>();
    for (const { group, version } of this.store.registry.groupVersions()) {
      groups.set(group, [...(groups.get(group) ?? []), version]);
    }
    if (this.options.metrics) groups.set('metrics.k8s.io', ['v1beta1']);
    return groups;
  }

  private apiGroupList() {
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

  private apiResourceList(groupVersion: string) {
    const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
    const resources: unknown[] = [];
    if (groupVersion === METRICS_API_VERSION) {
      resources.push(
        { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
        { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] },
      );
    } else {
      for (const type of this.store.registry.all()) {
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
    const known = group === '' || this.groupVersions().get(group)?.includes(version);
    if (!known) throw errors.unknownPath();
    if (rest.length === 0) {
      sendJson(res, 200, this.apiResourceList(groupVersion));
      return;
    }
    if (groupVersion === METRICS_API_VERSION) {
      this.handleMetrics(res, url, rest, method);
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
      if (method === 'GET') {
        if (isTrue(url.searchParams.get('watch'))) this.handleWatch(res, url, type, namespace);
        else await this.handleList(req, res, url, type, namespace);
      } else if (method === 'POST') {
        const body = await readJson(req);
        sendJson(res, 201, this.create(type, namespace, body, url));
      } else if (method === 'DELETE') {
        await this.handleDeleteCollection(res, url, type, namespace);
      } else {
        throw errors.methodNotAllowed(method);
      }
      return;
    }

    const ns = namespace ?? '';
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
        sendJson(res, 200, this.replace(type, ns, name, sub, await readJson(req)));
        return;
      case 'PATCH': {
        rejectDryRun(url);
        const body = await readJson(req);
        sendJson(res, 200, this.patch(type, ns, name, sub, body, req.headers['content-type']));
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
          this.delete(type, ns, name, {
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

  // ---- list ---------------------------------------------------------------------------

  private selectors(url: URL, type: ResourceType): Matcher {
    const label = parseLabelSelector(url.searchParams.get('labelSelector'));
    const field = parseFieldSelector(url.searchParams.get('fieldSelector'), type.kind);
    if (label && field) return obj => label(obj) && field(obj);
    return label ?? field ?? (() => true);
  }

  private async handleList(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    type: ResourceType,
    namespace: string | undefined,
  ) {
    const continued = Boolean(url.searchParams.get('continue'));
    this.traffic.list(qualifiedResource(type), res, continued);
    const delayMs = this.listDelay(qualifiedResource(type), continued);
    if (delayMs) {
      await new Promise(resolve => setTimeout(resolve, delayMs));
      // The client gave up (or cancelled) meanwhile.
      if (res.destroyed) return;
    }
    const query = url.searchParams;
    const matches = this.selectors(url, type);
    const filtered = Boolean(query.get('labelSelector') || query.get('fieldSelector'));
    const limitParam = query.get('limit');
    const limit = limitParam ? Number(limitParam) : 0;
    if (!Number.isInteger(limit) || limit < 0) {
      throw errors.badRequest(`limit must be a non-negative integer, got "${limitParam}"`);
    }
    const scope = [
      type.apiVersion,
      type.plural,
      namespace ?? '',
      query.get('labelSelector') ?? '',
      query.get('fieldSelector') ?? '',
    ].join('|');

    let items: KubeObject[];
    let offset = 0;
    let rv: number;
    let snapshotId: string | undefined;
    const continueParam = query.get('continue');
    if (continueParam) {
      const token = decodeContinue(continueParam);
      const snapshot = this.store.snapshot(token.s);
      if (!snapshot || token.rv < this.store.expireFloor) throw errors.continueExpired();
      if (snapshot.scope !== scope) {
        throw errors.badRequest(
          'the continue token was issued for a different list (resource, namespace or selectors): repeat the first request\'s parameters with it',
        );
      }
      items = snapshot.items;
      offset = token.o;
      rv = snapshot.rv;
      snapshotId = token.s;
    } else {
      const all = this.store.list(type, namespace);
      items = filtered ? all.filter(matches) : all;
      rv = this.store.rv;
    }

    const end = limit > 0 ? Math.min(offset + limit, items.length) : items.length;
    const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
    if (end < items.length) {
      snapshotId ??= this.store.pinSnapshot(scope, items);
      metadata.continue = encodeContinue({ s: snapshotId, o: end, rv });
      // Like the API server, the count of what is left is only given for unfiltered lists.
      if (!filtered) metadata.remainingItemCount = items.length - end;
    } else if (snapshotId) {
      this.store.dropSnapshot(snapshotId);
    }
    // The API server compresses big responses for clients that accept gzip (a page of
    // real pods is tens of MB of JSON); lists are compressed whatever their size here.
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (gzip) this.traffic.gzipped(qualifiedResource(type));
    await this.streamList(res, type.listKind, type.apiVersion, metadata, items, offset, end, gzip);
  }

  /** Writes a list response item by item, in chunks, so a 150,000-pod list is never one big string. */
  private async streamList(
    res: http.ServerResponse,
    listKind: string,
    apiVersion: string,
    metadata: Record<string, unknown>,
    items: KubeObject[],
    start: number,
    end: number,
    gzip = false,
  ) {
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    let out: http.ServerResponse | zlib.Gzip = res;
    if (gzip) {
      const compressed = zlib.createGzip({ level: 1 });
      compressed.pipe(res);
      res.on('close', () => compressed.destroy());
      out = compressed;
    }
    let chunk = `{"kind":${JSON.stringify(listKind)},"apiVersion":${JSON.stringify(
      apiVersion,
    )},"metadata":${JSON.stringify(metadata)},"items":[`;
    for (let i = start; i < end; i++) {
      chunk += (i > start ? ',' : '') + objectJson(items[i]);
      if (chunk.length >= WRITE_CHUNK_CHARS) {
        await writeChunked(out, chunk);
        chunk = '';
        if (res.destroyed) return;
      }
    }
    out.end(`${chunk}]}`);
  }

  private async handleDeleteCollection(
    res: http.ServerResponse,
    url: URL,
    type: ResourceType,
    namespace: string | undefined,
  ) {
    rejectDryRun(url);
    const matches = this.selectors(url, type);
    const deleted = this.store
      .list(type, namespace)
      .filter(matches)
      .map(obj => this.deleteObject(type, obj.metadata.namespace ?? '', obj.metadata.name));
    await this.streamList(
      res,
      type.listKind,
      type.apiVersion,
      { resourceVersion: String(this.store.rv) },
      deleted,
      0,
      deleted.length,
    );
  }

  // ---- watch --------------------------------------------------------------------------

  private handleWatch(
    res: http.ServerResponse,
    url: URL,
    type: ResourceType,
    namespace: string | undefined,
  ) {
    const query = url.searchParams;
    const selectorMatches = this.selectors(url, type);
    const matches: Matcher =
      namespace === undefined
        ? selectorMatches
        : obj => obj.metadata.namespace === namespace && selectorMatches(obj);
    const rvParam = query.get('resourceVersion') ?? '';
    if (rvParam !== '' && !/^\d+$/.test(rvParam)) {
      throw errors.badRequest(`resourceVersion must be a number, got "${rvParam}"`);
    }
    const timeoutParam = query.get('timeoutSeconds');
    const timeoutSeconds = timeoutParam ? Number(timeoutParam) : 0;
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) {
      throw errors.badRequest(`timeoutSeconds must be a non-negative number, got "${timeoutParam}"`);
    }

    // Everything from here to registering the watcher is synchronous, so no change can
    // slip between the replayed events and the live ones.
    let replay: StoreEvent[] | undefined;
    let initial: KubeObject[] | undefined;
    let expired: KubeApiError | undefined;
    if (rvParam === '' || rvParam === '0') {
      // No resourceVersion: start with synthetic ADDED events for the current state.
      initial = this.store.list(type, namespace).filter(matches);
    } else {
      try {
        replay = this.store.eventsSince(type, Number(rvParam));
      } catch (error) {
        if (!(error instanceof KubeApiError)) throw error;
        expired = error;
      }
    }
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    res.flushHeaders();
    this.traffic.watch(qualifiedResource(type), res);
    if (this.halfOpen) {
      this.silence(res);
      return;
    }
    if (expired) {
      // What the API server does for a too-old resourceVersion: an ERROR event, then close.
      res.end(`${JSON.stringify({ type: 'ERROR', object: expired.toStatus() })}\n`);
      return;
    }
    const watcher: Watcher = {
      type,
      namespace,
      matches,
      res,
      bookmarks: isTrue(query.get('allowWatchBookmarks')),
    };
    // Written in chunks: the initial state of a big cluster is hundreds of MB.
    let text = '';
    const flush = (force: boolean) => {
      if (text && (force || text.length >= WRITE_CHUNK_CHARS)) {
        res.write(text);
        text = '';
      }
    };
    for (const obj of initial ?? []) {
      text += `{"type":"ADDED","object":${objectJson(obj)}}\n`;
      flush(false);
    }
    for (const event of replay ?? []) {
      text += this.eventLine(watcher, event, new Map()) ?? '';
      flush(false);
    }
    flush(true);

    let set = this.watchers.get(type);
    if (!set) {
      set = new Set();
      this.watchers.set(type, set);
    }
    set.add(watcher);
    if (timeoutSeconds > 0) {
      watcher.timer = setTimeout(() => res.end(), timeoutSeconds * 1000);
    }
    res.on('close', () => {
      clearTimeout(watcher.timer);
      this.watchers.get(type)?.delete(watcher);
    });
  }

  /**
   * The line a watcher gets for a change, or undefined when it is not interested. A change
   * that moves an object into or out of a filtered watch becomes ADDED or DELETED, as the
   * API server's watch cache does.
   */
  private eventLine(
    watcher: Watcher,
    event: StoreEvent,
    cache: Map<string, string>,
  ): string | undefined {
    const now = watcher.matches(event.object);
    let type: string = event.type;
    if (event.type === 'MODIFIED') {
      const before = event.previous ? watcher.matches(event.previous) : false;
      if (!now && !before) return undefined;
      if (!before) type = 'ADDED';
      else if (!now) type = 'DELETED';
    } else if (!now) {
      return undefined;
    }
    let line = cache.get(type);
    if (!line) {
      line = `{"type":"${type}","object":${objectJson(event.object)}}\n`;
      cache.set(type, line);
    }
    return line;
  }

  private publish(type: ResourceType, event: StoreEvent) {
    const set = this.watchers.get(type);
    if (!set || set.size === 0 || this.mode === 'hang') return;
    const cache = new Map<string, string>();
    for (const watcher of set) {
      const line = this.eventLine(watcher, event, cache);
      if (line) watcher.res.write(line);
    }
  }

  private sendBookmarks() {
    if (this.mode === 'hang') return;
    for (const [type, set] of this.watchers) {
      const line = `${JSON.stringify({
        type: 'BOOKMARK',
        object: {
          kind: type.kind,
          apiVersion: type.apiVersion,
          metadata: { resourceVersion: String(this.store.rv), creationTimestamp: null },
        },
      })}\n`;
      for (const watcher of set) if (watcher.bookmarks) watcher.res.write(line);
    }
  }

  // ---- writes -------------------------------------------------------------------------

  private requireNamespace(namespace: string) {
    const namespaceType = this.store.registry.byKind('v1', 'Namespace')!;
    if (!this.store.get(namespaceType, '', namespace)) {
      throw errors.notFound(namespaceType, namespace);
    }
  }

  private checkKind(type: ResourceType, body: KubeObject) {
    if (body.apiVersion && body.apiVersion !== type.apiVersion) {
      throw errors.badRequest(
        `the API version in the data (${body.apiVersion}) does not match the expected API version (${type.apiVersion})`,
      );
    }
    if (body.kind && body.kind !== type.kind) {
      throw errors.badRequest(
        `the kind in the data (${body.kind}) does not match the expected kind (${type.kind})`,
      );
    }
  }

  create(type: ResourceType, namespace: string | undefined, raw: unknown, url: URL): KubeObject {
    rejectDryRun(url);
    const body = asObject(raw, type);
    this.checkKind(type, body);
    const metadata = { ...(body.metadata ?? {}) } as KubeObject['metadata'];
    if (type.namespaced) {
      if (namespace === undefined) throw errors.methodNotAllowed('POST');
      if (metadata.namespace && metadata.namespace !== namespace) {
        throw errors.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      this.requireNamespace(namespace);
      metadata.namespace = namespace;
    }
    if (!metadata.name && typeof metadata.generateName === 'string' && metadata.generateName) {
      metadata.name = `${metadata.generateName}${randomSuffix()}`;
    }
    if (!metadata.name) {
      throw errors.invalid(type, '', 'metadata.name', 'FieldValueRequired', 'Required value: name or generateName is required');
    }
    validateName(type, metadata.name);
    // Server-set fields: a client cannot choose them on create.
    delete metadata.resourceVersion;
    delete metadata.uid;
    delete metadata.creationTimestamp;
    const obj: KubeObject = { ...body, apiVersion: type.apiVersion, kind: type.kind, metadata };
    if (type.kind === 'Namespace') {
      obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': metadata.name };
      obj.spec = { finalizers: ['kubernetes'] };
      obj.status = { phase: 'Active' };
    }
    if (type.kind === 'Pod' && !obj.status) {
      obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
    }
    return this.store.create(type, obj);
  }

  replace(type: ResourceType, ns: string, name: string, sub: string | undefined, raw: unknown) {
    const body = asObject(raw, type);
    this.checkKind(type, body);
    if (body.metadata?.name !== undefined && body.metadata.name !== name) {
      throw errors.badRequest(
        `the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const current = this.store.get(type, ns, name);
    if (!current) throw errors.notFound(type, name);
    const expectedRv = body.metadata?.resourceVersion;
    return this.store.update(type, this.merged(type, current, body, sub), expectedRv);
  }

  patch(
    type: ResourceType,
    ns: string,
    name: string,
    sub: string | undefined,
    body: unknown,
    contentType: string | undefined,
  ) {
    const current = this.store.get(type, ns, name);
    if (!current) throw errors.notFound(type, name);
    const mediaType = (contentType ?? '').split(';')[0].trim();
    let patched: KubeObject;
    if (
      mediaType === 'application/merge-patch+json' ||
      mediaType === 'application/strategic-merge-patch+json'
    ) {
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw errors.badRequest('a merge patch must be a JSON object');
      }
      patched = applyMergePatch(current, body) as KubeObject;
    } else if (mediaType === 'application/json-patch+json') {
      patched = applyJsonPatch(current, body) as KubeObject;
    } else {
      throw new KubeApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got "${mediaType}"; server-side apply is not supported by this test server)`,
      );
    }
    if (!patched || typeof patched !== 'object' || !patched.metadata) {
      throw errors.badRequest('the patch removed the object\'s metadata');
    }
    for (const field of ['name', 'namespace', 'uid'] as const) {
      if (patched.metadata[field] !== current.metadata[field]) {
        throw errors.invalid(type, name, `metadata.${field}`, 'FieldValueInvalid', 'field is immutable');
      }
    }
    const expectedRv = patched.metadata.resourceVersion as string | undefined;
    return this.store.update(type, this.merged(type, current, patched, sub), expectedRv);
  }

  /**
   * The object a write stores: writes to /status change only status; writes to the object
   * itself keep the current status for kinds that have a status subresource.
   */
  private merged(type: ResourceType, current: KubeObject, next: KubeObject, sub: string | undefined) {
    if (sub === 'status') return { ...current, status: next.status };
    const merged: KubeObject = {
      ...next,
      apiVersion: type.apiVersion,
      kind: type.kind,
      metadata: {
        ...next.metadata,
        name: current.metadata.name,
        namespace: current.metadata.namespace,
        uid: current.metadata.uid,
        creationTimestamp: current.metadata.creationTimestamp,
      },
    };
    if (type.subresources.includes('status')) {
      if (current.status === undefined) delete merged.status;
      else merged.status = current.status;
    }
    return merged;
  }

  delete(type: ResourceType, ns: string, name: string, options: unknown) {
    const terminating = this.graceful.begin(type, ns, name, options as never);
    if (terminating) return terminating;
    const preconditions = (options as { preconditions?: { resourceVersion?: string; uid?: string } })
      ?.preconditions;
    const deleted = this.deleteObject(type, ns, name, preconditions);
    if (type.kind === 'Pod' || type.kind === 'Namespace') return deleted;
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name,
        ...(type.group ? { group: type.group } : {}),
        kind: type.plural,
        uid: deleted.metadata.uid,
      },
    };
  }

  /** Deletes one object; a namespace takes everything in it along, a pod its logs. */
  deleteObject(
    type: ResourceType,
    ns: string,
    name: string,
    preconditions?: { resourceVersion?: string; uid?: string },
  ): KubeObject {
    if (type.kind === 'Namespace' && this.store.get(type, '', name)) {
      for (const other of this.store.registry.all()) {
        if (!other.namespaced) continue;
        for (const obj of this.store.list(other, name)) {
          this.deleteObject(other, name, obj.metadata.name);
        }
      }
    }
    if (type.kind === 'Pod') this.logs.deletePod(ns, name);
    return this.store.delete(type, ns, name, {
      rv: preconditions?.resourceVersion,
      uid: preconditions?.uid,
    });
  }

  // ---- metrics.k8s.io -----------------------------------------------------------------

  private handleMetrics(res: http.ServerResponse, url: URL, rest: string[], method: string) {
    if (method !== 'GET') throw errors.methodNotAllowed(method);
    if (isTrue(url.searchParams.get('watch'))) {
      throw errors.methodNotAllowed('watch');
    }
    const outage = this.metricsOutage;
    if (outage === 'all' || (outage && rest[0] === outage) || (outage === 'pods' && rest[0] === 'namespaces')) {
      throw errors.unavailable();
    }
    const nodeType = this.store.registry.byKind('v1', 'Node')!;
    const podType = this.store.registry.byKind('v1', 'Pod')!;
    const label = parseLabelSelector(url.searchParams.get('labelSelector'));
    const matches = label ?? (() => true);
    const list = (kind: string, items: KubeObject[]) =>
      sendJson(res, 200, {
        kind,
        apiVersion: METRICS_API_VERSION,
        metadata: {},
        items,
      });
    const metricsNotFound = (resource: string, name: string) =>
      new KubeApiError(404, 'NotFound', `${resource}.metrics.k8s.io "${name}" not found`, {
        name,
        group: 'metrics.k8s.io',
        kind: resource,
      });

    if (rest[0] === 'nodes' && rest.length <= 2) {
      const nodes = this.store.list(nodeType).filter(matches);
      const selected = rest[1] ? nodes.filter(n => n.metadata.name === rest[1]) : nodes;
      const metrics = nodeMetrics(selected, this.store.kind(podType).snapshot());
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
        const pod = this.store.get(podType, namespace!, parts[1]);
        const metrics = pod ? podMetrics(pod) : undefined;
        if (!metrics) throw metricsNotFound('pods', parts[1]);
        sendJson(res, 200, metrics);
        return;
      }
      const items: KubeObject[] = [];
      for (const pod of this.store.list(podType, namespace)) {
        if (!matches(pod)) continue;
        const metrics = podMetrics(pod);
        if (metrics) items.push(metrics);
      }
      list('PodMetricsList', items);
      return;
    }
    throw errors.unknownPath();
  }
}

// ---- helpers ------------------------------------------------------------------------

function rejectDryRun(url: URL) {
  if (url.searchParams.get('dryRun')) {
    throw errors.badRequest('dryRun is not supported by this test server: send the request without it');
  }
}

function asObject(raw: unknown, type: ResourceType): KubeObject {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw errors.badRequest(`the request body must be a ${type.kind} object`);
  }
  return raw as KubeObject;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validateName(type: ResourceType, name: string) {
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    throw errors.invalid(
      type,
      name,
      'metadata.name',
      'FieldValueInvalid',
      `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

/** The 5 characters the API server appends for generateName. */
function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...randomBytes(5)].map(b => alphabet[b % alphabet.length]).join('');
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(value: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(value, 'base64url').toString());
    if (typeof token.s === 'string' && Number.isInteger(token.o) && Number.isInteger(token.rv)) {
      return token;
    }
  } catch {
    // fall through
  }
  throw errors.badRequest(
    'the continue token is not one this server issued: pass metadata.continue from the previous page unchanged',
  );
}

async function readJson(req: http.IncomingMessage, optional = false): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new KubeApiError(413, 'RequestEntityTooLarge', 'the request body is larger than 3 MiB');
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) {
    if (optional) return undefined;
    throw errors.badRequest('the request needs a JSON body');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw errors.badRequest(`the request body is not valid JSON: ${(error as Error).message}`);
  }
}

export { kubeTimestamp };

import type http from 'node:http';
import type { KubeObject } from './types';
import type { ResourceType } from './resources';
import { ObjectStore, StoreEvent, objectJson } from './store';
import { KubeApiError, errors, qualifiedResource } from './status';
import type { TrafficCounter } from './traffic';
import type { Matcher } from './selectors';
import { WRITE_CHUNK_CHARS, isTrue } from './httpIo';
import { requestMatcher } from './listHandler';

interface Watcher {
  type: ResourceType;
  namespace?: string;
  matches: Matcher;
  res: http.ServerResponse;
  bookmarks: boolean;
  timer?: NodeJS.Timeout;
}

/**
 * Watch requests and the open watches: replay from a resourceVersion (410 when it is too
 * old), live events from the store, bookmarks every `bookmarkIntervalMs`, `timeoutSeconds`,
 * and half-open watches that go silent without closing.
 */
export class WatchHandler {
  private readonly watchers = new Map<ResourceType, Set<Watcher>>();
  /** Half-open watches: the headers were sent, and nothing else ever will be. */
  private readonly silent = new Set<http.ServerResponse>();
  private halfOpen = false;
  private readonly bookmarkTimer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  /** `hung`: the server plays an unreachable apiserver that never answers, so watches send nothing. */
  constructor(
    private readonly store: ObjectStore,
    private readonly traffic: TrafficCounter,
    bookmarkIntervalMs: number,
    private readonly hung: () => boolean,
  ) {
    this.unsubscribe = store.subscribe((type, event) => this.publish(type, event));
    this.bookmarkTimer = setInterval(() => this.sendBookmarks(), bookmarkIntervalMs);
    this.bookmarkTimer.unref();
  }

  close() {
    clearInterval(this.bookmarkTimer);
    this.unsubscribe();
    this.endWatches();
    for (const res of this.silent) res.destroy();
    this.silent.clear();
  }

  /** Ends every open watch cleanly: clients re-watch from their last resourceVersion. */
  endWatches() {
    for (const set of this.watchers.values()) {
      for (const watcher of set) {
        clearTimeout(watcher.timer);
        watcher.res.end();
      }
      set.clear();
    }
  }

  /** See `KubeHttpServer.halfOpenWatches`. */
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

  handleWatch(
    res: http.ServerResponse,
    url: URL,
    type: ResourceType,
    namespace: string | undefined,
  ) {
    const query = url.searchParams;
    const selectorMatches = requestMatcher(url, type);
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
    if (!set || set.size === 0 || this.hung()) return;
    const cache = new Map<string, string>();
    for (const watcher of set) {
      const line = this.eventLine(watcher, event, cache);
      if (line) watcher.res.write(line);
    }
  }

  private sendBookmarks() {
    if (this.hung()) return;
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
}

import type { KubernetesObject } from '@kubernetes/client-node';
import { KubeRequestError, type KubeHttpClient } from './KubeHttpClient';
import { messageOf } from './messageOf';
import type { TimedWatch } from './TimedWatch';

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

/** How a collection reports to its cache. */
export interface CollectionEvents<T = KubernetesObject> {
  /** Objects were added, changed or removed (or a list replaced them). */
  changed(): void;
  /** The collection has been listed (again). */
  synced(): void;
  /**
   * A list replaced every object: what readers keep up to date object by object
   * starts over from these (called before `changed`).
   */
  replaced?(objects: Iterable<T>): void;
  /** One kept object was added (no `previous`), changed, or removed (no `next`). */
  updated?(previous: T | undefined, next: T | undefined): void;
}

/**
 * One watched collection (pods, events, ...): listed page by page, then kept current by a
 * watch from the list's resourceVersion, relisted when the server no longer has that
 * version (410). It replaces client-node's `ListWatch`, which opens its watch after a
 * list without looking whether it was stopped meanwhile (a restart during a slow relist
 * ran two lists and left an orphan watch) and lets a failure while reopening a watch
 * escape as an unhandled rejection that leaves the collection dead.
 *
 * One owner: each run (list if needed, then watch) has a generation and an
 * AbortController; `restart()` and `stop()` cancel the run in flight (the HTTP requests
 * themselves) before anything new starts, and callbacks of an older run are ignored.
 * Every failure ends in a retry with back-off, never in an unhandled rejection.
 *
 * It also knows when it last heard from its own watch (an event or a bookmark), so
 * freshness comes from the watch itself, not from a heartbeat on another connection.
 */
export class WatchedCollection<T extends KubernetesObject = KubernetesObject> {
  private objects = new Map<string, Map<string, T>>();
  private resourceVersion = '';
  private generation = 0;
  private abort?: AbortController;
  private retryTimer?: NodeJS.Timeout;
  private retryDelayMs = FIRST_RETRY_MS;
  private stopped = true;
  /** Listed at least once. */
  synced = false;
  /** The cluster does not serve this collection (404): it counts as empty. */
  unsupported = false;
  /**
   * The credentials may not list this collection (403, least-privilege RBAC): the
   * server's words. It counts as empty, and is asked again now and then.
   */
  forbidden?: string;
  /** Why the last list or watch failed, until one succeeds. */
  error?: string;
  /** The HTTP status of that failure, when the server answered one. */
  errorStatus?: number;
  /** Whether a watch is open now. */
  watching = false;
  /** When the list or the open watch last said something (ms). */
  lastHeardMs?: number;
  private openedAtMs = 0;

  constructor(
    readonly path: string,
    private readonly http: KubeHttpClient,
    private readonly watch: TimedWatch,
    private readonly events: CollectionEvents<T>,
    private readonly pageSize?: number,
    /** What is kept of each object (see projections.ts); undefined: not kept. */
    private readonly project: (object: T) => T | undefined = object => object,
  ) {}

  start(): void {
    this.stopped = false;
    this.restart();
  }

  stop(): void {
    this.stopped = true;
    this.cancel();
  }

  /** Cancels what is in flight and starts over (resuming from the resourceVersion). */
  restart(): void {
    if (this.stopped) return;
    this.cancel();
    const generation = this.generation;
    const abort = new AbortController();
    this.abort = abort;
    this.run(generation, abort.signal).catch(error =>
      this.failed(generation, error),
    );
  }

  /** Whether a list or a watch is in flight (a retry is not). */
  get busy(): boolean {
    return this.abort !== undefined && this.retryTimer === undefined;
  }

  /** Retries now when waiting for a retry; leaves a request in flight alone. */
  retryNow(): void {
    if (this.stopped || !this.retryTimer) return;
    this.retryDelayMs = FIRST_RETRY_MS;
    this.restart();
  }

  /**
   * Until when the data is known to be current: now while the watch is open and has
   * been heard within `deadlineMs`, else when it was last heard.
   */
  currentAsOf(now: number, deadlineMs: number): number | undefined {
    if (this.lastHeardMs === undefined) return undefined;
    return this.watching && now - this.lastHeardMs <= deadlineMs
      ? now
      : this.lastHeardMs;
  }

  /** One kept object by namespace ('' for cluster-scoped) and name. */
  get(namespace: string, name: string): T | undefined {
    return this.objects.get(namespace)?.get(name);
  }

  list(namespace?: string): T[] {
    if (namespace !== undefined) {
      return [...(this.objects.get(namespace)?.values() ?? [])];
    }
    const all: T[] = [];
    for (const objects of this.objects.values()) all.push(...objects.values());
    return all;
  }

  private cancel() {
    this.generation++;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.abort?.abort();
    this.abort = undefined;
    this.watching = false;
  }

  private async run(generation: number, signal: AbortSignal) {
    if (!this.resourceVersion) {
      const held = this.objects;
      const list = await this.http
        .listAll<T>(this.path, this.pageSize, signal, item =>
          this.keepListed(held, item),
        )
        .catch(error => {
          if (error instanceof KubeRequestError && error.statusCode === 404) {
            this.unsupported = true;
            return { items: [], resourceVersion: '' };
          }
          if (error instanceof KubeRequestError && error.statusCode === 403) {
            this.forbidden = error.message;
            return { items: [], resourceVersion: '' };
          }
          throw error;
        });
      if (generation !== this.generation) return;
      if (list.resourceVersion) {
        this.unsupported = false;
        this.forbidden = undefined;
      }
      const objects = new Map<string, Map<string, T>>();
      // Projected page by page as the list arrived (see listAll).
      for (const kept of list.items) put(objects, kept);
      this.objects = objects;
      this.events.replaced?.(this.list());
      this.resourceVersion = list.resourceVersion;
      this.synced = true;
      this.heard();
      this.events.changed();
      this.events.synced();
      if (this.unsupported || this.forbidden) {
        // Not served here, or not to us: look again now and then, without calling the
        // cluster broken.
        this.retryDelayMs = MAX_RETRY_MS;
        this.scheduleRetry(generation);
        return;
      }
    }
    const controller = await this.watch.watch(
      this.path,
      { resourceVersion: this.resourceVersion },
      (phase, object) => {
        if (generation !== this.generation) return;
        this.heard();
        this.apply(phase, object);
      },
      error => this.watchEnded(generation, error),
      () => {
        if (generation !== this.generation) return;
        // Open, but not yet heard from: only an event or a bookmark says the data is current.
        this.watching = true;
        this.openedAtMs = Date.now();
      },
    );
    // Cancelled while the watch was being opened: close it at once (no orphan).
    if (signal.aborted) controller.abort();
    else signal.addEventListener('abort', () => controller.abort());
  }

  /**
   * What is kept of a listed object: the object kept already when it is the same
   * version, else its projection. A relist (after a 410) lists mostly what is kept
   * already, so the new collection shares those objects with the old one, which readers
   * see until the swap, rather than holding a second copy of everything.
   */
  private keepListed(
    held: Map<string, Map<string, T>>,
    item: T,
  ): T | undefined {
    const version = item.metadata?.resourceVersion;
    const same = held
      .get(item.metadata?.namespace ?? '')
      ?.get(item.metadata?.name ?? '');
    if (version && same?.metadata?.resourceVersion === version) return same;
    return this.project(item);
  }

  private heard() {
    this.lastHeardMs = Date.now();
    this.error = undefined;
    this.errorStatus = undefined;
    this.retryDelayMs = FIRST_RETRY_MS;
  }

  private apply(phase: string, object: T | { code?: number }) {
    switch (phase) {
      case 'ADDED':
      case 'MODIFIED': {
        const kept = this.project(object as T);
        const previous = kept
          ? put(this.objects, kept)
          : remove(this.objects, object as T);
        if (kept || previous) this.events.updated?.(previous, kept);
        this.events.changed();
        break;
      }
      case 'DELETED': {
        const previous = remove(this.objects, object as T);
        if (previous) this.events.updated?.(previous, undefined);
        this.events.changed();
        break;
      }
      case 'ERROR':
        // 410 Expired: the server no longer has our version; the stream ends next.
        if ((object as { code?: number }).code === 410) {
          this.resourceVersion = '';
        }
        return;
      default:
    }
    const version = (object as T).metadata?.resourceVersion;
    if (version) this.resourceVersion = version;
  }

  private watchEnded(generation: number, error: unknown) {
    if (generation !== this.generation) return;
    this.watching = false;
    const status = statusOf(error);
    if (status === 410) this.resourceVersion = '';
    if (!error || status === 410) {
      // The server ended the watch (timeoutSeconds) or expired our version: go on at
      // once, unless it keeps closing watches as soon as they open.
      if (
        !this.resourceVersion ||
        Date.now() - this.openedAtMs >= FIRST_RETRY_MS
      ) {
        this.restart();
      } else this.scheduleRetry(generation);
      return;
    }
    this.failed(generation, error);
  }

  private failed(generation: number, error: unknown) {
    if (generation !== this.generation || this.stopped) return;
    this.watching = false;
    this.error = messageOf(error);
    this.errorStatus = statusOf(error);
    this.scheduleRetry(generation);
  }

  private scheduleRetry(generation: number) {
    if (generation !== this.generation || this.stopped) return;
    this.abort?.abort();
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, MAX_RETRY_MS);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.restart();
    }, delay);
    this.retryTimer.unref?.();
  }
}

function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: number; code?: unknown } | undefined;
  return e?.statusCode ?? (typeof e?.code === 'number' ? e.code : undefined);
}

/** Keeps `object`; returns the one it replaces. */
function put<T extends KubernetesObject>(
  objects: Map<string, Map<string, T>>,
  object: T,
): T | undefined {
  const namespace = object.metadata?.namespace ?? '';
  let inNamespace = objects.get(namespace);
  if (!inNamespace) {
    inNamespace = new Map();
    objects.set(namespace, inNamespace);
  }
  const name = object.metadata?.name ?? '';
  const previous = inNamespace.get(name);
  inNamespace.set(name, object);
  return previous;
}

/** Forgets the kept object of `object`'s name; returns it. */
function remove<T extends KubernetesObject>(
  objects: Map<string, Map<string, T>>,
  object: T,
): T | undefined {
  const namespace = object.metadata?.namespace ?? '';
  const inNamespace = objects.get(namespace);
  if (!inNamespace) return undefined;
  const name = object.metadata?.name ?? '';
  const previous = inNamespace.get(name);
  inNamespace.delete(name);
  if (inNamespace.size === 0) objects.delete(namespace);
  return previous;
}

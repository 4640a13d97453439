import { randomUUID } from 'node:crypto';
import type { KubeObject } from './types';
import { ResourceRegistry, ResourceType } from './resources';
import { errors } from './status';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change to the store, as watches replay it. */
export interface StoreEvent {
  type: WatchEventType;
  rv: number;
  object: KubeObject;
  /** The object before a MODIFIED change (lets a filtered watch turn it into ADDED/DELETED). */
  previous?: KubeObject;
}

interface Bucket {
  objects: Map<string, KubeObject>;
  /** Names in key order, rebuilt lazily after an add or delete (not on modify). */
  sortedNames: string[] | null;
}

/** Kinds whose objects carry metadata.generation (bumped when the spec changes). */
const GENERATION_GROUPS = new Set(['apps', 'batch', 'networking.k8s.io', 'autoscaling']);

const serialized = new WeakMap<object, string>();

/**
 * The JSON of a stored object, kept while the object version lives: big lists and watch
 * streams send the same immutable objects again and again, and JSON.stringify is most of
 * their cost.
 */
export function objectJson(obj: KubeObject): string {
  let json = serialized.get(obj);
  if (json === undefined) {
    json = JSON.stringify(obj);
    serialized.set(obj, json);
  }
  return json;
}

/** Kubernetes writes timestamps to the second. */
export function kubeTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The objects of one kind, indexed by namespace, and the recent history of their changes. */
export class KindState {
  readonly buckets = new Map<string, Bucket>();
  size = 0;
  private history: Array<StoreEvent | undefined> = [];
  private historyStart = 0;
  /** resourceVersion of the newest event no longer kept: watches from before it get 410. */
  droppedThrough = 0;

  constructor(
    readonly type: ResourceType,
    private readonly historySize: number,
  ) {}

  get(namespace: string, name: string): KubeObject | undefined {
    return this.buckets.get(namespace)?.objects.get(name);
  }

  put(namespace: string, obj: KubeObject) {
    let bucket = this.buckets.get(namespace);
    if (!bucket) {
      bucket = { objects: new Map(), sortedNames: null };
      this.buckets.set(namespace, bucket);
    }
    const name = obj.metadata.name;
    if (!bucket.objects.has(name)) {
      bucket.sortedNames = null;
      this.size++;
    }
    bucket.objects.set(name, obj);
  }

  delete(namespace: string, name: string) {
    const bucket = this.buckets.get(namespace);
    if (bucket?.objects.delete(name)) {
      bucket.sortedNames = null;
      this.size--;
      if (bucket.objects.size === 0) this.buckets.delete(namespace);
    }
  }

  /** The objects in key order (namespace, then name), as etcd lists them; refs, not copies. */
  snapshot(namespace?: string): KubeObject[] {
    if (namespace !== undefined) {
      const bucket = this.buckets.get(namespace);
      return bucket ? this.sorted(bucket) : [];
    }
    const out: KubeObject[] = [];
    for (const ns of [...this.buckets.keys()].sort()) {
      for (const obj of this.sorted(this.buckets.get(ns)!)) out.push(obj);
    }
    return out;
  }

  private sorted(bucket: Bucket): KubeObject[] {
    if (!bucket.sortedNames) bucket.sortedNames = [...bucket.objects.keys()].sort();
    const out = new Array<KubeObject>(bucket.sortedNames.length);
    for (let i = 0; i < out.length; i++) {
      out[i] = bucket.objects.get(bucket.sortedNames[i])!;
    }
    return out;
  }

  record(event: StoreEvent) {
    this.history.push(event);
    if (this.history.length - this.historyStart > this.historySize) {
      this.droppedThrough = this.history[this.historyStart]!.rv;
      this.history[this.historyStart] = undefined;
      this.historyStart++;
      if (this.historyStart >= this.historySize) {
        this.history = this.history.slice(this.historyStart);
        this.historyStart = 0;
      }
    }
  }

  /** Forgets the events up to `throughRv` (a compaction): watches from before it get 410. */
  compactThrough(throughRv: number) {
    while (
      this.historyStart < this.history.length &&
      this.history[this.historyStart]!.rv <= throughRv
    ) {
      this.history[this.historyStart] = undefined;
      this.historyStart++;
    }
    this.history = this.history.slice(this.historyStart);
    this.historyStart = 0;
    this.droppedThrough = Math.max(this.droppedThrough, throughRv);
  }

  forgetHistory(throughRv: number) {
    this.history = [];
    this.historyStart = 0;
    this.droppedThrough = throughRv;
  }

  /** Kept events newer than `rv`, oldest first. */
  eventsAfter(rv: number): StoreEvent[] {
    let lo = this.historyStart;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.history[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo) as StoreEvent[];
  }
}

/** A list result pinned at one resourceVersion, paged through with continue tokens. */
interface ListSnapshot {
  rv: number;
  scope: string;
  items: KubeObject[];
  expiresAt: number;
}

const SNAPSHOT_TTL_MS = 5 * 60_000;
const MAX_SNAPSHOTS = 64;

/**
 * The object store: one global resourceVersion counter, per-kind maps indexed by
 * namespace, bounded per-kind watch history and pinned list snapshots. Stored objects are
 * never mutated: every write stores a new object, so lists and history can share them.
 */
export class ObjectStore {
  rv = 0;
  /** Watches and continue tokens from before this resourceVersion answer 410 Expired. */
  expireFloor = 0;
  private readonly kinds = new Map<ResourceType, KindState>();
  private readonly listeners = new Set<(type: ResourceType, event: StoreEvent) => void>();
  private readonly snapshots = new Map<string, ListSnapshot>();
  private snapshotCounter = 0;

  constructor(
    readonly registry: ResourceRegistry,
    private readonly historySize: number,
  ) {}

  kind(type: ResourceType): KindState {
    let state = this.kinds.get(type);
    if (!state) {
      state = new KindState(type, this.historySize);
      this.kinds.set(type, state);
    }
    return state;
  }

  /** The type of an object given directly (apply()), registering unknown kinds as custom resources. */
  typeOf(obj: KubeObject): ResourceType {
    if (!obj?.apiVersion || !obj.kind || !obj.metadata?.name) {
      throw new Error(
        'a Kubernetes object needs apiVersion, kind and metadata.name',
      );
    }
    return this.registry.ensure(obj.apiVersion, obj.kind, obj.metadata.namespace !== undefined);
  }

  subscribe(listener: (type: ResourceType, event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  namespaceOf(type: ResourceType, obj: KubeObject): string {
    return type.namespaced ? obj.metadata.namespace || 'default' : '';
  }

  get(type: ResourceType, namespace: string, name: string): KubeObject | undefined {
    return this.kind(type).get(type.namespaced ? namespace : '', name);
  }

  list(type: ResourceType, namespace?: string): KubeObject[] {
    return this.kind(type).snapshot(type.namespaced ? namespace : undefined);
  }

  create(type: ResourceType, obj: KubeObject): KubeObject {
    const ns = this.namespaceOf(type, obj);
    if (this.kind(type).get(ns, obj.metadata.name)) {
      throw errors.alreadyExists(type, obj.metadata.name);
    }
    return this.write(type, ns, obj, undefined);
  }

  /** Replaces an object; a stale `expectedRv` answers 409 Conflict (optimistic concurrency). */
  update(type: ResourceType, obj: KubeObject, expectedRv?: string): KubeObject {
    const ns = this.namespaceOf(type, obj);
    const previous = this.kind(type).get(ns, obj.metadata.name);
    if (!previous) throw errors.notFound(type, obj.metadata.name);
    if (expectedRv && expectedRv !== previous.metadata.resourceVersion) {
      throw errors.conflict(type, obj.metadata.name);
    }
    return this.write(type, ns, obj, previous);
  }

  /** Creates or replaces, unconditionally (the test-facing apply()). */
  upsert(type: ResourceType, obj: KubeObject): KubeObject {
    const ns = this.namespaceOf(type, obj);
    return this.write(type, ns, obj, this.kind(type).get(ns, obj.metadata.name));
  }

  delete(
    type: ResourceType,
    namespace: string,
    name: string,
    expected?: { rv?: string; uid?: string },
  ): KubeObject {
    const ns = type.namespaced ? namespace : '';
    const state = this.kind(type);
    const previous = state.get(ns, name);
    if (!previous) throw errors.notFound(type, name);
    if (
      (expected?.rv && expected.rv !== previous.metadata.resourceVersion) ||
      (expected?.uid && expected.uid !== previous.metadata.uid)
    ) {
      throw errors.conflict(type, name);
    }
    const rv = ++this.rv;
    const deleted: KubeObject = {
      ...previous,
      metadata: { ...previous.metadata, resourceVersion: String(rv) },
    };
    state.delete(ns, name);
    this.emit(type, { type: 'DELETED', rv, object: deleted });
    return deleted;
  }

  private write(
    type: ResourceType,
    ns: string,
    obj: KubeObject,
    previous: KubeObject | undefined,
  ): KubeObject {
    const rv = ++this.rv;
    const { apiVersion: _a, kind: _k, metadata: givenMetadata, ...rest } = obj;
    const metadata: KubeObject['metadata'] = { ...givenMetadata };
    if (type.namespaced) metadata.namespace = ns;
    else delete metadata.namespace;
    metadata.uid = previous?.metadata.uid ?? metadata.uid ?? randomUUID();
    metadata.creationTimestamp =
      previous?.metadata.creationTimestamp ?? metadata.creationTimestamp ?? kubeTimestamp();
    metadata.resourceVersion = String(rv);
    if (GENERATION_GROUPS.has(type.group)) {
      const previousGeneration = Number(previous?.metadata.generation ?? 0);
      const specChanged =
        !previous || JSON.stringify(previous.spec) !== JSON.stringify(obj.spec);
      metadata.generation = previous
        ? previousGeneration + (specChanged ? 1 : 0)
        : Number(metadata.generation ?? 1);
    }
    const stored: KubeObject = {
      apiVersion: type.apiVersion,
      kind: type.kind,
      metadata,
      ...rest,
    };
    this.kind(type).put(ns, stored);
    this.emit(
      type,
      previous
        ? { type: 'MODIFIED', rv, object: stored, previous }
        : { type: 'ADDED', rv, object: stored },
    );
    return stored;
  }

  private emit(type: ResourceType, event: StoreEvent) {
    this.kind(type).record(event);
    for (const listener of this.listeners) listener(type, event);
  }

  /**
   * Forgets every kept event and pinned list and moves the resourceVersion on, so any watch
   * or continue token from before now answers 410 Expired and clients must re-list.
   */
  expire() {
    this.expireFloor = ++this.rv;
    for (const state of this.kinds.values()) state.forgetHistory(this.expireFloor);
    this.snapshots.clear();
  }

  /**
   * What etcd's compaction (every 5 minutes by default in kube-apiserver) does: every
   * version up to `throughRv` is gone, so watches and continue tokens from before it
   * answer 410 Expired and clients must list again.
   */
  compact(throughRv: number) {
    if (throughRv <= this.expireFloor) return;
    this.expireFloor = throughRv;
    for (const state of this.kinds.values()) state.compactThrough(throughRv);
  }

  /**
   * Compacts every `intervalMs` through the resourceVersion of the previous round, so
   * history lives between one and two intervals, as between etcd compactions.
   */
  compactEvery(intervalMs: number): () => void {
    let previous = this.rv;
    const timer = setInterval(() => {
      this.compact(previous);
      previous = this.rv;
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** The events a watch from `rv` must replay, or a 410 Expired error when some were forgotten. */
  eventsSince(type: ResourceType, rv: number): StoreEvent[] {
    const state = this.kind(type);
    const oldest = Math.max(state.droppedThrough, this.expireFloor);
    if (rv < oldest) throw errors.tooOldResourceVersion(rv, oldest + 1);
    return state.eventsAfter(rv);
  }

  /** Pins a list result so later pages (continue tokens) see the same resourceVersion. */
  pinSnapshot(scope: string, items: KubeObject[]): string {
    const now = Date.now();
    for (const [id, snap] of this.snapshots) {
      if (snap.expiresAt < now) this.snapshots.delete(id);
    }
    while (this.snapshots.size >= MAX_SNAPSHOTS) {
      this.snapshots.delete(this.snapshots.keys().next().value!);
    }
    const id = `${++this.snapshotCounter}`;
    this.snapshots.set(id, { rv: this.rv, scope, items, expiresAt: now + SNAPSHOT_TTL_MS });
    return id;
  }

  snapshot(id: string): ListSnapshot | undefined {
    const snap = this.snapshots.get(id);
    if (!snap || snap.expiresAt < Date.now()) return undefined;
    snap.expiresAt = Date.now() + SNAPSHOT_TTL_MS;
    return snap;
  }

  dropSnapshot(id: string) {
    this.snapshots.delete(id);
  }
}

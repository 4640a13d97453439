/** One remembered value and when it was stored. */
export interface Stored<V> {
  value: V;
  atMs: number;
}

/**
 * A Map for values keyed by catalog data (queries, entity refs), which anyone who
 * writes to the catalog can make arbitrarily many of: entries `maxAgeMs` old are
 * dropped (with 0 nothing is kept), and beyond `maxEntries` the oldest go first. Storing a key again makes
 * it the newest, so the Map's insertion order is the age order and eviction only ever
 * looks at its front.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, Stored<V>>();

  constructor(
    private readonly options: {
      maxEntries: number;
      maxAgeMs: number;
      now?: () => number;
    },
  ) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  /** The stored value, unless it is `maxAgeMs` old. */
  get(key: K): Stored<V> | undefined {
    const stored = this.entries.get(key);
    if (!stored) return undefined;
    if (this.now() - stored.atMs >= this.options.maxAgeMs) {
      this.entries.delete(key);
      return undefined;
    }
    return stored;
  }

  set(key: K, value: V): Stored<V> {
    const stored = { value, atMs: this.now() };
    this.entries.delete(key);
    this.entries.set(key, stored);
    this.evict();
    return stored;
  }

  get size(): number {
    return this.entries.size;
  }

  private evict() {
    const expiredAtMs = this.now() - this.options.maxAgeMs;
    for (const [key, stored] of this.entries) {
      if (
        stored.atMs > expiredAtMs &&
        this.entries.size <= this.options.maxEntries
      ) {
        break;
      }
      this.entries.delete(key);
    }
  }
}

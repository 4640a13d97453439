import type { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * The user token behind `credentials`, as a cache key: the token itself where the
 * credentials carry it, else the user, the token's expiry (the two name one token) and
 * the plugin acting for the user, if any. Undefined for
 * anything but a user token with an expiry (services, anonymous callers): those are
 * never cached.
 */
export function userTokenKey(
  credentials: BackstageCredentials,
): string | undefined {
  const { principal, expiresAt } = credentials as BackstageCredentials<{
    type?: string;
    userEntityRef?: string;
    actor?: { subject?: string };
  }>;
  if (principal?.type !== 'user' || !principal.userEntityRef || !expiresAt)
    return undefined;
  // backend-defaults keeps the token itself on a user's credentials (not enumerable):
  // where it is there it is the key, so that a limited token (cookie access) never
  // shares with the full token of the same user and expiry.
  const token = (credentials as { token?: unknown }).token;
  if (typeof token === 'string' && token.length > 0)
    return `token\u0000${token}`;
  return [
    principal.userEntityRef,
    expiresAt.getTime(),
    principal.actor?.subject ?? '',
  ].join('\u0000');
}

/**
 * A map whose entries count for `ttlMs` and of which at most `maxEntries` are kept,
 * the oldest dropped first: the storage of the per-token caches (`PerCallerCache`
 * here, the backend's permission decision cache).
 */
export class BoundedTtlMap<V> {
  private readonly entries = new Map<string, { at: number; value: V }>();

  constructor(
    private readonly options: {
      ttlMs: number;
      maxEntries: number;
      now?: () => number;
    },
  ) {}

  /** The time entries are stamped with and checked against. */
  now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The value stored under `key` less than `ttlMs` before `at`, if any. */
  get(key: string, at = this.now()): V | undefined {
    const hit = this.entries.get(key);
    return hit && at - hit.at < this.options.ttlMs ? hit.value : undefined;
  }

  set(key: string, value: V, at = this.now()): void {
    // Re-inserted so that the Map's order stays oldest first.
    this.entries.delete(key);
    this.entries.set(key, { at, value });
    while (this.entries.size > this.options.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }

  /** Removes `key` if it still holds `value`. */
  deleteIf(key: string, value: V): void {
    if (this.entries.get(key)?.value === value) this.entries.delete(key);
  }
}

/**
 * What one caller may see, reused for `ttlMs` per user token (`userTokenKey`): for
 * reads that are asked again and again (a status page polled by every open browser)
 * and answered from the catalog with the caller's own credentials. Failures are not
 * kept; at most `maxEntries` callers are held, the oldest dropped first.
 */
export class PerCallerCache<T> {
  private readonly entries: BoundedTtlMap<Promise<T>>;

  constructor(options: {
    ttlMs: number;
    maxEntries?: number;
    now?: () => number;
  }) {
    this.entries = new BoundedTtlMap({
      ttlMs: options.ttlMs,
      maxEntries: options.maxEntries ?? 10_000,
      now: options.now,
    });
  }

  get(credentials: BackstageCredentials, load: () => Promise<T>): Promise<T> {
    const key = userTokenKey(credentials);
    if (key === undefined) return load();
    const hit = this.entries.get(key);
    if (hit) return hit;
    const value = load();
    this.entries.set(key, value);
    value.catch(() => this.entries.deleteIf(key, value));
    return value;
  }
}

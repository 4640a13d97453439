import type http from 'node:http';
import type { KubeObject } from './types';
import type { ResourceType } from './resources';
import type { ObjectStore } from './store';
import { errors, qualifiedResource } from './status';
import type { TrafficCounter } from './traffic';
import { Matcher, parseFieldSelector, parseLabelSelector } from './selectors';
import { streamList } from './httpIo';

interface ContinueToken {
  /** The pinned snapshot. */
  s: string;
  /** Offset of the next item. */
  o: number;
  rv: number;
}

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

/** What a request's `labelSelector` and `fieldSelector` let through. */
export function requestMatcher(url: URL, type: ResourceType): Matcher {
  const label = parseLabelSelector(url.searchParams.get('labelSelector'));
  const field = parseFieldSelector(url.searchParams.get('fieldSelector'), type.kind);
  if (label && field) return obj => label(obj) && field(obj);
  return label ?? field ?? (() => true);
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

/**
 * List requests: selectors, `limit` and `continue` over a pinned snapshot, gzip, and the
 * slow pages a test asks for.
 */
export class ListHandler {
  private readonly slowLists = new Map<string, SlowList>();

  constructor(
    private readonly store: ObjectStore,
    private readonly traffic: TrafficCounter,
  ) {}

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

  /**
   * Waits as a `slowList` of `resource` asks for this page; false when the client gave
   * up (or cancelled) meanwhile.
   */
  async slowDown(resource: string, continued: boolean, res: http.ServerResponse): Promise<boolean> {
    const delayMs = this.listDelay(resource, continued);
    if (!delayMs) return true;
    await new Promise(resolve => setTimeout(resolve, delayMs));
    return !res.destroyed;
  }

  async handleList(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    type: ResourceType,
    namespace: string | undefined,
  ) {
    const continued = Boolean(url.searchParams.get('continue'));
    this.traffic.list(qualifiedResource(type), res, continued);
    if (!(await this.slowDown(qualifiedResource(type), continued, res))) return;
    const query = url.searchParams;
    const matches = requestMatcher(url, type);
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
    await streamList(res, type.listKind, type.apiVersion, metadata, items, offset, end, gzip);
  }
}

import type http from 'node:http';

/** What the server saw of one resource's lists and watches. */
export interface ResourceTraffic {
  /** List requests (each page counts). */
  lists: number;
  /** List requests without a `continue` token: lists started from the first page. */
  firstPages: number;
  /** List pages sent gzip-compressed (the client sent `Accept-Encoding: gzip`). */
  gzippedLists: number;
  /** List requests being answered right now. */
  listsInFlight: number;
  /** The most list requests that were in flight at once. */
  maxListsInFlight: number;
  /** Watch requests. */
  watches: number;
  /** Watch connections open right now (silent half-open ones included). */
  openWatches: number;
  /** The most watch connections that were open at once. */
  maxOpenWatches: number;
}

/**
 * Counts list and watch requests per resource (`pods`, `deployments.apps`), so tests
 * can check that a client keeps one request in flight per collection and leaves no
 * orphan watch behind.
 */
export class TrafficCounter {
  private readonly byResource = new Map<string, ResourceTraffic>();

  of(resource: string): ResourceTraffic {
    let traffic = this.byResource.get(resource);
    if (!traffic) {
      traffic = {
        lists: 0,
        firstPages: 0,
        gzippedLists: 0,
        listsInFlight: 0,
        maxListsInFlight: 0,
        watches: 0,
        openWatches: 0,
        maxOpenWatches: 0,
      };
      this.byResource.set(resource, traffic);
    }
    return traffic;
  }

  /** Counts a list request until its response closes. */
  list(resource: string, res: http.ServerResponse, continued = false) {
    const traffic = this.of(resource);
    traffic.lists++;
    if (!continued) traffic.firstPages++;
    traffic.listsInFlight++;
    traffic.maxListsInFlight = Math.max(traffic.maxListsInFlight, traffic.listsInFlight);
    res.once('close', () => traffic.listsInFlight--);
  }

  gzipped(resource: string) {
    this.of(resource).gzippedLists++;
  }

  /** Counts a watch until its connection closes. */
  watch(resource: string, res: http.ServerResponse) {
    const traffic = this.of(resource);
    traffic.watches++;
    traffic.openWatches++;
    traffic.maxOpenWatches = Math.max(traffic.maxOpenWatches, traffic.openWatches);
    res.once('close', () => traffic.openWatches--);
  }

  snapshot(resource: string): ResourceTraffic {
    return { ...this.of(resource) };
  }

  reset() {
    this.byResource.clear();
  }
}

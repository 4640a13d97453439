import type { KubeConfig } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { ListScanner } from './listScanner';

/** How often a page after the first is asked for before the whole list is given up. */
export const PAGE_ATTEMPTS = 3;

/**
 * Time a list page gets per item it asks for, on top of the request deadline: a page of
 * 5,000 real pods is 30-60 MB of JSON (a few MB gzipped), which a busy apiserver or a
 * slow link takes seconds to send; one deadline for a namespace list and such a page
 * would be too short for one or too long for the other.
 */
export const PAGE_MS_PER_ITEM = 2;

/** A Kubernetes API request that failed, with a message a person can act on. */
export class KubeRequestError extends Error {
  constructor(message: string, readonly statusCode?: number) {
    super(message);
    this.name = 'KubeRequestError';
  }
}

/**
 * Plain GETs against a cluster's API with the credentials of a KubeConfig and a hard
 * deadline. The generated clients of @kubernetes/client-node deserialize every object
 * into model classes (slow for 150,000 pods, and unlike the raw JSON its watches
 * deliver) and have no per-request timeout, so lists and logs go through here; the
 * watches themselves use the library's `Watch`.
 */
export class KubeHttpClient {
  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly timeoutMs: number,
  ) {}

  get server(): string {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster)
      throw new KubeRequestError('the kubeconfig has no current cluster');
    return cluster.server;
  }

  async getJson<T>(
    path: string,
    query: Record<string, string | number | boolean | undefined> = {},
    timeoutMs = this.timeoutMs,
    signal?: AbortSignal,
  ): Promise<T> {
    const text = await this.getText(
      path,
      query,
      timeoutMs,
      'application/json',
      signal,
    );
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new KubeRequestError(`${path}: the API server did not answer JSON`);
    }
  }

  async getText(
    path: string,
    query: Record<string, string | number | boolean | undefined> = {},
    timeoutMs = this.timeoutMs,
    accept = '*/*',
    signal?: AbortSignal,
    /**
     * Takes a successful answer's text as it arrives (the promise then resolves with
     * ''); what it throws fails the request as not JSON.
     */
    onText?: (text: string) => void,
  ): Promise<string> {
    if (signal?.aborted) throw new KubeRequestError(`${path}: cancelled`);
    const url = new URL(this.server.replace(/\/$/, '') + path);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const options: https.RequestOptions = {
      method: 'GET',
      // Compressed, a list is a tenth of its size: the apiserver gzips big responses
      // for clients that ask (as kubectl and client-go do).
      headers: { accept, 'accept-encoding': 'gzip' },
    };
    await this.kubeConfig.applyToHTTPSOptions(options);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<string>((resolve, reject) => {
      let settled = false;
      // Set below; the callbacks that use them only run after both are.
      const pending: { timer?: NodeJS.Timeout; req?: http.ClientRequest } = {};
      const fail = (error: KubeRequestError) => {
        if (settled) return;
        settled = true;
        clearTimeout(pending.timer);
        pending.req?.destroy();
        reject(error);
      };
      // One deadline for connecting, waiting and reading the whole body: a server that
      // accepts the connection and then says nothing must not hold the caller.
      pending.timer = setTimeout(
        () =>
          fail(
            new KubeRequestError(
              `the API server at ${url.origin} did not answer within ${
                timeoutMs / 1000
              } s`,
            ),
          ),
        timeoutMs,
      );
      pending.req = transport.request(url, options, res => {
        // Decoded chunk by chunk: a list page (tens of MB) goes to `onText` as it
        // arrives and is never one Buffer, which the allocator would keep after it is
        // freed (the process would stay that much bigger after every list).
        const decoder = new StringDecoder('utf8');
        const parts: string[] = [];
        const decoded =
          res.headers['content-encoding'] === 'gzip'
            ? res.pipe(zlib.createGunzip())
            : res;
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        const take = (text: string) => {
          if (!ok || !onText) {
            parts.push(text);
            return;
          }
          try {
            onText(text);
          } catch {
            fail(
              new KubeRequestError(
                `${path}: the API server did not answer JSON`,
              ),
            );
          }
        };
        decoded.on('data', (chunk: Buffer) => {
          if (!settled) take(decoder.write(chunk));
        });
        const broken = (error: Error) =>
          fail(new KubeRequestError(`${url.origin}: ${error.message}`));
        res.on('error', broken);
        if (decoded !== res) decoded.on('error', broken);
        decoded.on('end', () => {
          if (settled) return;
          take(decoder.end());
          if (settled) return;
          settled = true;
          clearTimeout(pending.timer);
          const body = parts.join('');
          parts.length = 0;
          if (ok) {
            resolve(body);
            return;
          }
          let detail = body.slice(0, 300);
          try {
            detail = JSON.parse(body).message ?? detail;
          } catch {
            // not a Status object
          }
          reject(
            new KubeRequestError(
              `${path} answered HTTP ${status}${detail ? `: ${detail}` : ''}`,
              status,
            ),
          );
        });
      });
      pending.req.on('error', (error: NodeJS.ErrnoException) => {
        let reason = error.message;
        if (error.code === 'ECONNREFUSED') {
          reason = 'refused the connection (is it running?)';
        } else if (error.code === 'ECONNRESET') {
          reason = 'closed the connection before answering';
        }
        fail(new KubeRequestError(`the API server at ${url.origin} ${reason}`));
      });
      // Cancelling destroys the request, so the server stops sending too.
      const cancel = () => fail(new KubeRequestError(`${path}: cancelled`));
      signal?.addEventListener('abort', cancel, { once: true });
      pending.req.on('close', () =>
        signal?.removeEventListener('abort', cancel),
      );
      pending.req.end();
    });
  }

  /**
   * Lists a collection page by page (`limit` + `continue`), so no single answer is
   * huge and each page has its own deadline, sized to the page
   * ({@link PAGE_MS_PER_ITEM}). A page after the first that times out or
   * fails on the way is asked for again with the same `continue` token (up to
   * {@link PAGE_ATTEMPTS} times) rather than starting the whole list over; a token the
   * server no longer has (410) ends the list, and the caller starts over. Returns every
   * item and the list's resourceVersion to watch from.
   */
  async listAll<T, K = T>(
    path: string,
    pageSize = 5000,
    signal?: AbortSignal,
    /**
     * What is kept of each item (undefined: dropped), applied as each item arrives, so
     * whole objects are held one at a time, not a page or 150,000 pods of them.
     */
    keep: (item: T) => K | undefined = item => item as unknown as K,
  ): Promise<{ items: K[]; resourceVersion: string }> {
    const items: K[] = [];
    let continueToken: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.listPage(
        path,
        pageSize,
        continueToken,
        signal,
        keep,
      );
      for (const kept of page.items) items.push(kept);
      continueToken = page.metadata?.continue || undefined;
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    } while (continueToken);
    return { items, resourceVersion };
  }

  /**
   * One page, read item by item as it arrives ({@link ListScanner}): each item is
   * parsed and `keep` applied at once, so neither the page's text nor its whole
   * objects are ever held together.
   */
  private async listPage<T, K>(
    path: string,
    pageSize: number,
    continueToken: string | undefined,
    signal: AbortSignal | undefined,
    keep: (item: T) => K | undefined,
  ) {
    for (let attempt = 1; ; attempt++) {
      // What this attempt kept: a page asked for again starts over.
      const items: K[] = [];
      const scanner = new ListScanner(json => {
        const kept = keep(JSON.parse(json) as T);
        if (kept !== undefined) items.push(kept);
      });
      try {
        await this.getText(
          path,
          { limit: pageSize, continue: continueToken },
          this.timeoutMs + pageSize * PAGE_MS_PER_ITEM,
          'application/json',
          signal,
          text => scanner.write(text),
        );
        let list: {
          metadata?: { continue?: string; resourceVersion?: string };
        };
        try {
          list = scanner.end();
        } catch {
          throw new KubeRequestError(
            `${path}: the API server did not answer JSON`,
          );
        }
        return { items, metadata: list.metadata };
      } catch (error) {
        const status = (error as KubeRequestError).statusCode;
        const retriable =
          continueToken !== undefined &&
          !signal?.aborted &&
          attempt < PAGE_ATTEMPTS &&
          (status === undefined || status >= 500);
        if (!retriable) throw error;
      }
    }
  }
}

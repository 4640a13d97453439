import { Watch, type KubeConfig } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import { KubeRequestError } from './KubeHttpClient';

/** A watch that heard nothing, not even a bookmark, within its read deadline. */
export class SilentWatchError extends KubeRequestError {}

/**
 * The library's `Watch`, with deadlines. Its own implementation waits for the response
 * headers without limit (its timeout signal is overwritten), so a server that accepts
 * connections and never answers would leave the informer stuck forever. Here the
 * stream must start within `connectTimeoutMs`, and once open it must say something,
 * an event or a bookmark (a real apiserver sends one about every minute), within
 * `idleTimeoutMs`: a half-open connection (apiserver node lost, load-balancer
 * failover) neither closes nor reaches `timeoutSeconds`, and would hang for ever.
 */
export class TimedWatch extends Watch {
  constructor(
    config: KubeConfig,
    private readonly connectTimeoutMs: number,
    private readonly idleTimeoutMs = 120_000,
    private readonly serverTimeoutSeconds = 300,
  ) {
    super(config);
  }

  /**
   * As `Watch.watch`; `opened` is called when the server has answered 200 (the stream
   * is open) and `done` at most once, never after the returned controller aborted.
   */
  async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: any, watchObj?: any) => void,
    done: (err: any) => void,
    opened?: () => void,
  ): Promise<AbortController> {
    const cluster = this.config.getCurrentCluster();
    if (!cluster) throw new Error('No currently active cluster');
    const url = new URL(cluster.server.replace(/\/$/, '') + path);
    url.searchParams.set('watch', 'true');
    url.searchParams.set('allowWatchBookmarks', 'true');
    url.searchParams.set('timeoutSeconds', String(this.serverTimeoutSeconds));
    for (const [key, value] of Object.entries(queryParams ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const options: https.RequestOptions = { method: 'GET' };
    await this.config.applyToHTTPSOptions(options);
    const controller = new AbortController();
    let finished = false;
    // Set below; the callbacks that use them only run after both are.
    const pending: { timer?: NodeJS.Timeout; req?: http.ClientRequest } = {};
    const finish = (err: unknown) => {
      if (finished) return;
      finished = true;
      clearTimeout(pending.timer);
      pending.req?.destroy();
      done(err);
    };
    const describe = (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') {
        return new KubeRequestError(
          `the API server at ${url.origin} refused the connection (is it running?)`,
        );
      }
      if (error.code === 'ECONNRESET' || error.message === 'aborted') {
        return new KubeRequestError(
          `the API server at ${url.origin} closed the watch of ${path}`,
        );
      }
      return new KubeRequestError(`${url.origin}: ${error.message}`);
    };
    const transport = url.protocol === 'https:' ? https : http;
    const silent = () =>
      new SilentWatchError(
        `the watch of ${path} heard nothing, not even a bookmark, for ${
          this.idleTimeoutMs / 1000
        } s (a half-open connection?)`,
      );
    pending.req = transport.request(url, options, res => {
      clearTimeout(pending.timer);
      if (res.statusCode !== 200) {
        res.resume();
        finish(
          Object.assign(
            new KubeRequestError(
              `watch ${path} answered HTTP ${res.statusCode}`,
              res.statusCode,
            ),
            { statusCode: res.statusCode },
          ),
        );
        return;
      }
      // The read deadline: every line (event or bookmark) moves it.
      const heard = () => {
        if (finished) return;
        clearTimeout(pending.timer);
        pending.timer = setTimeout(() => finish(silent()), this.idleTimeoutMs);
      };
      heard();
      opened?.();
      const lines = createInterface({ input: res });
      // readline re-emits the stream's errors (a reset connection is 'aborted'); without
      // a listener they would be thrown.
      lines.on('error', error => finish(describe(error)));
      lines.on('line', line => {
        if (finished || !line.trim()) return;
        heard();
        try {
          const data = JSON.parse(line);
          callback(data.type, data.object, data);
        } catch {
          // A torn line: the watch ends and resumes from the last resourceVersion.
        }
      });
      res.on('error', error => finish(describe(error)));
      res.on('close', () => finish(null));
    });
    pending.timer = setTimeout(
      () =>
        finish(
          new KubeRequestError(
            `the API server at ${url.origin} did not open a watch within ${
              this.connectTimeoutMs / 1000
            } s`,
          ),
        ),
      this.connectTimeoutMs,
    );
    pending.req.on('error', error => finish(describe(error)));
    controller.signal.addEventListener('abort', () => {
      finished = true;
      clearTimeout(pending.timer);
      pending.req?.destroy();
    });
    pending.req.end();
    return controller;
  }
}

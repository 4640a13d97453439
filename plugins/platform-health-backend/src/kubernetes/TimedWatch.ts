import { Watch, type KubeConfig } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import { KubeRequestError } from './KubeHttpClient';

/**
 * The library's `Watch`, with a deadline on opening the stream. Its own
 * implementation waits for the response headers without limit (its timeout signal is
 * overwritten), so a server that accepts connections and never answers would leave the
 * informer stuck forever. Here the stream must start within `connectTimeoutMs`;
 * once open it may stay quiet for as long as the server keeps it (watches are quiet
 * when nothing changes), and the server's own `timeoutSeconds` ends it in time.
 */
export class TimedWatch extends Watch {
  constructor(
    config: KubeConfig,
    private readonly connectTimeoutMs: number,
    private readonly serverTimeoutSeconds = 300,
  ) {
    super(config);
  }

  async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: any, watchObj?: any) => void,
    done: (err: any) => void,
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
      const lines = createInterface({ input: res });
      // readline re-emits the stream's errors (a reset connection is 'aborted'); without
      // a listener they would be thrown.
      lines.on('error', error => finish(describe(error)));
      lines.on('line', line => {
        if (!line.trim()) return;
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

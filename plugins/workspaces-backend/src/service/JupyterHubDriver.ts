import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { WorkspaceProgressEvent } from '@internal/plugin-workspaces-common';
import type {
  DriverFile,
  DriverKernel,
  DriverNotebookFile,
  DriverServer,
  DriverUser,
  WorkspaceDriver,
} from '@internal/plugin-workspaces-node';
import { HubContents } from './hubContents';
import { errorMessage, hubFailure, hubUnreachable } from './hubErrors';
import { serverSentEvents } from './serverSentEvents';
import {
  hubUsersPage,
  progressEvent,
  serverUrl,
  toDriverUser,
  type HubServer,
  type HubUser,
} from './hubModel';

const enc = encodeURIComponent;

export interface JupyterHubDriverOptions {
  /** The hub's base URL as the backend reaches it (no /hub/api). */
  url: string;
  /** The base URL browsers open notebooks at (defaults to `url`). */
  publicUrl?: string;
  /** The token of the hub service Atrium runs as. Stays in the backend. */
  apiToken: string;
  /** How long one request to the hub may take before it counts as not answering (10 s). */
  requestTimeoutMs?: number;
  /**
   * How long a start or stop request may take (30 s). The hub itself waits up to its
   * `slow_spawn_timeout` / `slow_stop_timeout` (10 s by default) before it answers 202,
   * so this must be longer; a start that still times out is "starting, unconfirmed".
   */
  spawnTimeoutMs?: number;
}

/** The hub took longer than the driver waits: it may still be doing what was asked. */
class HubTimeoutError extends ServiceUnavailableError {}

/**
 * Drives JupyterHub's REST API (3.x to 5.x: the endpoints used here did not change; the
 * calls are checked against 5.5.1's OpenAPI spec in JupyterHubDriver.contract.test.ts):
 * a workspace is a named server of the owner's hub user.
 */
export class JupyterHubDriver implements WorkspaceDriver {
  private readonly apiUrl: string;
  private readonly publicBase: string;
  private readonly timeoutMs: number;
  private readonly spawnTimeoutMs: number;
  private readonly contents: HubContents;

  constructor(private readonly options: JupyterHubDriverOptions) {
    const base = options.url.replace(/\/+$/, '');
    this.apiUrl = `${base}/hub/api`;
    this.publicBase = (options.publicUrl ?? base).replace(/\/+$/, '');
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.spawnTimeoutMs = Math.max(
      options.spawnTimeoutMs ?? 30_000,
      this.timeoutMs,
    );
    this.contents = new HubContents({
      url: base,
      apiToken: options.apiToken,
      timeoutMs: this.timeoutMs,
      getServer: async (user, server) =>
        (await this.getUser(user))?.servers.find(s => s.name === server),
    });
  }

  // The contents and kernels of a running server, through the hub's proxy (HubContents).
  async listNotebooks(user: string, server: string): Promise<DriverNotebookFile[]> {
    return this.contents.listNotebooks(await this.contents.runningServerPath(user, server));
  }

  async readFile(
    user: string,
    server: string,
    path: string,
    maxBytes: number,
  ): Promise<DriverFile | { tooLarge: true; sizeBytes: number }> {
    const serverPath = await this.contents.runningServerPath(user, server);
    return this.contents.readFile(serverPath, path, maxBytes);
  }

  async writeNotebook(user: string, server: string, path: string, notebook: object) {
    const serverPath = await this.contents.runningServerPath(user, server);
    return this.contents.writeNotebook(serverPath, path, notebook);
  }

  async listKernels(user: string, server: string): Promise<DriverKernel[]> {
    return this.contents.listKernels(await this.contents.runningServerPath(user, server));
  }

  publicUrl(server: DriverServer): string | undefined {
    return server.url ? serverUrl(this.publicBase, server.url) : undefined;
  }

  /** Hub users known to exist: saves a round trip on every start. */
  private readonly knownUsers = new Set<string>();

  async ensureUser(user: string): Promise<void> {
    if (this.knownUsers.has(user)) return;
    const res = await this.request('POST', `/users/${enc(user)}`);
    // 201 created; 409 already exists (both fine).
    if (res.status !== 201 && res.status !== 409) {
      await hubFailure(this.options.url, res, `create hub user ${user}`);
    }
    await res.body?.cancel();
    this.knownUsers.add(user);
  }

  async startServer(
    user: string,
    server: string,
    userOptions: Record<string, unknown>,
  ): Promise<DriverServer> {
    const post = () =>
      this.request(
        'POST',
        `/users/${enc(user)}/servers/${enc(server)}`,
        userOptions,
        {},
        this.spawnTimeoutMs,
      );
    let res: Response;
    try {
      res = await post();
      if (res.status === 404 && this.knownUsers.has(user)) {
        // The hub forgot the user (its database was reset): create it again, once.
        this.knownUsers.delete(user);
        await this.ensureUser(user);
        res = await post();
      }
    } catch (error) {
      // The hub got the request and is still waiting for the spawner: not a failure.
      if (error instanceof HubTimeoutError) {
        return {
          name: server,
          ready: false,
          pending: 'spawn',
          unconfirmed: true,
        };
      }
      throw error;
    }
    if (res.status === 202) {
      // Pending: the progress stream or the reconcile will see it ready.
      await res.body?.cancel();
      return { name: server, ready: false, pending: 'spawn' };
    }
    if (res.status === 201) {
      await res.body?.cancel();
      const hubUser = await this.getUser(user);
      return (
        hubUser?.servers.find(s => s.name === server) ?? {
          name: server,
          ready: true,
          pending: null,
        }
      );
    }
    if (res.status === 400) {
      const message = await errorMessage(res);
      if (/maximum of \d+ named servers/i.test(message)) {
        throw new ConflictError(await this.namedServerLimit(user, message));
      }
      if (
        /already (running|pending|active)|pending|is running/i.test(message)
      ) {
        throw new ConflictError(
          `Workspace '${server}' is already running or starting (${message})`,
        );
      }
      throw new InputError(
        `JupyterHub refused to start '${server}': ${message}`,
      );
    }
    if (res.status === 429) {
      throw new ServiceUnavailableError(
        `JupyterHub is starting too many servers right now: try again in a minute (${await errorMessage(
          res,
        )})`,
      );
    }
    return hubFailure(this.options.url, res, `start ${user}/${server}`);
  }

  /**
   * Why the hub's `named_server_limit_per_user` refused a start, in the person's terms:
   * stopped named servers still count, and the user model lists them only with
   * `include_stopped_servers` (JupyterHub 3.0+).
   */
  private async namedServerLimit(user: string, hubMessage: string) {
    const limit = /maximum of (\d+)/i.exec(hubMessage)?.[1];
    let stopped: string[] = [];
    try {
      const res = await this.request(
        'GET',
        `/users/${enc(user)}?include_stopped_servers=true`,
      );
      if (res.ok) {
        const model = (await res.json()) as HubUser;
        stopped = Object.values(model.servers ?? {})
          .filter((s: HubServer) => s.name && !s.ready && !s.pending)
          .map(s => s.name)
          .sort();
      } else await res.body?.cancel();
    } catch {
      // The explanation is a courtesy: the refusal stands without it.
    }
    const limitText = limit ? ` of ${limit} workspaces` : '';
    if (stopped.length === 0) {
      return `JupyterHub's limit${limitText} per person is reached: stop and delete a workspace first (${hubMessage})`;
    }
    return `You have ${stopped.length} stopped workspace${
      stopped.length === 1 ? '' : 's'
    } holding the hub's limit${limitText} (${stopped.join(
      ', ',
    )}): delete one to start another`;
  }

  async stopServer(user: string, server: string): Promise<void> {
    const res = await this.request(
      'DELETE',
      `/users/${enc(user)}/servers/${enc(server)}`,
      undefined,
      {},
      this.spawnTimeoutMs,
    );
    // 204 stopped, 202 stopping; 404 when the hub has no such server (already gone).
    if (res.status === 204 || res.status === 202 || res.status === 404) return;
    if (res.status === 400) {
      // The hub answers 400 for a server that is not running: nothing to stop.
      const message = await errorMessage(res);
      if (/not running|not active|no such/i.test(message)) return;
      if (/pending/i.test(message)) {
        throw new ConflictError(
          `Workspace '${server}' is still starting or stopping: try again in a few seconds (${message})`,
        );
      }
      throw new InputError(
        `JupyterHub refused to stop '${server}': ${message}`,
      );
    }
    await hubFailure(this.options.url, res, `stop ${user}/${server}`);
  }

  async deleteServer(user: string, server: string): Promise<void> {
    const res = await this.request(
      'DELETE',
      `/users/${enc(user)}/servers/${enc(server)}`,
      { remove: true },
      {},
      this.spawnTimeoutMs,
    );
    if ([202, 204, 404].includes(res.status)) return;
    if (res.status === 400) return; // not running and not a stored named server
    // JupyterHub 3.0 answers 500 (AttributeError) for a user it has never seen, e.g.
    // whose only workspace was never started: no such user, nothing to delete.
    if (res.status === 500 && !(await this.knowsUser(user))) {
      await res.body?.cancel();
      return;
    }
    await hubFailure(this.options.url, res, `delete ${user}/${server}`);
  }

  private async knowsUser(user: string): Promise<boolean> {
    const res = await this.request('GET', `/users/${enc(user)}`);
    await res.body?.cancel();
    return res.status !== 404;
  }

  async getUser(user: string): Promise<DriverUser | undefined> {
    const res = await this.request('GET', `/users/${enc(user)}`);
    if (res.status === 404) return undefined;
    if (!res.ok) return hubFailure(this.options.url, res, `read hub user ${user}`);
    return toDriverUser((await res.json()) as HubUser);
  }

  async listUsersWithServers(): Promise<DriverUser[]> {
    const users = new Map<string, DriverUser>();
    let page: { offset: number; limit: number } | undefined = {
      offset: 0,
      limit: 200,
    };
    while (page) {
      // `state=active`: only users with a server running or pending. The pagination
      // media type gives `{items, _pagination}`; the hub may cap the limit (its
      // `api_page_max_limit`), so the next page is the one it names.
      const res = await this.request(
        'GET',
        `/users?state=active&offset=${page.offset}&limit=${page.limit}`,
        undefined,
        { accept: 'application/jupyterhub-pagination+json' },
      );
      if (!res.ok) return hubFailure(this.options.url, res, 'list hub users');
      const { items, next } = hubUsersPage(
        await res.json(),
        page.offset,
        page.limit,
      );
      const before = users.size;
      for (const user of items) users.set(user.name, toDriverUser(user));
      // A hub that ignores the offset sends the same users again: stop there.
      page = users.size > before ? next : undefined;
    }
    return [...users.values()];
  }

  async *progress(
    user: string,
    server: string,
    signal?: AbortSignal,
  ): AsyncIterable<WorkspaceProgressEvent> {
    let res: Response;
    try {
      res = await fetch(
        `${this.apiUrl}/users/${enc(user)}/servers/${enc(server)}/progress`,
        {
          headers: {
            authorization: `token ${this.options.apiToken}`,
            accept: 'text/event-stream',
          },
          signal,
        },
      );
    } catch (error) {
      if (signal?.aborted) return;
      throw hubUnreachable(this.options.url, error);
    }
    if (res.status === 404)
      throw new NotFoundError(
        `JupyterHub has no server '${server}' of ${user}`,
      );
    if (!res.ok || !res.body) {
      await hubFailure(this.options.url, res, `read progress of ${user}/${server}`);
      return;
    }

    try {
      for await (const data of serverSentEvents(res.body)) {
        const out = progressEvent(
          data as Partial<WorkspaceProgressEvent>,
          this.publicBase,
        );
        yield out;
        if (out.ready || out.failed) return;
      }
    } catch (error) {
      if (signal?.aborted) return;
      throw error;
    }
  }

  private async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    timeoutMs: number = this.timeoutMs,
  ): Promise<Response> {
    try {
      return await fetch(`${this.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `token ${this.options.apiToken}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      if ((error as Error)?.name === 'TimeoutError') {
        throw new HubTimeoutError(
          `JupyterHub at ${
            this.options.url
          } did not answer ${method} ${path} within ${Math.round(
            timeoutMs / 1000,
          )} s; try again shortly or ask DevOps to check the hub`,
        );
      }
      throw hubUnreachable(this.options.url, error);
    }
  }
}

import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type {
  DriverFile,
  DriverKernel,
  DriverNotebookFile,
} from '@internal/plugin-workspaces-node';

/** How deep and how wide the notebook listing looks (a home can hold anything). */
const MAX_DEPTH = 4;
const MAX_FOLDERS = 200;
const MAX_NOTEBOOKS = 1000;
/** `a.ipynb`, `a-2.ipynb`, ... `a-20.ipynb`: past that, writing gives up. */
const MAX_NUMBERED_COPIES = 20;

/** A kernel as the Jupyter server's `api/kernels` lists it (notebook 6, jupyter_server 2). */
interface KernelModel {
  id: string;
  name: string;
  last_activity?: string;
  execution_state?: string;
  connections?: number;
}

/** A model of the Jupyter server's contents API (jupyter_server's `api/contents`). */
interface ContentsModel {
  name: string;
  path: string;
  type: 'directory' | 'file' | 'notebook';
  last_modified?: string;
  size?: number | null;
  content?: unknown;
}

/**
 * A path inside the server's root: relative, no `..`, no hidden segments reached by
 * a trick. The contents API refuses escapes itself; refusing here says why.
 */
export function contentsPathProblem(p: string): string | undefined {
  if (!p || p.length > 1024) return 'path: 1 to 1024 characters';
  if (p.startsWith('/'))
    return 'path: relative to the workspace home (no leading /)';
  if (p.split('/').some(s => s === '..' || s === '.' || s === ''))
    return "path: no '.', '..' or empty segments";
  return undefined;
}

const encodePath = (p: string) =>
  p.split('/').map(encodeURIComponent).join('/');

/**
 * Reads a running single-user server's files through the hub's proxy with the portal's
 * service token (its `access:servers` scope): the Jupyter contents API at
 * `<hub>/user/<name>/<server>/api/contents/<path>`. The token never leaves the backend.
 */
export class HubContents {
  constructor(
    private readonly options: {
      /** The hub's (proxy's) base URL as the backend reaches it. */
      url: string;
      apiToken: string;
      timeoutMs: number;
      /** The hub's record of a user's server (its proxy path, whether it is ready). */
      getServer: (
        user: string,
        server: string,
      ) => Promise<{ ready?: boolean; url?: string } | undefined>;
    },
  ) {}

  /** The proxy path of a running server; a 409 saying to start it otherwise. */
  async runningServerPath(user: string, server: string): Promise<string> {
    const found = await this.options.getServer(user, server);
    if (!found?.ready || !found.url) {
      throw new ConflictError(
        `Workspace '${server}' is not running: start it first`,
      );
    }
    return found.url;
  }

  /** Notebooks under the server's root, breadth first, skipping hidden folders. */
  async listNotebooks(serverPath: string): Promise<DriverNotebookFile[]> {
    const found: DriverNotebookFile[] = [];
    const queue: Array<{ path: string; depth: number }> = [
      { path: '', depth: 0 },
    ];
    let folders = 0;
    while (queue.length > 0 && folders < MAX_FOLDERS) {
      const { path, depth } = queue.shift()!;
      folders++;
      const res = await this.call(serverPath, `${encodePath(path)}?content=1`);
      if (res.status === 404 || res.status === 403) {
        await res.body?.cancel(); // a folder that vanished or may not be read
        continue;
      }
      const dir = (await this.json(
        res,
        `list ${path || '/'}`,
      )) as ContentsModel;
      for (const entry of (dir.content as ContentsModel[]) ?? []) {
        if (entry.name.startsWith('.')) continue;
        if (entry.type === 'directory' && depth + 1 < MAX_DEPTH) {
          queue.push({ path: entry.path, depth: depth + 1 });
        } else if (entry.type === 'notebook' || entry.name.endsWith('.ipynb')) {
          found.push({
            path: entry.path,
            name: entry.name,
            lastModified: entry.last_modified ?? null,
            sizeBytes: typeof entry.size === 'number' ? entry.size : null,
          });
          if (found.length >= MAX_NOTEBOOKS) return found;
        }
      }
    }
    return found.sort((a, b) => a.path.localeCompare(b.path));
  }

  /** One file as text; its size is asked first so an oversized one is not downloaded. */
  async readFile(
    serverPath: string,
    path: string,
    maxBytes: number,
  ): Promise<DriverFile | { tooLarge: true; sizeBytes: number }> {
    const problem = contentsPathProblem(path);
    if (problem) throw new InputError(problem);
    const head = await this.call(
      serverPath,
      `${encodePath(path)}?content=0&type=file`,
    );
    if (head.status === 404) {
      await head.body?.cancel();
      throw new NotFoundError(
        `There is no file '${path}' in the workspace any more: it was moved or deleted`,
      );
    }
    const meta = (await this.json(head, `read ${path}`)) as ContentsModel;
    if (typeof meta.size === 'number' && meta.size > maxBytes) {
      return { tooLarge: true, sizeBytes: meta.size };
    }
    const res = await this.call(
      serverPath,
      `${encodePath(path)}?content=1&type=file&format=text`,
    );
    if (res.status === 404) {
      await res.body?.cancel();
      throw new NotFoundError(
        `There is no file '${path}' in the workspace any more`,
      );
    }
    if (res.status === 400) {
      throw new InputError(
        `'${path}' cannot be read as text: ${(await res.text()).slice(0, 200)}`,
      );
    }
    const model = (await this.json(res, `read ${path}`)) as ContentsModel;
    const content = typeof model.content === 'string' ? model.content : '';
    const sizeBytes = Buffer.byteLength(content, 'utf8');
    if (sizeBytes > maxBytes) return { tooLarge: true, sizeBytes };
    return {
      path: model.path,
      content,
      sizeBytes,
      lastModified: model.last_modified ?? null,
    };
  }

  /**
   * Writes a notebook without overwriting anything: at `path`, else `<stem>-2.ipynb`,
   * `<stem>-3.ipynb`, ... (the contents API's PUT would replace a file silently);
   * creates the folders on the way.
   */
  async writeNotebook(
    serverPath: string,
    path: string,
    notebook: object,
  ): Promise<{ path: string }> {
    const problem = contentsPathProblem(path);
    if (problem) throw new InputError(problem);
    if (!/\.ipynb$/i.test(path)) throw new InputError('path: a notebook (*.ipynb)');
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/');
      if (!(await this.exists(serverPath, folder))) {
        const made = await this.call(serverPath, encodePath(folder), 'contents', {
          type: 'directory',
        });
        await this.json(made, `create the folder ${folder}`);
      }
    }
    const stem = path.replace(/\.ipynb$/i, '');
    for (let n = 1; n <= MAX_NUMBERED_COPIES; n++) {
      const candidate = n === 1 ? path : `${stem}-${n}.ipynb`;
      if (await this.exists(serverPath, candidate)) continue;
      const res = await this.call(serverPath, encodePath(candidate), 'contents', {
        type: 'notebook',
        format: 'json',
        content: notebook,
      });
      if (res.status === 400) {
        throw new InputError(
          `The notebook server refused the notebook: ${(await res.text()).slice(0, 200)}`,
        );
      }
      const written = (await this.json(res, `write ${candidate}`)) as ContentsModel;
      return { path: written.path };
    }
    throw new ConflictError(
      `'${path}' and ${MAX_NUMBERED_COPIES - 1} numbered copies already exist in the workspace: move some away and try again`,
    );
  }

  private async exists(serverPath: string, path: string): Promise<boolean> {
    const res = await this.call(serverPath, `${encodePath(path)}?content=0`);
    if (res.status === 404) {
      await res.body?.cancel();
      return false;
    }
    await this.json(res, `look for ${path}`);
    return true;
  }

  /** The server's kernels and their execution state (`dead`, `restarting`, `idle`…). */
  async listKernels(serverPath: string): Promise<DriverKernel[]> {
    const res = await this.call(serverPath, '', 'kernels');
    const kernels = (await this.json(res, 'list kernels')) as KernelModel[];
    return (Array.isArray(kernels) ? kernels : []).map(k => ({
      id: k.id,
      name: k.name,
      executionState: k.execution_state ?? 'unknown',
      ...(k.last_activity ? { lastActivity: k.last_activity } : {}),
      ...(typeof k.connections === 'number'
        ? { connections: k.connections }
        : {}),
    }));
  }

  /** GET, or PUT `body` (the contents API's model to save) when given. */
  private async call(
    serverPath: string,
    apiPath: string,
    api: 'contents' | 'kernels' = 'contents',
    body?: object,
  ): Promise<Response> {
    const base = this.options.url.replace(/\/+$/, '');
    const server = /^https?:\/\//.test(serverPath)
      ? serverPath.replace(/\/+$/, '')
      : `${base}${serverPath.replace(/\/+$/, '')}`;
    const url =
      api === 'kernels'
        ? `${server}/api/kernels`
        : `${server}/api/contents/${apiPath}`;
    try {
      return await fetch(url, {
        method: body ? 'PUT' : 'GET',
        headers: {
          authorization: `token ${this.options.apiToken}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        // A 50 MB notebook takes a while through the proxy: the timeout is generous;
        // the kernel list is small and a diagnosis must answer quickly.
        signal: AbortSignal.timeout(
          this.options.timeoutMs * (api === 'kernels' ? 1 : 6),
        ),
        redirect: 'manual',
      });
    } catch (error) {
      throw new ServiceUnavailableError(
        `The workspace's notebook server is not answering (${
          (error as Error)?.message ?? error
        }); try again shortly`,
      );
    }
  }

  private async json(res: Response, what: string): Promise<unknown> {
    if (res.ok) return res.json();
    const text = (await res.text()).slice(0, 300);
    if (res.status >= 300 && res.status < 400) {
      // The proxy redirects to the hub's login when the token may not reach servers.
      throw new ServiceUnavailableError(
        `The notebook server refused Atrium's service token on ${what} (redirected to login): the hub's portal service needs the access:servers scope`,
      );
    }
    if (res.status === 503 || res.status === 424) {
      throw new ConflictError(
        `The workspace's notebook server is not running: start it first (${text})`,
      );
    }
    throw new ServiceUnavailableError(
      `The notebook server failed to ${what}: HTTP ${res.status} ${text}`,
    );
  }
}

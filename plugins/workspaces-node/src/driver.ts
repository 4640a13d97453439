import type { WorkspaceProgressEvent } from '@internal/plugin-workspaces-common';

/** A server as the driver (the hub) sees it. @public */
export interface DriverServer {
  /** The server (workspace) name. */
  name: string;
  /** true once the notebook server answers. */
  ready: boolean;
  /**
   * 'spawn' while starting, 'stop' while stopping, null otherwise. Hubs add others
   * ('check' while a restarted JupyterHub polls its spawners): any value other than
   * null means "busy, look again", never "stopped".
   */
  pending: 'spawn' | 'stop' | 'check' | (string & {}) | null;
  /**
   * Set by `startServer` when the hub did not confirm the start in time: it may still be
   * starting the server, so the workspace stays "starting" until the hub says otherwise.
   */
  unconfirmed?: boolean;
  /**
   * Path of the server through the hub's proxy (`/user/ada/ws1/`), or a full URL when
   * the hub gives one (subdomains): taken as the hub gives it.
   */
  url?: string;
  started?: string;
  lastActivity?: string;
  userOptions?: Record<string, unknown>;
}

/** A hub user with the servers that exist for them (running or pending). @public */
export interface DriverUser {
  name: string;
  lastActivity?: string;
  servers: DriverServer[];
}

/** A notebook (`*.ipynb`) found in a running server. @public */
export interface DriverNotebookFile {
  /** Relative to the server's root folder (the person's home). */
  path: string;
  name: string;
  lastModified: string | null;
  sizeBytes: number | null;
}

/** A file read from a running server, as text. @public */
export interface DriverFile {
  path: string;
  content: string;
  sizeBytes: number;
  lastModified: string | null;
}

/** A kernel of a running server, as Jupyter's `/api/kernels` lists it. @public */
export interface DriverKernel {
  id: string;
  /** The kernel spec's name (`python3`). */
  name: string;
  /** `starting`, `idle`, `busy`, `restarting`, `dead`… as the server reports it. */
  executionState: string;
  lastActivity?: string;
  connections?: number;
}

/**
 * What runs workspaces. Atrium ships the JupyterHub driver; another (for example one
 * that creates pods directly) implements this and is set through
 * `workspacesDriverExtensionPoint`.
 *
 * Errors: throw `ServiceUnavailableError` when the backend does not answer,
 * `ConflictError` when the server is already running or pending, `InputError` for what
 * the hub refuses as invalid.
 *
 * @public
 */
export interface WorkspaceDriver {
  /** Where people open a server: the public base URL plus the server's path. */
  publicUrl(server: DriverServer): string | undefined;
  /** Creates the user when missing. */
  ensureUser(user: string): Promise<void>;
  /** Starts a named server; answers when the start was accepted (not when ready). */
  startServer(
    user: string,
    server: string,
    userOptions: Record<string, unknown>,
  ): Promise<DriverServer>;
  /** Stops a named server; resolves when the stop was accepted. */
  stopServer(user: string, server: string): Promise<void>;
  /** Stops and removes a named server record. */
  deleteServer(user: string, server: string): Promise<void>;
  /** One user's servers; `undefined` when the user does not exist. */
  getUser(user: string): Promise<DriverUser | undefined>;
  /**
   * Every user with at least one server, for reconcile and culling. Throws (never an
   * empty list) when the backend withholds what runs, e.g. a token without the scope.
   */
  listUsersWithServers(): Promise<DriverUser[]>;
  /**
   * Optional (what publishing results needs): the notebooks in a running server, a few
   * folders deep. Throws `ConflictError` when the server is not running.
   */
  listNotebooks?(user: string, server: string): Promise<DriverNotebookFile[]>;
  /**
   * Optional: one file of a running server as text. Throws `NotFoundError` when it is
   * gone, `ConflictError` when the server is not running, and returns `tooLarge`
   * (without reading it) when it is bigger than `maxBytes`.
   */
  readFile?(
    user: string,
    server: string,
    path: string,
    maxBytes: number,
  ): Promise<DriverFile | { tooLarge: true; sizeBytes: number }>;
  /**
   * Optional (what reproducing a result needs): writes a notebook (nbformat JSON) into
   * a running server without overwriting anything: at `path`, or `<name>-2.ipynb`, ...
   * when taken, creating its folder. Resolves to the path written. Throws
   * `ConflictError` when the server is not running.
   */
  writeNotebook?(
    user: string,
    server: string,
    path: string,
    notebook: object,
  ): Promise<{ path: string }>;
  /**
   * Optional (what a diagnosis shows): the kernels of a running server. Throws
   * `ConflictError` when the server is not running.
   */
  listKernels?(user: string, server: string): Promise<DriverKernel[]>;
  /** The start progress of a server until ready or failed. */
  progress(
    user: string,
    server: string,
    signal?: AbortSignal,
  ): AsyncIterable<WorkspaceProgressEvent>;
}

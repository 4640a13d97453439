import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { WorkspaceNotebook } from '@internal/plugin-results-common';
import type { Workspace } from '@internal/plugin-workspaces-common';
import type { WorkspacesApi } from '@internal/plugin-workspaces-node';

/** A notebook over the size limit: the route answers 413. */
export class NotebookTooLargeError extends Error {
  constructor(readonly sizeBytes: number, readonly maxBytes: number, path: string) {
    super(
      `'${path}' is ${(sizeBytes / 1e6).toFixed(1)} MB, over the ${(maxBytes / 1e6).toFixed(0)} MB a result may hold (results.maxNotebookBytes): clear large outputs and publish again`,
    );
    this.name = 'PayloadTooLargeError';
  }
}

/**
 * Reads and writes notebooks of running workspaces through the workspaces backend's
 * service-only contents routes (only that plugin holds the hub token), with the one
 * workspaces client. Calls are made as this plugin's own service; which workspace a
 * person may use (their own) is checked by the caller of this class.
 */
export class WorkspaceFiles {
  constructor(private readonly options: { workspaces: WorkspacesApi }) {}

  /** The notebooks of `owner`'s running workspace (another's is a 404). */
  async listNotebooks(
    workspaceId: string,
    owner: string,
  ): Promise<{ workspace: Workspace; items: WorkspaceNotebook[] }> {
    return refusalsAsOwn(() =>
      this.options.workspaces.listWorkspaceNotebooks(workspaceId, owner),
    );
  }

  /** One notebook of `owner`'s running workspace, refused with 413 over `maxBytes`. */
  async readNotebook(
    workspaceId: string,
    owner: string,
    path: string,
    maxBytes: number,
  ): Promise<{ workspace: Workspace; content: string; sizeBytes: number }> {
    const read = await refusalsAsOwn(() =>
      this.options.workspaces.readWorkspaceFile(workspaceId, { owner, path, maxBytes }),
    );
    if ('tooLarge' in read) {
      throw Object.assign(new NotebookTooLargeError(read.sizeBytes, maxBytes, path), {
        workspace: read.workspace,
      });
    }
    return { workspace: read.workspace, ...read.file };
  }

  /** Writes a notebook into `owner`'s running workspace; a numbered copy when taken. */
  async writeNotebook(
    workspaceId: string,
    owner: string,
    path: string,
    notebook: object,
  ): Promise<{ workspace: Workspace; path: string }> {
    return refusalsAsOwn(() =>
      this.options.workspaces.writeWorkspaceNotebook(workspaceId, { owner, path, notebook }),
    );
  }
}

/** The workspaces backend's refusal, as this plugin's routes answer it. */
export async function refusalsAsOwn<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ResponseError) {
      throw workspacesError(error.statusCode, error.body?.error?.message ?? error.message);
    }
    throw error;
  }
}

/**
 * The workspaces backend's refusal as the error this plugin's routes answer with: the
 * same status for what the person can act on, 503 for the rest.
 */
export function workspacesError(status: number, message: string): Error {
  switch (status) {
    case 400:
      return new InputError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    default:
      return new ServiceUnavailableError(`The workspaces backend failed: ${message}`);
  }
}

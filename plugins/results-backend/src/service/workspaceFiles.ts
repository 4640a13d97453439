import type { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { WorkspaceNotebook } from '@internal/plugin-results-common';
import type { Workspace } from '@internal/plugin-workspaces-common';

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
 * Reads workspaces and their notebooks through the workspaces backend's service-only
 * contents routes: only that plugin holds the hub token. Calls are made as this
 * plugin's own service; which workspace a person may publish from (their own) is
 * checked by the caller of this class.
 */
export class WorkspaceFiles {
  constructor(
    private readonly options: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  /** The notebooks of `owner`'s running workspace (another's is a 404). */
  async listNotebooks(
    workspaceId: string,
    owner: string,
  ): Promise<{ workspace: Workspace; items: WorkspaceNotebook[] }> {
    const query = new URLSearchParams({ owner });
    const res = await this.call(`/workspaces/${encodeURIComponent(workspaceId)}/contents?${query}`);
    return (await res.json()) as { workspace: Workspace; items: WorkspaceNotebook[] };
  }

  /** One notebook of `owner`'s running workspace, refused with 413 over `maxBytes`. */
  async readNotebook(
    workspaceId: string,
    owner: string,
    path: string,
    maxBytes: number,
  ): Promise<{ workspace: Workspace; content: string; sizeBytes: number }> {
    const query = new URLSearchParams({ owner, path, maxBytes: String(maxBytes) });
    const res = await this.call(
      `/workspaces/${encodeURIComponent(workspaceId)}/contents/file?${query}`,
      [413],
    );
    const body = (await res.json()) as {
      workspace: Workspace;
      file?: { content: string; sizeBytes: number };
      sizeBytes?: number;
    };
    if (res.status === 413 || !body.file) {
      throw Object.assign(new NotebookTooLargeError(body.sizeBytes ?? 0, maxBytes, path), {
        workspace: body.workspace,
      });
    }
    return { workspace: body.workspace, ...body.file };
  }

  private async call(path: string, okStatuses: number[] = []): Promise<Response> {
    const { auth, discovery } = this.options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'workspaces',
    });
    const res = await fetch(`${await discovery.getBaseUrl('workspaces')}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.ok || okStatuses.includes(res.status)) return res;
    // The workspaces backend's own sentence, with its status kept.
    let message = `HTTP ${res.status}`;
    try {
      const body = (await res.json()) as { error?: { message?: string } };
      message = body.error?.message ?? message;
    } catch {
      // not JSON: keep the status
    }
    throw workspacesError(res.status, message);
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

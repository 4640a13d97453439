import { NotFoundError, ConflictError } from '@backstage/errors';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  CopyToWorkspaceResponse,
  ReproduceResponse,
  Result,
} from '@internal/plugin-results-common';
import { WORKSPACE_NAME_PATTERN } from '@internal/plugin-workspaces-common';
import type { WorkspacesApi } from '@internal/plugin-workspaces-node';
import type { ResultsStore } from '../database/ResultsStore';
import { refusalsAsOwn, type WorkspaceFiles } from './workspaceFiles';

/**
 * Launches a workspace for a result's version with exactly what the version recorded:
 * profile, options, project, environment and code commit, through the workspaces
 * backend on behalf of the person (so their quotas, budgets and project access apply).
 *
 * The notebook of the version is copied into a workspace once it runs (a new one
 * starts asynchronously, so the client asks for the copy when it sees it running):
 * `copyNotebook`, which also serves "open this version in my workspace".
 */
export class ResultReproducer {
  constructor(
    private readonly options: {
      store: ResultsStore;
      workspaces: WorkspacesApi;
      files: WorkspaceFiles;
      /** The version's notebook bytes as committed. */
      readNotebook: (result: Result, version: number) => Promise<Buffer>;
    },
  ) {}

  /** Writes the version's notebook into the person's running workspace. */
  async copyNotebook(
    who: { userEntityRef: string },
    result: Result,
    version: number,
    workspaceId: string,
  ): Promise<CopyToWorkspaceResponse> {
    const bytes = await this.options.readNotebook(result, version);
    const written = await this.options.files.writeNotebook(
      workspaceId,
      who.userEntityRef,
      copyPath(result.title, version),
      JSON.parse(bytes.toString('utf8')),
    );
    return { workspaceId, path: written.path };
  }

  async reproduce(
    who: { credentials: BackstageCredentials },
    result: Result,
    version: number,
    name?: string,
  ): Promise<ReproduceResponse> {
    const stored = await this.options.store.getVersion(result.id, version);
    if (!stored) {
      throw new NotFoundError(`Result '${result.title}' has no version ${version}`);
    }
    const recorded = stored.provenance;
    const profile = recorded.profile;
    if (!profile) {
      throw new ConflictError(
        `Version ${version} of '${result.title}' records no profile, so it cannot be launched as it ran: launch a workspace yourself`,
      );
    }
    const workspace = await refusalsAsOwn(() =>
      this.options.workspaces.createWorkspace(
        {
          name: name ?? reproductionName(recorded.workspaceName, version),
          profile,
          options: recorded.options as Record<string, string>,
          project: result.projectRef ?? undefined,
          environment: recorded.environmentRef ?? undefined,
          gitCommit: recorded.codeCommit ?? undefined,
          start: true,
        },
        { credentials: who.credentials },
      ),
    );
    return { workspaceId: workspace.id, workspaceName: workspace.name };
  }
}

/** `results/<title as a file name>-v<version>.ipynb`. */
export function copyPath(title: string, version: number): string {
  const stem =
    title
      .toLocaleLowerCase('en-US')
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 80) || 'result';
  return `results/${stem}-v${version}.ipynb`;
}

/**
 * `<workspace>-v<version>-<4 random>`, cut to the hub's 63 characters: unique enough
 * that reproducing the same version twice needs no name from the person.
 */
export function reproductionName(workspaceName: string, version: number): string {
  const suffix = `-v${version}-${Math.random().toString(36).slice(2, 6).padEnd(4, '0')}`;
  const base = (workspaceName || 'result')
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 63 - suffix.length)
    .replace(/^-+|-+$/g, '');
  const name = `${base || 'result'}${suffix}`;
  if (!WORKSPACE_NAME_PATTERN.test(name)) {
    throw new Error(`reproductionName made an invalid workspace name ${name}`);
  }
  return name;
}

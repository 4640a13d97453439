import { NotFoundError, ConflictError, ResponseError } from '@backstage/errors';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ReproduceResponse, Result } from '@internal/plugin-results-common';
import { WORKSPACE_NAME_PATTERN } from '@internal/plugin-workspaces-common';
import type { WorkspacesApi } from '@internal/plugin-workspaces-node';
import type { ResultsStore } from '../database/ResultsStore';
import { workspacesError } from './workspaceFiles';

/**
 * Launches a workspace for a result's version with exactly what the version recorded:
 * profile, options, project, environment and code commit, through the workspaces
 * backend on behalf of the person (so their quotas, budgets and project access apply).
 *
 * The notebook itself is not copied into the new workspace: it is in the version's
 * commit of the result's repository, whose parent is the recorded code commit.
 */
export class ResultReproducer {
  constructor(
    private readonly options: { store: ResultsStore; workspaces: WorkspacesApi },
  ) {}

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
    if (!recorded.profile) {
      throw new ConflictError(
        `Version ${version} of '${result.title}' records no profile, so it cannot be launched as it ran: launch a workspace yourself`,
      );
    }
    try {
      const workspace = await this.options.workspaces.createWorkspace(
        {
          name: name ?? reproductionName(recorded.workspaceName, version),
          profile: recorded.profile,
          options: recorded.options as Record<string, string>,
          project: result.projectRef ?? undefined,
          environment: recorded.environmentRef ?? undefined,
          gitCommit: recorded.codeCommit ?? undefined,
          start: true,
        },
        { credentials: who.credentials },
      );
      return { workspaceId: workspace.id, workspaceName: workspace.name };
    } catch (error) {
      if (error instanceof ResponseError) {
        throw workspacesError(error.statusCode, error.body?.error?.message ?? error.message);
      }
      throw error;
    }
  }
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

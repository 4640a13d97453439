import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  summarizeNotebook,
  type PublishRequest,
  type PublishResponse,
  type Result,
} from '@internal/plugin-results-common';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { ResultsStore, StoredVersion } from '../database/ResultsStore';
import { parseNotebook } from './notebookValidation';
import { environmentVersion, projectTarget } from './projectTarget';
import type { ResultsGit } from './resultsGit';
import type { WorkspaceFiles } from './workspaceFiles';

/** The person publishing. */
export interface Publisher {
  userEntityRef: string;
  credentials: BackstageCredentials;
}

/**
 * Publishes a notebook of a running workspace as a result version: reads it through
 * the workspaces backend, checks it is nbformat 4, commits it to the project's (or the
 * author's) local repository and records the version with the workspace's provenance.
 */
export class NotebookPublisher {
  constructor(
    private readonly options: {
      store: ResultsStore;
      files: WorkspaceFiles;
      git: ResultsGit;
      catalog: CatalogService;
      maxNotebookBytes: number;
      now?: () => Date;
    },
  ) {}

  async publish(
    who: Publisher,
    request: PublishRequest,
    existing?: Result,
  ): Promise<PublishResponse> {
    const { store, files, git, catalog, maxNotebookBytes } = this.options;
    const now = (this.options.now ?? (() => new Date()))().toISOString();
    const { workspace, content, sizeBytes } = await files.readNotebook(
      request.workspaceId,
      who.userEntityRef,
      request.path,
      maxNotebookBytes,
    );
    // Only from one's own workspace: someone else's is not there for the caller.
    if (workspace.owner.toLocaleLowerCase('en-US') !== who.userEntityRef.toLocaleLowerCase('en-US')) {
      throw new NotFoundError(`You have no workspace ${request.workspaceId}`);
    }
    const notebook = parseNotebook(content, request.path);
    const contentHash = createHash('sha256').update(content).digest('hex');

    if (existing) {
      const [latest] = await store.listVersions(existing.id);
      if (latest?.contentHash === contentHash) {
        // Same bytes as the latest version: no empty version.
        return { result: existing, version: latest, created: false };
      }
    }

    const target = await projectTarget({
      projectRef: existing ? existing.projectRef : request.projectRef ?? workspace.project ?? null,
      authorRef: who.userEntityRef,
      catalog,
      credentials: who.credentials,
      repositories: git.repositories,
    });
    const id = existing?.id ?? randomUUID();
    const versionNumber = (existing?.latestVersion ?? 0) + 1;
    const notebookPath = existing?.notebookPath ?? `results/${id}/${path.posix.basename(request.path)}`;
    const title = existing?.title ?? request.title ?? path.posix.basename(request.path, '.ipynb');
    const provenance = {
      workspaceId: workspace.id,
      workspaceName: workspace.name,
      environmentRef: workspace.environment ?? null,
      environmentVersion: await environmentVersion(workspace.environment, catalog, who.credentials),
      profile: workspace.profile ?? null,
      options: workspace.options ?? {},
      codeCommit: workspace.gitCommit ?? null,
    };
    const userName = parseEntityRef(who.userEntityRef).name;
    const commit = await git.commitFile({
      repo: existing ? this.repoOf(existing) : target.repo,
      filepath: notebookPath,
      content: Buffer.from(content, 'utf8'),
      author: { name: userName, email: `${userName}@users.atrium.invalid` },
      // Trailers say where the version came from, for whoever reads `git log`.
      message: [
        `${title} v${versionNumber}: ${request.message}`,
        '',
        `Atrium-Result: ${id}`,
        `Atrium-Workspace: ${workspace.name} (${workspace.id})`,
        `Atrium-Profile: ${provenance.profile ?? '-'}`,
        `Atrium-Environment: ${provenance.environmentRef ?? '-'}`,
        `Atrium-Code-Commit: ${provenance.codeCommit ?? '-'}`,
      ].join('\n'),
    });
    const version: StoredVersion = {
      resultId: id,
      version: versionNumber,
      message: request.message,
      authorRef: who.userEntityRef.toLocaleLowerCase('en-US'),
      createdAt: now,
      commit,
      contentHash,
      sizeBytes,
      cellCount: notebook.cells.length,
      sourcePath: request.path,
      provenance,
      summary: summarizeNotebook(notebook),
    };
    if (!existing) {
      const result = await store.createResult(
        {
          id,
          title,
          projectRef: target.projectRef,
          ownerTeamRef: target.ownerTeamRef,
          authorRef: who.userEntityRef,
          visibility: request.visibility ?? 'private',
          sharedWith: request.sharedWith ?? [],
          notebookPath,
          repository: `${target.repo.owner}/${target.repo.name}`,
          createdAt: now,
        },
        version,
      );
      return { result, version: stripSummary(version), created: true };
    }
    const result = await store.addVersion(version);
    if (!result) {
      throw new ConflictError(
        `Another version of '${existing.title}' was published at the same time: reload and publish again`,
      );
    }
    return { result, version: stripSummary(version), created: true };
  }

  repoOf(result: Result) {
    const [owner, name] = result.repository.split('/');
    return this.options.git.repositories.repository(owner, name);
  }
}

function stripSummary(v: StoredVersion) {
  const { summary: _summary, ...rest } = v;
  return rest;
}

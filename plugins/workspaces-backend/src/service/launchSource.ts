import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ENVIRONMENT_ANNOTATION,
  GIT_REPOSITORY_ANNOTATION,
} from '@internal/plugin-environments-common';
import { execFile } from 'node:child_process';

/** What a launch takes from the workspace's project (a catalog Component). */
export interface ProjectSource {
  /** The environment entity ref the project pins (`atrium.io/environment`). */
  environment?: string;
  /** Where the project's code is (`atrium.io/git-repository`). */
  gitRepository?: string;
}

/** Reads a project's launch source; undefined when the project is not in the catalog. */
export type ProjectLookup = (
  projectRef: string,
) => Promise<ProjectSource | undefined>;

/** A {@link ProjectLookup} reading the catalog as the workspaces plugin itself. */
export function catalogProjectLookup(options: {
  catalog: CatalogService;
  auth: AuthService;
}): ProjectLookup {
  return async projectRef => {
    const entity = await options.catalog.getEntityByRef(projectRef, {
      credentials: await options.auth.getOwnServiceCredentials(),
    });
    if (!entity) return undefined;
    const annotations = entity.metadata.annotations ?? {};
    return {
      environment: annotations[ENVIRONMENT_ANNOTATION],
      gitRepository: annotations[GIT_REPOSITORY_ANNOTATION],
    };
  };
}

// Transports `git ls-remote` may use. Anything else (ext::, fd::, an option such as
// --upload-pack=...) is refused before git runs, since the URL comes from catalog data.
const GIT_URL = /^(https?:\/\/|ssh:\/\/|file:\/\/\/|git@[\w.-]+:)[^\s]+$/;

/** A full commit sha (SHA-1 or SHA-256). */
export const GIT_COMMIT_PATTERN = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * The commit HEAD of a repository points at, from `git ls-remote <url> HEAD`, or why
 * there is none (git missing, unreachable, timed out, empty repository). Never throws:
 * a launch goes on without a commit.
 */
export function resolveGitHead(
  url: string,
  options: { timeoutMs?: number } = {},
): Promise<{ commit: string } | { problem: string }> {
  if (!GIT_URL.test(url)) {
    return Promise.resolve({
      problem: `${url} is not a git URL Atrium reads (https://, ssh://, file:/// or git@host:path)`,
    });
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise(resolve => {
    execFile(
      'git',
      ['ls-remote', url, 'HEAD'],
      {
        timeout: timeoutMs,
        env: {
          ...process.env,
          // Never wait for a password or a host-key prompt: there is nobody to answer.
          GIT_TERMINAL_PROMPT: '0',
          GIT_SSH_COMMAND: 'ssh -o BatchMode=yes',
          GIT_ALLOW_PROTOCOL: 'file:http:https:ssh',
        },
      },
      (error, stdout, stderr) => {
        if (error) {
          let reason = String(stderr).trim().split('\n').pop() || error.message;
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            reason = 'git is not installed on the portal';
          } else if (error.killed) {
            reason = `no answer within ${timeoutMs / 1000} s`;
          }
          resolve({ problem: `git ls-remote ${url} failed: ${reason}` });
          return;
        }
        const commit = String(stdout).split(/\s/)[0]?.toLowerCase() ?? '';
        resolve(
          GIT_COMMIT_PATTERN.test(commit)
            ? { commit }
            : { problem: `${url} has no HEAD commit (an empty repository?)` },
        );
      },
    );
  });
}

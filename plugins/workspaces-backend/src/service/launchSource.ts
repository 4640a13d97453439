import type { LoggerService } from '@backstage/backend-plugin-api';
import type { StoredWorkspace } from '../database/WorkspacesStore';
import { displayGitUrl, resolveGitHead, type GitReadPolicy } from './gitCommit';
import type { ProjectSource } from './projectAccess';

/**
 * What a launch records beyond the request: the project's environment when the
 * workspace names none, and the project's git commit (HEAD of its repository) when the
 * workspace has none yet, with a sentence for the launch's event. Nothing here blocks a
 * launch: what cannot be read is said in the sentence instead.
 *
 * `project` is the workspace's project as the launching person may read it (checked
 * before); undefined when the workspace has none or projects are not looked up.
 */
export async function launchSource(
  workspace: StoredWorkspace,
  project: ProjectSource | undefined,
  git: { policy: GitReadPolicy; logger: LoggerService; timeoutMs?: number },
): Promise<{
  patch: { environment?: string; gitCommit?: string };
  note?: string;
}> {
  if (!workspace.project || !project) return { patch: {} };
  const patch: { environment?: string; gitCommit?: string } = {};
  if (!workspace.environment && project.environment) {
    patch.environment = project.environment.toLocaleLowerCase('en-US');
  }
  if (workspace.gitCommit) {
    return {
      patch,
      note: `launched at commit ${workspace.gitCommit.slice(0, 12)}`,
    };
  }
  if (!project.gitRepository) {
    return {
      patch,
      note: 'launched without a git commit: the project names no git repository',
    };
  }
  const head = await resolveGitHead(project.gitRepository, git);
  if ('problem' in head) {
    git.logger.warn(
      `Launch of ${workspace.owner}/${workspace.name} records no git commit: ${head.problem}`,
    );
    return {
      patch,
      // A refusal is a whole sentence of its own; a failure completes this one.
      note: head.refused
        ? head.problem
        : `launched without a git commit: ${head.problem}`,
    };
  }
  patch.gitCommit = head.commit;
  return {
    patch,
    note: `launched at commit ${head.commit.slice(0, 12)} of ${displayGitUrl(
      project.gitRepository,
    )}`,
  };
}

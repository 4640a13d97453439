import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  DEFAULT_BRANCH,
  type CommitAuthor,
  type LocalGitRepositories,
  type LocalRepository,
} from '@internal/local-git';
import fs from 'node:fs';
import git from 'isomorphic-git';

type TreeEntry = { mode: string; path: string; oid: string; type: 'blob' | 'tree' | 'commit' };

/**
 * Commits published notebooks into the local git repositories (the ones templates
 * publish projects to): every version of a result is a real commit on `main` that
 * people can clone. isomorphic-git, so no git binary is needed.
 */
export class ResultsGit {
  /** Commits to one repository run one after the other (a ref update is not atomic). */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(readonly repositories: LocalGitRepositories) {}

  /** Commits `content` at `filepath` on `main`, creating the repository when missing. */
  async commitFile(options: {
    repo: LocalRepository;
    filepath: string;
    content: Buffer;
    message: string;
    author: CommitAuthor;
  }): Promise<string> {
    const key = options.repo.path;
    const run = (this.queues.get(key) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.commitNow(options));
    this.queues.set(key, run);
    try {
      return await run;
    } finally {
      if (this.queues.get(key) === run) this.queues.delete(key);
    }
  }

  private async commitNow(options: {
    repo: LocalRepository;
    filepath: string;
    content: Buffer;
    message: string;
    author: CommitAuthor;
  }): Promise<string> {
    const { repo, filepath, content, message, author } = options;
    if (!(await this.repositories.exists(repo))) {
      try {
        const { commitHash } = await this.repositories.create({
          repo,
          files: [{ path: filepath, content }],
          author,
          message,
        });
        return commitHash;
      } catch (error) {
        // Created meanwhile (another replica): commit on top of it below.
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    const gitdir = repo.path;
    const parent = await git.resolveRef({ fs, gitdir, ref: DEFAULT_BRANCH });
    const { commit } = await git.readCommit({ fs, gitdir, oid: parent });
    const blob = await git.writeBlob({ fs, gitdir, blob: new Uint8Array(content) });
    const tree = await this.replaceInTree(gitdir, commit.tree, filepath.split('/'), blob);
    return git.commit({
      fs,
      gitdir,
      message,
      author,
      tree,
      parent: [parent],
      ref: `refs/heads/${DEFAULT_BRANCH}`,
    });
  }

  /** Writes the tree `treeOid` with `parts` pointing at `blob`; returns the new tree id. */
  private async replaceInTree(
    gitdir: string,
    treeOid: string | undefined,
    parts: string[],
    blob: string,
  ): Promise<string> {
    const entries: TreeEntry[] = treeOid
      ? ((await git.readTree({ fs, gitdir, oid: treeOid })).tree as TreeEntry[])
      : [];
    const [name, ...rest] = parts;
    const existing = entries.find(e => e.path === name);
    const others = entries.filter(e => e.path !== name);
    const entry: TreeEntry =
      rest.length === 0
        ? { mode: '100644', path: name, oid: blob, type: 'blob' }
        : {
            mode: '040000',
            path: name,
            oid: await this.replaceInTree(
              gitdir,
              existing?.type === 'tree' ? existing.oid : undefined,
              rest,
              blob,
            ),
            type: 'tree',
          };
    return git.writeTree({ fs, gitdir, tree: [...others, entry] });
  }

  /** The file at `filepath` in `commit`. */
  async readFile(repo: LocalRepository, commit: string, filepath: string): Promise<Buffer> {
    try {
      const { blob } = await git.readBlob({ fs, gitdir: repo.path, oid: commit, filepath });
      return Buffer.from(blob);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'NotFoundError' || code === 'ENOENT') {
        throw new NotFoundError(
          `The repository ${repo.owner}/${repo.name} has no ${filepath} at ${commit.slice(0, 12)}`,
        );
      }
      throw error;
    }
  }
}

import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type { SerializedFile } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import git from 'isomorphic-git';
import { assertProjectName } from './projectNames';

/**
 * The catalog location type of a project published to the local git store. Its target
 * is the repository's `file://` remote URL; the catalog reads `catalog-info.yaml` at the
 * tip of `main`, so what people push shows up at the next refresh.
 */
export const LOCAL_GIT_LOCATION_TYPE = 'atrium-git';
/** The file of a repository that holds its catalog entities. */
export const CATALOG_INFO_FILE = 'catalog-info.yaml';

/** Where repositories live unless `atrium.scaffolder.localGit.root` says otherwise. */
export const DEFAULT_LOCAL_GIT_ROOT = './data/git';
export const DEFAULT_BRANCH = 'main';

/** A repository in the local store: `<root>/<owner>/<name>.git`. */
export interface LocalRepository {
  owner: string;
  name: string;
  /** Absolute path of the bare repository. */
  path: string;
  /** `file:///.../<owner>/<name>.git`: what `git clone` and `git ls-remote` accept. */
  remoteUrl: string;
}

/** Where a repository records the scaffolder task that published it. */
const PUBLISHED_BY_TASK_CONFIG = 'atrium.publishedByTask';

export interface CommitAuthor {
  name: string;
  email: string;
}

type TreeEntry = {
  mode: string;
  path: string;
  oid: string;
  type: 'blob' | 'tree';
};

/**
 * Bare git repositories on this machine: where scaffolded projects are published when
 * no GitHub or GitLab integration is configured. Written with isomorphic-git (no git
 * binary needed); people clone and push with ordinary git over `file://`.
 */
export class LocalGitRepositories {
  static fromConfig(config: Config): LocalGitRepositories {
    const root =
      config.getOptionalString('atrium.scaffolder.localGit.root') ??
      DEFAULT_LOCAL_GIT_ROOT;
    // Relative to the backend's working directory, like the SQLite folder.
    return new LocalGitRepositories(path.resolve(root));
  }

  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** The repository of project `name` owned by team `owner` (both checked as names). */
  repository(owner: string, name: string): LocalRepository {
    assertProjectName(name);
    if (
      !/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(owner) ||
      owner.includes('..')
    ) {
      throw new InputError(
        `owner '${owner}' cannot be a folder name: use a team's catalog name`,
      );
    }
    const repoPath = resolveSafeChildPath(this.root, `${owner}/${name}.git`);
    return {
      owner,
      name,
      path: repoPath,
      remoteUrl: pathToFileURL(repoPath).href,
    };
  }

  /** The repository a `file://` remote URL names; refuses anything outside the root. */
  repositoryFromUrl(remoteUrl: string): LocalRepository {
    let repoPath: string;
    try {
      repoPath = path.resolve(fileURLToPath(remoteUrl));
    } catch {
      throw new InputError(
        `'${remoteUrl}' is not a file:// URL of a local repository`,
      );
    }
    const relative = path.relative(this.root, repoPath);
    const parts = relative.split(path.sep);
    if (
      relative.startsWith('..') ||
      path.isAbsolute(relative) ||
      parts.length !== 2 ||
      !parts[1].endsWith('.git')
    ) {
      throw new InputError(
        `'${remoteUrl}' is not a repository of this portal (expected ${
          pathToFileURL(this.root).href
        }/<team>/<name>.git)`,
      );
    }
    return this.repository(parts[0], parts[1].slice(0, -'.git'.length));
  }

  async exists(repo: LocalRepository): Promise<boolean> {
    return fs.promises
      .stat(repo.path)
      .then(() => true)
      .catch(() => false);
  }

  /**
   * Creates the repository with one commit holding `files` on `main`. Refuses a name
   * that is taken (its history is kept, never overwritten); the folder is claimed with
   * a non-recursive mkdir, so two scaffolds of one name cannot both win. `taskId` (the
   * scaffolder task publishing it) is kept in the repository's own config, which clones
   * do not copy.
   */
  async create(options: {
    repo: LocalRepository;
    files: SerializedFile[];
    author: CommitAuthor;
    message: string;
    taskId?: string;
  }): Promise<{ commitHash: string }> {
    const { repo, files, author, message, taskId } = options;
    await fs.promises.mkdir(path.dirname(repo.path), { recursive: true });
    try {
      await fs.promises.mkdir(repo.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new ConflictError(
          `The repository ${repo.owner}/${repo.name} already exists: choose another project name`,
        );
      }
      throw error;
    }
    try {
      const gitdir = repo.path;
      await git.init({
        fs,
        dir: gitdir,
        bare: true,
        defaultBranch: DEFAULT_BRANCH,
      });
      if (taskId) {
        await git.setConfig({
          fs,
          gitdir,
          path: PUBLISHED_BY_TASK_CONFIG,
          value: taskId,
        });
      }
      const tree = await this.writeTree(gitdir, files);
      const commitHash = await git.commit({
        fs,
        gitdir,
        message,
        author,
        tree,
        parent: [],
        ref: `refs/heads/${DEFAULT_BRANCH}`,
      });
      return { commitHash };
    } catch (error) {
      // A half-written repository would block the name for good: remove it.
      await fs.promises.rm(repo.path, { recursive: true, force: true });
      throw error;
    }
  }

  /** The scaffolder task that published the repository, when one did. */
  async publishedByTask(repo: LocalRepository): Promise<string | undefined> {
    const value = await git
      .getConfig({ fs, gitdir: repo.path, path: PUBLISHED_BY_TASK_CONFIG })
      .catch(() => undefined);
    return typeof value === 'string' ? value : undefined;
  }

  /** The content of `filepath` at the tip of `main`. */
  async readFile(repo: LocalRepository, filepath: string): Promise<Buffer> {
    if (!(await this.exists(repo))) {
      throw new NotFoundError(
        `The repository ${repo.owner}/${repo.name} does not exist`,
      );
    }
    const oid = await git.resolveRef({
      fs,
      gitdir: repo.path,
      ref: DEFAULT_BRANCH,
    });
    try {
      const { blob } = await git.readBlob({
        fs,
        gitdir: repo.path,
        oid,
        filepath,
      });
      return Buffer.from(blob);
    } catch (error) {
      if ((error as { code?: string }).code === 'NotFoundError') {
        throw new NotFoundError(
          `${repo.owner}/${repo.name} has no ${filepath} on ${DEFAULT_BRANCH}`,
        );
      }
      throw error;
    }
  }

  /** The commits of `main`, newest first. */
  async log(repo: LocalRepository) {
    return git.log({ fs, gitdir: repo.path, ref: DEFAULT_BRANCH });
  }

  /** Writes the blobs and nested trees of `files`; returns the root tree's id. */
  private async writeTree(
    gitdir: string,
    files: SerializedFile[],
  ): Promise<string> {
    type Dir = { files: Map<string, SerializedFile>; dirs: Map<string, Dir> };
    const root: Dir = { files: new Map(), dirs: new Map() };
    for (const file of files) {
      const parts = file.path.split('/').filter(p => p && p !== '.');
      if (parts.length === 0 || parts.some(p => p === '..' || p === '.git')) {
        throw new InputError(`Refusing to commit the path '${file.path}'`);
      }
      let dir = root;
      for (const part of parts.slice(0, -1)) {
        let child = dir.dirs.get(part);
        if (!child) {
          child = { files: new Map(), dirs: new Map() };
          dir.dirs.set(part, child);
        }
        dir = child;
      }
      dir.files.set(parts[parts.length - 1], file);
    }

    const write = async (dir: Dir): Promise<string> => {
      const entries: TreeEntry[] = [];
      for (const [name, file] of dir.files) {
        const oid = await git.writeBlob({
          fs,
          gitdir,
          blob: new Uint8Array(file.content),
        });
        let mode = '100644';
        if (file.symlink) mode = '120000';
        else if (file.executable) mode = '100755';
        entries.push({ mode, path: name, oid, type: 'blob' });
      }
      for (const [name, child] of dir.dirs) {
        entries.push({
          mode: '040000',
          path: name,
          oid: await write(child),
          type: 'tree',
        });
      }
      return git.writeTree({ fs, gitdir, tree: entries });
    };
    return write(root);
  }
}

import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A full commit sha (SHA-1 or SHA-256). */
export const GIT_COMMIT_PATTERN = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * Where `git ls-remote` may go. The URL comes from a catalog annotation anyone who can
 * register an entity writes, and git runs on the portal's network: without a limit a
 * launch could make the portal call any host it can reach.
 */
export interface GitReadPolicy {
  /** Hosts (`host` or `host:port`, lower case) of the configured SCM integrations. */
  hosts: string[];
  /** The local git root; `file://` URLs must point inside it (none: no file://). */
  localGitRoot?: string;
}

/** Where the scaffolder module keeps local repositories unless configured otherwise. */
const DEFAULT_LOCAL_GIT_ROOT = './data/git';

/**
 * The policy from config: the `host` of every `integrations.<provider>[]` entry (what
 * `ScmIntegrations.fromConfig` reads; Bitbucket Cloud's is bitbucket.org), and
 * `atrium.scaffolder.localGit.root` resolved as the scaffolder module resolves it
 * (`LocalGitRepositories.fromConfig`: against the backend's working directory).
 */
export function gitReadPolicyFromConfig(config: Config): GitReadPolicy {
  const hosts: string[] = [];
  const integrations = config.getOptionalConfig('integrations');
  for (const provider of integrations?.keys() ?? []) {
    for (const entry of integrations?.getOptionalConfigArray(provider) ?? []) {
      const host =
        entry.getOptionalString('host') ??
        (provider === 'bitbucketCloud' ? 'bitbucket.org' : undefined);
      if (host) hosts.push(host.toLocaleLowerCase('en-US'));
    }
  }
  return {
    hosts,
    localGitRoot: path.resolve(
      config.getOptionalString('atrium.scaffolder.localGit.root') ??
        DEFAULT_LOCAL_GIT_ROOT,
    ),
  };
}

/** `git@host:path` (scp-like ssh); the user part is a plain name. */
const SCP_LIKE = /^[\w.-]+@([\w.-]+):(?!\/\/)[^\s]+$/;

/** The host a URL names, without user or password (shown in events). */
function hostOf(url: string): string | undefined {
  const scp = SCP_LIKE.exec(url);
  if (scp) return scp[1].toLocaleLowerCase('en-US');
  try {
    return new URL(url).host.toLocaleLowerCase('en-US') || undefined;
  } catch {
    return undefined;
  }
}

/** A URL as events show it: without a user or password it may carry. */
export function displayGitUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '';
      parsed.password = '';
      return parsed.href;
    }
  } catch {
    // not a URL (scp-like): shown as is, it has no password
  }
  return url;
}

async function realpathOrSelf(p: string): Promise<string> {
  return fs.realpath(p).catch(() => p);
}

/**
 * Why git may not read `url` under `policy` (a sentence for the workspace's events), or
 * nothing when it may. `file://` paths are compared after resolving symlinks, so a link
 * inside the root cannot lead out of it.
 */
export async function gitUrlRefusal(
  url: string,
  policy: GitReadPolicy,
): Promise<string | undefined> {
  // Options (--upload-pack=...) and transports such as ext:: never reach git.
  if (url.startsWith('-') || /\s/.test(url)) {
    return "the project's repository is not a git URL Atrium reads (https://, ssh://, file:// or git@host:path): the commit was not recorded";
  }
  if (url.startsWith('file:')) {
    let repoPath: string;
    try {
      repoPath = fileURLToPath(url);
    } catch {
      return `the project's repository ${url} is not a local path: the commit was not recorded`;
    }
    const root =
      policy.localGitRoot && (await realpathOrSelf(policy.localGitRoot));
    const relative =
      root && path.relative(root, await realpathOrSelf(repoPath));
    if (
      !root ||
      !relative ||
      relative.startsWith('..') ||
      path.isAbsolute(relative)
    ) {
      return `the project's repository ${url} is not under the portal's git root: the commit was not recorded`;
    }
    return undefined;
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1].toLowerCase();
  if (
    !(scheme && ['http', 'https', 'ssh'].includes(scheme)) &&
    !SCP_LIKE.test(url)
  ) {
    return "the project's repository is not a git URL Atrium reads (https://, ssh://, file:// or git@host:path): the commit was not recorded";
  }
  const host = hostOf(url);
  if (!host || !policy.hosts.includes(host)) {
    return `the project's repository ${
      host ?? url
    } is not one of the configured integrations: the commit was not recorded`;
  }
  return undefined;
}

/**
 * git's error output in a few words. The raw text stays in the backend's log: it can
 * carry what a server answered, local paths and credentials helpers' output.
 */
function shortGitFailure(stderr: string, host: string): string {
  if (
    /not found|does not appear to be a git repository|does not exist|no such file/i.test(
      stderr,
    )
  ) {
    return 'repository not found';
  }
  if (
    /authentication|could not read (username|password)|terminal prompts disabled|permission denied|access denied|\b40[13]\b/i.test(
      stderr,
    )
  ) {
    return 'authentication required';
  }
  return `could not reach ${host}`;
}

/**
 * The commit HEAD of a repository points at, from `git ls-remote <url> HEAD`, or why
 * there is none in words fit for a workspace event. Runs git only for URLs the policy
 * allows. Never throws: a launch goes on without a commit.
 */
export async function resolveGitHead(
  url: string,
  options: {
    policy: GitReadPolicy;
    logger: LoggerService;
    timeoutMs?: number;
  },
): Promise<{ commit: string } | { problem: string; refused?: true }> {
  const refusal = await gitUrlRefusal(url, options.policy);
  if (refusal) return { problem: refusal, refused: true };
  const host = hostOf(url) || 'the local git root';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const scheme = url.startsWith('file:')
    ? 'file'
    : /^(https?|ssh):/i.exec(url)?.[1].toLowerCase() ?? 'ssh';
  return new Promise(resolve => {
    execFile(
      'git',
      // No redirects: an allowed host must not pass git on to another one.
      ['-c', 'http.followRedirects=false', 'ls-remote', '--', url, 'HEAD'],
      {
        timeout: timeoutMs,
        env: {
          ...process.env,
          // Never wait for a password or a host-key prompt: there is nobody to answer.
          GIT_TERMINAL_PROMPT: '0',
          GIT_SSH_COMMAND: 'ssh -o BatchMode=yes',
          // Only the transport the URL names (git could otherwise be led to another).
          GIT_ALLOW_PROTOCOL: scheme,
        },
      },
      (error, stdout, stderr) => {
        if (error) {
          let problem: string;
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            problem = 'git is not installed on the portal';
          } else if (error.killed) {
            problem = `no answer within ${timeoutMs / 1000} s`;
          } else {
            problem = shortGitFailure(String(stderr), host);
          }
          options.logger.warn(
            `git ls-remote ${displayGitUrl(url)} failed (${problem}): ${
              String(stderr).trim() || error.message
            }`,
          );
          resolve({ problem });
          return;
        }
        const commit = String(stdout).split(/\s/)[0]?.toLowerCase() ?? '';
        resolve(
          GIT_COMMIT_PATTERN.test(commit)
            ? { commit }
            : { problem: 'the repository has no commit yet' },
        );
      },
    );
  });
}

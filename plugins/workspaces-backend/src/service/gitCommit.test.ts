import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  gitReadPolicyFromConfig,
  resolveGitHead,
  type GitReadPolicy,
} from './gitCommit';

/** A local HTTP server that records every request; `answer` decides the response. */
async function recordingServer(
  answer: (res: http.ServerResponse) => void = res => {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('no such repository here: secret-internal-detail');
  },
) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    answer(res);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

describe('resolveGitHead', () => {
  let root: string;
  let outside: string;
  let head: string;
  let policy: GitReadPolicy;
  const logger = mockServices.logger.mock();
  const git = (cwd: string, ...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.name=A', '-c', 'user.email=a@b.c', ...args],
      { cwd, encoding: 'utf8' },
    ).trim();

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'atrium-git-root-'));
    outside = await fs.mkdtemp(path.join(os.tmpdir(), 'atrium-git-outside-'));
    const work = path.join(outside, 'work');
    git(outside, 'init', '-q', '--initial-branch=main', work);
    git(work, 'commit', '-q', '--allow-empty', '-m', 'start');
    head = git(work, 'rev-parse', 'HEAD');
    await fs.mkdir(path.join(root, 'team-vision'));
    git(root, 'clone', '-q', '--bare', work, 'team-vision/project.git');
    git(outside, 'clone', '-q', '--bare', work, 'private.git');
    // A link inside the root to a repository outside it.
    await fs.symlink(
      path.join(outside, 'private.git'),
      path.join(root, 'team-vision', 'linked.git'),
    );
    policy = { hosts: ['git.example.com'], localGitRoot: root };
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
    await fs.rm(outside, { recursive: true, force: true });
  });
  beforeEach(() => logger.warn.mockClear());

  it('reads HEAD of a repository under the local git root', async () => {
    await expect(
      resolveGitHead(`file://${root}/team-vision/project.git`, {
        policy,
        logger,
      }),
    ).resolves.toEqual({ commit: head });
  });

  it('says when there is no commit, or no repository, in a few words', async () => {
    await fs.mkdir(path.join(root, 'team-vision', 'empty.git'));
    git(root, 'init', '-q', '--bare', 'team-vision/empty.git');
    await expect(
      resolveGitHead(`file://${root}/team-vision/empty.git`, {
        policy,
        logger,
      }),
    ).resolves.toEqual({ problem: 'the repository has no commit yet' });
    await expect(
      resolveGitHead(`file://${root}/team-vision/missing.git`, {
        policy,
        logger,
      }),
    ).resolves.toEqual({ problem: 'repository not found' });
    // git's own words are in the backend's log only.
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('does not appear to be a git repository'),
    );
  });

  it.each([
    ['outside the root', () => `file://${outside}/private.git`],
    [
      'walking out of the root',
      () => `file://${root}/../${path.basename(outside)}/private.git`,
    ],
    [
      'through a link out of the root',
      () => `file://${root}/team-vision/linked.git`,
    ],
    ['the root itself', () => `file://${root}`],
  ])('does not read a file:// repository %s', async (_, url) => {
    await expect(resolveGitHead(url(), { policy, logger })).resolves.toEqual({
      problem: `the project's repository ${url()} is not under the portal's git root: the commit was not recorded`,
      refused: true,
    });
  });

  it('never calls a host that is not a configured integration', async () => {
    const server = await recordingServer(res => {
      res.writeHead(200);
      res.end();
    });
    try {
      for (const url of [
        `http://${server.host}/team/repo.git`,
        `https://${server.host}/team/repo.git`,
        `ssh://git@${server.host}/team/repo.git`,
        `http://user:password@${server.host}/team/repo.git`,
      ]) {
        await expect(resolveGitHead(url, { policy, logger })).resolves.toEqual({
          problem: `the project's repository ${server.host} is not one of the configured integrations: the commit was not recorded`,
          refused: true,
        });
      }
      await expect(
        resolveGitHead('git@127.0.0.1:team/repo.git', { policy, logger }),
      ).resolves.toMatchObject({
        problem: `the project's repository 127.0.0.1 is not one of the configured integrations: the commit was not recorded`,
      });
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it.each([
    '--upload-pack=touch /tmp/pwned',
    'ext::sh -c touch% /tmp/pwned',
    'fd::17',
    '/srv/git/relative-path.git',
    'ftp://git.example.com/repo.git',
  ])('refuses %p without running git', async url => {
    await expect(resolveGitHead(url, { policy, logger })).resolves.toEqual({
      problem:
        "the project's repository is not a git URL Atrium reads (https://, ssh://, file:// or git@host:path): the commit was not recorded",
      refused: true,
    });
  });

  it("asks a configured integration, and says what went wrong without the server's words", async () => {
    const missing = await recordingServer();
    const locked = await recordingServer(res => {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' });
      res.end('who are you? secret-internal-detail');
    });
    const silent = await recordingServer(() => {
      // never answers
    });
    const closed = await recordingServer();
    await closed.close();
    const allowed: GitReadPolicy = {
      hosts: [missing.host, locked.host, silent.host, closed.host],
    };
    try {
      const read = (host: string, timeoutMs?: number) =>
        resolveGitHead(`http://${host}/team/repo.git`, {
          policy: allowed,
          logger,
          timeoutMs,
        });
      await expect(read(missing.host)).resolves.toEqual({
        problem: 'repository not found',
      });
      expect(missing.requests.length).toBeGreaterThan(0);
      await expect(read(locked.host)).resolves.toEqual({
        problem: 'authentication required',
      });
      await expect(read(silent.host, 1000)).resolves.toEqual({
        problem: 'no answer within 1 s',
      });
      await expect(read(closed.host)).resolves.toEqual({
        problem: `could not reach ${closed.host}`,
      });
      // The log has git's words; nothing returned does.
      expect(JSON.stringify(logger.warn.mock.calls)).toContain(
        `http://${missing.host}/team/repo.git`,
      );
    } finally {
      await Promise.all([missing.close(), locked.close(), silent.close()]);
    }
  });
});

describe('gitReadPolicyFromConfig', () => {
  it('takes the hosts of the configured integrations and resolves the local git root', () => {
    expect(
      gitReadPolicyFromConfig(
        new ConfigReader({
          integrations: {
            github: [{ host: 'github.com' }, { host: 'GHE.example.com' }],
            gitlab: [{ host: 'gitlab.example.com:8443' }],
            bitbucketCloud: [{ username: 'u', appPassword: 'p' }],
            awsS3: [{ endpoint: 'http://s3.internal' }],
          },
          atrium: { scaffolder: { localGit: { root: 'data/repos' } } },
        }),
      ),
    ).toEqual({
      hosts: [
        'github.com',
        'ghe.example.com',
        'gitlab.example.com:8443',
        'bitbucket.org',
      ],
      localGitRoot: path.resolve('data/repos'),
    });
    expect(gitReadPolicyFromConfig(new ConfigReader({}))).toEqual({
      hosts: [],
      localGitRoot: path.resolve('./data/git'),
    });
  });
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveGitHead } from './launchSource';
import { reproductionName } from './WorkspacesService';

describe('resolveGitHead', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atrium-git-head-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reads HEAD of a real repository', async () => {
    const repo = path.join(dir, 'project');
    const git = (...args: string[]) =>
      execFileSync(
        'git',
        ['-c', 'user.name=A', '-c', 'user.email=a@b.c', ...args],
        {
          cwd: dir,
          encoding: 'utf8',
        },
      ).trim();
    git('init', '--initial-branch=main', repo);
    git('-C', repo, 'commit', '--allow-empty', '-m', 'start');
    const head = git('-C', repo, 'rev-parse', 'HEAD');
    await expect(resolveGitHead(`file://${repo}`)).resolves.toEqual({
      commit: head,
    });
  });

  it('says why when there is no HEAD to read', async () => {
    const empty = path.join(dir, 'empty.git');
    execFileSync('git', ['init', '--bare', empty]);
    await expect(resolveGitHead(`file://${empty}`)).resolves.toEqual({
      problem: `file://${empty} has no HEAD commit (an empty repository?)`,
    });
    const missing = await resolveGitHead(`file://${dir}/missing.git`);
    expect(missing).toEqual({
      problem: expect.stringMatching(
        new RegExp(`^git ls-remote file://${dir}/missing.git failed: .+`),
      ),
    });
  });

  it.each([
    '--upload-pack=touch /tmp/pwned',
    'ext::sh -c touch% /tmp/pwned',
    '/srv/git/relative-path.git',
    'file://relative/host.git',
  ])('refuses %p without running git', async url => {
    await expect(resolveGitHead(url)).resolves.toEqual({
      problem: `${url} is not a git URL Atrium reads (https://, ssh://, file:/// or git@host:path)`,
    });
  });
});

describe('reproductionName', () => {
  it('takes the first free number', () => {
    expect(reproductionName('analysis', new Set())).toBe('analysis-repro-1');
    expect(
      reproductionName(
        'analysis',
        new Set(['analysis-repro-1', 'analysis-repro-2']),
      ),
    ).toBe('analysis-repro-3');
  });

  it('stays a valid workspace name for long names', () => {
    const long = `${'a'.repeat(55)}-${'b'.repeat(7)}`;
    const name = reproductionName(long, new Set());
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
    expect(name.endsWith('-repro-1')).toBe(true);
    // A cut that ends in a hyphen does not leave a double hyphen behind.
    expect(reproductionName(`${'a'.repeat(54)}-bbbbbbbb`, new Set())).toBe(
      `${'a'.repeat(54)}-repro-1`,
    );
  });
});

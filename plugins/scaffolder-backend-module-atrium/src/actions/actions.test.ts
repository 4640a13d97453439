import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { contextFor, who } from '../__testUtils__/actionContext';
import {
  ada,
  eventually,
  startTestCatalog,
  type TestCatalog,
} from '../__testUtils__/testCatalog';
import { LocalGitRepositories } from '@internal/local-git';
import { createCatalogRegisterAction } from './catalogRegister';
import { createEnvironmentResolveAction } from './environmentResolve';
import { createProjectValidateAction } from './projectValidate';
import { createPublishLocalAction } from './publishLocal';

jest.setTimeout(60_000);

let gitRoot: string;
let testCatalog: TestCatalog;
let repositories: LocalGitRepositories;

beforeAll(async () => {
  gitRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-git-'));
  repositories = new LocalGitRepositories(gitRoot);
  testCatalog = await startTestCatalog(gitRoot);
});
afterAll(async () => {
  await testCatalog?.stop();
  fs.rmSync(gitRoot, { recursive: true, force: true });
});

/** Writes a small project into a fresh folder, as fetch:template would. */
function writeProject(
  name: string,
  owner = 'group:default/team-vision',
): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-workspace-'));
  const files: Record<string, string> = {
    'README.md': `# ${name}\n`,
    '.gitignore': 'data/\noutputs/\n',
    'notebooks/01-explore.ipynb':
      '{"cells": [], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}\n',
    'data/raw.csv': 'ignored by .gitignore\n',
    'catalog-info.yaml': [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      `  name: ${name}`,
      'spec:',
      '  type: data-science-project',
      '  lifecycle: experimental',
      `  owner: ${owner}`,
      '',
    ].join('\n'),
  };
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

describe('atrium:project:validate', () => {
  const action = () =>
    createProjectValidateAction({
      catalog: testCatalog.catalog,
      repositories,
      ...who,
      // The last moment of a day: the date is the action's clock's, not the test's.
      now: () => new Date('2026-12-31T23:59:59.999Z'),
    });

  it('accepts a free name and an existing team, and says where the repository will be', async () => {
    const { ctx, outputs } = contextFor({
      name: 'cats-vs-dogs',
      owner: 'group:default/team-vision',
    });
    await action().handler(ctx);
    expect(outputs).toEqual({
      name: 'cats-vs-dogs',
      entityRef: 'component:default/cats-vs-dogs',
      ownerRef: 'group:default/team-vision',
      ownerName: 'team-vision',
      localRemoteUrl: `file://${gitRoot}/team-vision/cats-vs-dogs.git`,
      date: '2026-12-31',
    });
  });

  it.each([
    ['../escape', 'must not contain ".."'],
    ['a/b', 'must not contain "/"'],
    ['/etc/passwd', 'must not contain "/"'],
    ['Capitals', 'is not a valid project name'],
    ['x', 'is not a valid project name'],
  ])('refuses the name %j', async (name, message) => {
    const { ctx } = contextFor({ name, owner: 'group:default/team-vision' });
    await expect(action().handler(ctx)).rejects.toThrow(message);
  });

  it.each([
    ['group:default/../../etc', 'must not contain ".."'],
    ['user:default/ada', 'projects are owned by a team'],
    [
      'group:default/no-such-team',
      'There is no team group:default/no-such-team',
    ],
  ])('refuses the owner %j', async (owner, message) => {
    const { ctx } = contextFor({ name: 'fine-name', owner });
    await expect(action().handler(ctx)).rejects.toThrow(message);
  });

  it('refuses a team the user is not in, and lets an admin choose any', async () => {
    const { ctx, outputs } = contextFor({
      name: 'genomics-atlas',
      owner: 'group:default/team-genomics',
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      'You are not a member of group:default/team-genomics: choose one of your teams (team-vision)',
    );
    expect(outputs).toEqual({});
    // A bare team name is the same team.
    const bare = contextFor({ name: 'genomics-atlas', owner: 'team-genomics' });
    await expect(action().handler(bare.ctx)).rejects.toThrow(
      'You are not a member of group:default/team-genomics',
    );
    const admin = contextFor(
      { name: 'genomics-atlas', owner: 'group:default/team-genomics' },
      undefined,
      { user: 'margaret' },
    );
    await action().handler(admin.ctx);
    expect(admin.outputs.ownerRef).toBe('group:default/team-genomics');
  });

  it('refuses a name the catalog already has', async () => {
    const { ctx } = contextFor({
      name: 'taken-project',
      owner: 'group:default/team-vision',
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      "A project named 'taken-project' already exists",
    );
  });
});

describe('atrium:environment:resolve', () => {
  const action = () =>
    createEnvironmentResolveAction({ catalog: testCatalog.catalog });

  it('outputs a production version and its environment.yml', async () => {
    const { ctx, outputs } = contextFor({
      environmentRef: 'resource:default/python-data-science-2026.11',
    });
    await action().handler(ctx);
    expect(outputs).toMatchObject({
      name: 'python-data-science',
      version: '2026.11',
      entityRef: 'resource:default/python-data-science-2026.11',
      channels: ['conda-forge'],
    });
    expect(parse(outputs.environmentYml as string)).toEqual({
      name: 'python-data-science-2026.11',
      channels: ['conda-forge'],
      dependencies: [
        'python=3.12.7',
        'numpy=2.1.3',
        'pandas=2.2.3',
        'pip=24.3.1',
        { pip: ['great-tables==0.14.0'] },
      ],
    });
  });

  it('refuses a deprecated version and names the newest one', async () => {
    const { ctx, outputs } = contextFor({
      environmentRef: 'resource:default/python-data-science-2025.05',
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      'python-data-science 2025.05 is deprecated: choose 2026.11',
    );
    expect(outputs).toEqual({});
  });

  it('refuses an environment with a range where a pin belongs', async () => {
    const { ctx } = contextFor({
      environmentRef: 'resource:default/loose-python-2026.11',
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      'numpy>=2 is not pinned: environments must pin exact versions',
    );
  });

  it('says when the environment does not exist, or is not an environment', async () => {
    const missing = contextFor({
      environmentRef: 'resource:default/python-data-science-1999.01',
    });
    await expect(action().handler(missing.ctx)).rejects.toThrow(
      'There is no environment resource:default/python-data-science-1999.01',
    );
    const group = contextFor({ environmentRef: 'group:default/team-vision' });
    await expect(action().handler(group.ctx)).rejects.toThrow(
      'is not a valid environment',
    );
  });
});

describe('atrium:publish:local and atrium:catalog:register', () => {
  const publish = () => createPublishLocalAction({ repositories });
  const register = () =>
    createCatalogRegisterAction({
      catalog: testCatalog.catalog,
      auth: testCatalog.auth,
      repositories,
      ...who,
    });

  it('publishes one commit by the user that git can clone, and registers it in the catalog', async () => {
    const workspace = writeProject('penguins');
    const { ctx, outputs } = contextFor(
      {
        name: 'penguins',
        owner: 'group:default/team-vision',
        commitMessage: 'Scaffolded from python-analysis 1.0.0',
      },
      workspace,
    );
    await publish().handler(ctx);
    const repoPath = path.join(gitRoot, 'team-vision', 'penguins.git');
    expect(outputs).toMatchObject({
      remoteUrl: `file://${repoPath}`,
      catalogInfoPath: '/catalog-info.yaml',
      commitHash: expect.stringMatching(/^[0-9a-f]{40}$/),
    });

    // The real git binary reads what isomorphic-git wrote.
    const gitLog = execFileSync(
      'git',
      ['--git-dir', repoPath, 'log', '--format=%H|%an|%ae|%s', 'main'],
      { encoding: 'utf8' },
    ).trim();
    expect(gitLog).toBe(
      `${outputs.commitHash}|Ada Lovelace|ada@example.org|Scaffolded from python-analysis 1.0.0`,
    );
    const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-clone-'));
    execFileSync('git', ['clone', '-q', outputs.remoteUrl as string, clone]);
    const cloned = execFileSync('git', ['-C', clone, 'ls-files'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    expect(cloned.sort()).toEqual([
      '.gitignore',
      'README.md',
      'catalog-info.yaml',
      'notebooks/01-explore.ipynb',
    ]);
    expect(
      execFileSync('git', ['-C', clone, 'fsck', '--strict'], {
        encoding: 'utf8',
      }),
    ).toBe('');
    fs.rmSync(clone, { recursive: true, force: true });

    const registered = contextFor({ repoUrl: outputs.remoteUrl as string });
    await register().handler(registered.ctx);
    expect(registered.outputs).toEqual({
      entityRef: 'component:default/penguins',
      locationRef: `atrium-git:file://${repoPath}`,
    });
    // The action waited for it: the entity is there for the user right away.
    const entity = await testCatalog.catalog.getEntityByRef(
      'component:default/penguins',
      { credentials: ada },
    );
    expect(entity?.spec?.owner).toBe('group:default/team-vision');
    expect(
      entity?.metadata.annotations?.['backstage.io/managed-by-location'],
    ).toBe(`atrium-git:file://${repoPath}`);
  });

  it('follows what people push: the catalog reads catalog-info.yaml at the tip of main', async () => {
    const workspace = writeProject('pushed-project');
    const published = contextFor(
      { name: 'pushed-project', owner: 'group:default/team-genomics' },
      workspace,
    );
    await publish().handler(published.ctx);
    await register().handler(
      contextFor({ repoUrl: published.outputs.remoteUrl as string }).ctx,
    );

    const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-clone-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', clone, ...args], { encoding: 'utf8' });
    execFileSync('git', [
      'clone',
      '-q',
      published.outputs.remoteUrl as string,
      clone,
    ]);
    const info = fs.readFileSync(path.join(clone, 'catalog-info.yaml'), 'utf8');
    fs.writeFileSync(
      path.join(clone, 'catalog-info.yaml'),
      info.replace('metadata:\n', 'metadata:\n  description: Pushed later\n'),
    );
    git(
      '-c',
      'user.name=Grace',
      '-c',
      'user.email=grace@example.org',
      'commit',
      '-qam',
      'Describe',
    );
    git('push', '-q', 'origin', 'main');
    fs.rmSync(clone, { recursive: true, force: true });

    const location = await testCatalog.catalog.getLocationByEntity(
      'component:default/pushed-project',
      { credentials: ada },
    );
    expect(location).toBeDefined();
    await testCatalog.catalog.refreshEntity(
      'component:default/pushed-project',
      {
        credentials: await testCatalog.auth.getOwnServiceCredentials(),
      },
    );
    const described = await eventually(async () => {
      const entity = await testCatalog.catalog.getEntityByRef(
        'component:default/pushed-project',
        { credentials: ada },
      );
      return entity?.metadata.description ? entity : undefined;
    });
    expect(described.metadata.description).toBe('Pushed later');
  });

  it('refuses to publish over an existing repository, and keeps its history', async () => {
    const workspace = writeProject('twice');
    const first = contextFor(
      { name: 'twice', owner: 'group:default/team-vision' },
      workspace,
    );
    await publish().handler(first.ctx);
    const second = contextFor(
      { name: 'twice', owner: 'group:default/team-vision' },
      workspace,
    );
    await expect(publish().handler(second.ctx)).rejects.toThrow(
      'The repository team-vision/twice already exists: choose another project name',
    );
    const repo = repositories.repository('team-vision', 'twice');
    const log = await repositories.log(repo);
    expect(log.map(c => c.oid)).toEqual([first.outputs.commitHash]);
  });

  it('refuses path traversal in the name and the owner', async () => {
    const workspace = writeProject('anything');
    for (const [input, message] of [
      [
        { name: '../../outside', owner: 'group:default/team-vision' },
        'must not contain ".."',
      ],
      [
        { name: '/tmp/abs', owner: 'group:default/team-vision' },
        'must not contain "/"',
      ],
      [
        { name: 'fine-name', owner: 'group:default/..' },
        'must not contain ".."',
      ],
    ] as const) {
      const { ctx } = contextFor(input, workspace);
      await expect(publish().handler(ctx)).rejects.toThrow(message);
    }
    expect(
      fs.readdirSync(path.dirname(gitRoot)).filter(f => f === 'outside'),
    ).toEqual([]);
  });

  it('registers only repositories under the git root', async () => {
    for (const [input, message] of [
      [{ repoUrl: 'file:///etc/passwd' }, 'is not a repository of this portal'],
      [
        { repoUrl: `file://${gitRoot}/team-vision/../../x.git` },
        'is not a repository of this portal',
      ],
      [
        { repoUrl: `file://${gitRoot}/team-vision/never-published.git` },
        'There is no repository',
      ],
      [
        { catalogInfoUrl: 'ftp://example.org/catalog-info.yaml' },
        'must be an http(s) URL',
      ],
      [{}, 'Give exactly one of repoUrl'],
    ] as const) {
      const { ctx } = contextFor(input as Record<string, string>);
      await expect(register().handler(ctx)).rejects.toThrow(message);
    }
  });

  it('registers only what the same task published', async () => {
    const workspace = writeProject('other-run');
    const published = contextFor(
      { name: 'other-run', owner: 'group:default/team-vision' },
      workspace,
      { taskId: 'task-of-someone-else' },
    );
    await publish().handler(published.ctx);
    const { ctx } = contextFor({
      repoUrl: published.outputs.remoteUrl as string,
    });
    await expect(register().handler(ctx)).rejects.toThrow(
      'team-vision/other-run was not published by this task: atrium:catalog:register registers only the repository atrium:publish:local created in the same run',
    );
    // A repository pushed by hand, without a task, is not registered either.
    await repositories.create({
      repo: repositories.repository('team-vision', 'by-hand'),
      files: [{ path: 'catalog-info.yaml', content: Buffer.from('{}') }],
      author: { name: 'A', email: 'a@example.org' },
      message: 'by hand',
    });
    const byHand = contextFor({
      repoUrl: repositories.repository('team-vision', 'by-hand').remoteUrl,
    });
    await expect(register().handler(byHand.ctx)).rejects.toThrow(
      'was not published by this task',
    );
    for (const name of ['other-run', 'by-hand']) {
      expect(
        await testCatalog.catalog.getEntityByRef(`component:default/${name}`, {
          credentials: ada,
        }),
      ).toBeUndefined();
    }
  });

  it('refuses entities owned by a team the user is not in, even when the template wrote them', async () => {
    // A template that skips atrium:project:validate and writes its own owner.
    const workspace = writeProject(
      'admin-takeover',
      'group:default/platform-admins',
    );
    const published = contextFor(
      { name: 'admin-takeover', owner: 'group:default/team-vision' },
      workspace,
    );
    await publish().handler(published.ctx);
    const { ctx } = contextFor({
      repoUrl: published.outputs.remoteUrl as string,
    });
    await expect(register().handler(ctx)).rejects.toThrow(
      'component:default/admin-takeover is owned by group:default/platform-admins. You are not a member of group:default/platform-admins: choose one of your teams (team-vision)',
    );
    expect(
      await testCatalog.catalog.getEntityByRef(
        'component:default/admin-takeover',
        { credentials: ada },
      ),
    ).toBeUndefined();

    // An admin may register a project for any team.
    const forGenomics = writeProject(
      'genomics-handover',
      'group:default/team-genomics',
    );
    const adminRun = { user: 'margaret', taskId: 'task-margaret' };
    const adminPublished = contextFor(
      { name: 'genomics-handover', owner: 'group:default/team-genomics' },
      forGenomics,
      adminRun,
    );
    await publish().handler(adminPublished.ctx);
    const adminRegistered = contextFor(
      { repoUrl: adminPublished.outputs.remoteUrl as string },
      undefined,
      adminRun,
    );
    await register().handler(adminRegistered.ctx);
    expect(adminRegistered.outputs.entityRef).toBe(
      'component:default/genomics-handover',
    );
  });
});

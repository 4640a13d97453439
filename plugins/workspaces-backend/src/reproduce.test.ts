import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import atriumPolicyModule from '@internal/plugin-permission-backend-module-atrium-policy';
// The routes are tested with the real permission stack and audit log: a
// plugin's test may start other plugins.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import rolesBackend from '@internal/plugin-roles-backend';
import {
  onBehalfOfAuthFactory,
  startJupyterHub,
  type StartedJupyterHub,
} from '@internal/test-utils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { workspacesPlugin } from './plugin';

jest.setTimeout(180_000);

/**
 * Launch sources and reproduce, end to end: a REAL JupyterHub, the REAL catalog
 * backend reading project entities from files, a REAL git repository (a bare one on
 * disk, read with `git ls-remote` through a file:// URL), the real permission backend
 * with Atrium's policy.
 */
let hub: StartedJupyterHub;
/** The portal's local git root (`atrium.scaffolder.localGit.root`). */
let dir: string;
/** A folder outside the git root, with a real repository in it. */
let outside: string;
let repository: string;

/** A local HTTP server that counts the requests it gets and answers each with `status`. */
async function countingServer(status: number) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(`${status} from the counting server: secret-internal-detail`);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    requests,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}
/** Not a configured integration: git must never call it. */
let forbidden: Awaited<ReturnType<typeof countingServer>>;
/** Configured as an integration (a GitHub Enterprise host); has no repositories. */
let integrated: Awaited<ReturnType<typeof countingServer>>;

beforeAll(async () => {
  hub = await startJupyterHub();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atrium-reproduce-'));
  outside = await fs.mkdtemp(path.join(os.tmpdir(), 'atrium-outside-root-'));
  repository = path.join(dir, 'cats-vs-dogs.git');
  git(dir, 'init', '--bare', '--initial-branch=main', repository);
  git(dir, 'clone', repository, path.join(dir, 'work'));
  await commit('README.md', 'Cats vs dogs\n');
  // A real repository with a commit, outside the git root: readable by git, not by Atrium.
  git(outside, 'clone', '-q', '--bare', repository, 'private.git');
  forbidden = await countingServer(200);
  integrated = await countingServer(404);
});
afterAll(async () => {
  await hub?.stop();
  await forbidden?.close();
  await integrated?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
  if (outside) await fs.rm(outside, { recursive: true, force: true });
});

/** Who belongs to which team; a test may take someone out of a team and back. */
const groups: Record<string, string[]> = {
  'user:default/ada': ['group:default/team-vision'],
  // Launches in a test of their own: the hub allows 5 named servers per user.
  'user:default/alan': ['group:default/team-vision'],
  'user:default/grace': ['group:default/team-genomics'],
  'user:default/margaret': ['group:default/platform-admins'],
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args],
    { cwd, encoding: 'utf8' },
  ).trim();
}

/** Commits a file to the repository's main branch; returns the new HEAD. */
async function commit(file: string, text: string): Promise<string> {
  const work = path.join(dir, 'work');
  await fs.writeFile(path.join(work, file), text);
  git(work, 'add', file);
  git(work, 'commit', '-m', `Add ${file}`);
  git(work, 'push', 'origin', 'HEAD:main');
  return git(work, 'rev-parse', 'HEAD');
}

function projectYaml(
  name: string,
  gitRepository: string,
  owner = 'group:default/team-vision',
) {
  return `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    atrium.io/environment: resource:default/python-data-science-2025.05
    atrium.io/workspace-profile: small
    atrium.io/git-repository: ${gitRepository}
spec:
  type: data-science-project
  lifecycle: experimental
  owner: ${owner}
`;
}

const PROJECTS = () => ({
  'cats-vs-dogs': projectYaml('cats-vs-dogs', `file://${repository}`),
  'lost-repo': projectYaml(
    'lost-repo',
    `file://${path.join(dir, 'nowhere.git')}`,
    'group:default/team-genomics',
  ),
  'genomics-atlas': projectYaml(
    'genomics-atlas',
    `file://${path.join(dir, 'nowhere.git')}`,
    'team-genomics',
  ),
  'internal-scan': projectYaml(
    'internal-scan',
    `http://${forbidden.host}/admin/secret.git`,
  ),
  'outside-root': projectYaml(
    'outside-root',
    `file://${path.join(outside, 'private.git')}`,
  ),
  'on-integration': projectYaml(
    'on-integration',
    `http://${integrated.host}/team-vision/missing.git`,
  ),
});

async function startBackend() {
  const catalogFile = path.join(dir, 'projects.yaml');
  await fs.writeFile(catalogFile, Object.values(PROJECTS()).join('---\n'));
  const { server } = await startTestBackend({
    features: [
      workspacesPlugin,
      catalogBackend,
      rolesBackend,
      permissionBackend,
      atriumPolicyModule,
      onBehalfOfAuthFactory,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.userInfo.mock({
        getUserInfo: async credentials => {
          const ref = (credentials.principal as { userEntityRef: string })
            .userEntityRef;
          return {
            userEntityRef: ref,
            ownershipEntityRefs: [ref, ...(groups[ref] ?? [])],
          };
        },
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          atrium: {
            roles: { admin: ['group:default/platform-admins'] },
            scaffolder: { localGit: { root: dir } },
          },
          integrations: {
            github: [
              {
                host: integrated.host,
                apiBaseUrl: `http://${integrated.host}/api/v3`,
              },
            ],
          },
          catalog: {
            rules: [{ allow: ['Component', 'Location'] }],
            locations: [{ type: 'file', target: catalogFile }],
          },
          workspaces: {
            jupyterhub: { url: hub.url, apiToken: hub.serviceToken },
            profiles: [
              {
                display_name: 'Small Instance',
                slug: 'small',
                default: true,
                kubespawner_override: { cpu_limit: 2, mem_limit: '8G' },
                profile_options: {
                  image: {
                    display_name: 'Image',
                    choices: {
                      scipy: { display_name: 'SciPy', default: true },
                      pytorch: { display_name: 'PyTorch' },
                    },
                  },
                },
              },
            ],
          },
        },
      }),
    ],
  });
  const as = (user: string) =>
    mockCredentials.user.header(`user:default/${user}`);
  // The catalog ingests the project files in the background. Asked as a service, as the
  // workspaces plugin asks it (the mock user tokens of a test backend cannot go through
  // the catalog's conditional permission checks).
  for (let attempt = 0; ; attempt++) {
    const found = await Promise.all(
      Object.keys(PROJECTS()).map(name =>
        request(server)
          .get(`/api/catalog/entities/by-name/component/default/${name}`)
          .set('authorization', mockCredentials.service.header()),
      ),
    );
    if (found.every(res => res.status === 200)) break;
    if (attempt > 120) {
      throw new Error(
        `The catalog did not ingest the projects: ${found.map(
          res => res.status,
        )}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  return { server, as };
}

describe('launch sources and reproduce', () => {
  it('records the project environment and git HEAD at launch, and reproduces exactly that', async () => {
    const { server, as } = await startBackend();
    const firstHead = git(dir, '--git-dir', repository, 'rev-parse', 'HEAD');

    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({
        name: 'analysis',
        profile: 'small',
        options: { image: 'pytorch' },
        project: 'component:default/cats-vs-dogs',
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'analysis',
      profile: 'small',
      options: { image: 'pytorch' },
      project: 'component:default/cats-vs-dogs',
      // Not in the request: taken from the project's annotations at launch.
      environment: 'resource:default/python-data-science-2025.05',
      gitCommit: firstHead,
    });
    const history = await request(server)
      .get(`/api/workspaces/workspaces/${created.body.id}/events`)
      .set('authorization', as('ada'));
    expect(history.body.items).toContainEqual(
      expect.objectContaining({
        status: 'starting',
        reason: `launched at commit ${firstHead.slice(
          0,
          12,
        )} of file://${repository}`,
        profile: 'small',
        options: { image: 'pytorch' },
        environment: 'resource:default/python-data-science-2025.05',
        gitCommit: firstHead,
      }),
    );

    // The project moves on; a reproduction stays at the commit the original ran.
    const secondHead = await commit('train.py', 'print("training")\n');
    expect(secondHead).not.toBe(firstHead);

    const reproduced = await request(server)
      .post(`/api/workspaces/workspaces/${created.body.id}/reproduce`)
      .set('authorization', as('ada'));
    expect(reproduced.status).toBe(201);
    expect(reproduced.body).toMatchObject({
      name: 'analysis-repro-1',
      owner: 'user:default/ada',
      profile: 'small',
      options: { image: 'pytorch' },
      project: 'component:default/cats-vs-dogs',
      environment: 'resource:default/python-data-science-2025.05',
      gitCommit: firstHead,
      reproducedFrom: created.body.id,
    });
    expect(['starting', 'running']).toContain(reproduced.body.status);
    const reproducedHistory = await request(server)
      .get(`/api/workspaces/workspaces/${reproduced.body.id}/events`)
      .set('authorization', as('ada'));
    expect(reproducedHistory.body.items).toContainEqual(
      expect.objectContaining({
        status: 'starting',
        gitCommit: firstHead,
        reason: `launched at commit ${firstHead.slice(0, 12)}`,
      }),
    );

    const again = await request(server)
      .post(`/api/workspaces/workspaces/${created.body.id}/reproduce`)
      .set('authorization', as('ada'))
      .send({});
    expect(again.status).toBe(201);
    expect(again.body.name).toBe('analysis-repro-2');

    // A new launch of the project (not a reproduction) is at the new HEAD.
    const fresh = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({
        name: 'fresh',
        profile: 'small',
        project: 'component:default/cats-vs-dogs',
      });
    expect(fresh.status).toBe(201);
    expect(fresh.body.gitCommit).toBe(secondHead);

    for (const id of [
      created.body.id,
      reproduced.body.id,
      again.body.id,
      fresh.body.id,
    ]) {
      const deleted = await request(server)
        .delete(`/api/workspaces/workspaces/${id}`)
        .set('authorization', as('ada'));
      expect(deleted.status).toBe(204);
    }
  });

  it('launches without a commit when git cannot read the repository, and says why', async () => {
    const { server, as } = await startBackend();
    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('grace'))
      .send({
        name: 'lost',
        profile: 'small',
        project: 'component:default/lost-repo',
      });
    expect(created.status).toBe(201);
    expect(created.body.gitCommit).toBeUndefined();
    expect(['starting', 'running']).toContain(created.body.status);
    const history = await request(server)
      .get(`/api/workspaces/workspaces/${created.body.id}/events`)
      .set('authorization', as('grace'));
    const launch = history.body.items.find((e: any) => e.status === 'starting');
    // A short reason, never git's own words (they can carry what a server answered).
    expect(launch.reason).toBe(
      'launched without a git commit: repository not found',
    );
    expect(launch.environment).toBe(
      'resource:default/python-data-science-2025.05',
    );
    expect(launch.gitCommit).toBeUndefined();
    await request(server)
      .delete(`/api/workspaces/workspaces/${created.body.id}`)
      .set('authorization', as('grace'));
  });

  it('checks who may reproduce what, and says what to fix in bad input', async () => {
    const { server, as } = await startBackend();
    const commitSha = git(dir, '--git-dir', repository, 'rev-parse', 'HEAD');
    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({
        name: 'pinned',
        profile: 'small',
        gitCommit: commitSha.toUpperCase(),
        start: false,
      });
    expect(created.status).toBe(201);
    expect(created.body.gitCommit).toBe(commitSha);
    const id = created.body.id;

    const anonymous = await request(server).post(
      `/api/workspaces/workspaces/${id}/reproduce`,
    );
    expect(anonymous.status).toBe(401);

    // Someone else's workspace is not theirs to see.
    const grace = await request(server)
      .post(`/api/workspaces/workspaces/${id}/reproduce`)
      .set('authorization', as('grace'));
    expect(grace.status).toBe(404);

    const badName = await request(server)
      .post(`/api/workspaces/workspaces/${id}/reproduce`)
      .set('authorization', as('ada'))
      .send({ name: 'Not A Name' });
    expect(badName.status).toBe(400);
    expect(badName.body.error.message).toMatch(
      /^Invalid reproduction: name: .*lower-case letters/,
    );

    const extra = await request(server)
      .post(`/api/workspaces/workspaces/${id}/reproduce`)
      .set('authorization', as('ada'))
      .send({ profile: 'gpu' });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/Unrecognized key.*profile/);

    const notAnId = await request(server)
      .post('/api/workspaces/workspaces/123/reproduce')
      .set('authorization', as('ada'));
    expect(notAnId.status).toBe(400);
    expect(notAnId.body.error.message).toMatch(/is not a workspace id/);

    const badCommit = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({ name: 'bad-commit', profile: 'small', gitCommit: 'HEAD' });
    expect(badCommit.status).toBe(400);
    expect(badCommit.body.error.message).toMatch(
      /gitCommit: a full commit sha/,
    );

    // A name already taken is a conflict, not a server error.
    const taken = await request(server)
      .post(`/api/workspaces/workspaces/${id}/reproduce`)
      .set('authorization', as('ada'))
      .send({ name: 'pinned' });
    expect(taken.status).toBe(409);

    // Admins may reproduce anyone's workspace: the copy is theirs.
    const margaret = await request(server)
      .post(`/api/workspaces/workspaces/${id}/reproduce`)
      .set('authorization', as('margaret'))
      .send({ name: 'ada-pinned-check', start: false });
    expect(margaret.status).toBe(201);
    expect(margaret.body).toMatchObject({
      status: 'stopped',
      owner: 'user:default/margaret',
      gitCommit: commitSha,
      reproducedFrom: id,
    });
    for (const [who, workspaceId] of [
      ['margaret', margaret.body.id],
      ['ada', id],
    ]) {
      await request(server)
        .delete(`/api/workspaces/workspaces/${workspaceId}`)
        .set('authorization', as(who));
    }
  });

  it('never lets git call a host that is not a configured integration, nor read outside the git root', async () => {
    const { server, as } = await startBackend();
    const launchOf = async (project: string) => {
      const created = await request(server)
        .post('/api/workspaces/workspaces')
        .set('authorization', as('alan'))
        .send({
          name: `launch-${project}`,
          profile: 'small',
          project: `component:default/${project}`,
        });
      expect([created.status, created.body.error?.message]).toEqual([
        201,
        undefined,
      ]);
      const history = await request(server)
        .get(`/api/workspaces/workspaces/${created.body.id}/events`)
        .set('authorization', as('alan'));
      const launch = history.body.items.find(
        (e: any) => e.status === 'starting',
      );
      await request(server)
        .delete(`/api/workspaces/workspaces/${created.body.id}`)
        .set('authorization', as('alan'));
      return { workspace: created.body, launch };
    };

    const internal = await launchOf('internal-scan');
    expect(internal.workspace.gitCommit).toBeUndefined();
    expect(internal.launch.reason).toBe(
      `the project's repository ${forbidden.host} is not one of the configured integrations: the commit was not recorded`,
    );
    expect(forbidden.requests).toEqual([]);

    const outsideRoot = await launchOf('outside-root');
    expect(outsideRoot.workspace.gitCommit).toBeUndefined();
    expect(outsideRoot.launch.reason).toBe(
      `the project's repository file://${path.join(
        outside,
        'private.git',
      )} is not under the portal's git root: the commit was not recorded`,
    );

    // A configured integration is asked; what it answers is said in a few words.
    const onIntegration = await launchOf('on-integration');
    expect(integrated.requests.length).toBeGreaterThan(0);
    expect(onIntegration.launch.reason).toBe(
      'launched without a git commit: repository not found',
    );
    expect(JSON.stringify(onIntegration)).not.toContain(
      'secret-internal-detail',
    );
  });

  it('launches for a project only its team members (or an admin)', async () => {
    const { server, as } = await startBackend();
    const post = (who: string, body: object) =>
      request(server)
        .post('/api/workspaces/workspaces')
        .set('authorization', as(who))
        .send({ profile: 'small', ...body });
    const notMember =
      'You are not a member of group:default/team-genomics, which owns component:default/genomics-atlas: ask them to add you or launch without the project';

    for (const start of [true, false]) {
      const refused = await post('ada', {
        name: `atlas-${start}`,
        project: 'component:default/genomics-atlas',
        start,
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(notMember);
    }
    const preview = await request(server)
      .post('/api/workspaces/launch-preview')
      .set('authorization', as('ada'))
      .send({ profile: 'small', project: 'component:default/genomics-atlas' });
    expect(preview.status).toBe(403);
    expect(preview.body.error.message).toBe(notMember);
    const mine = await request(server)
      .get('/api/workspaces/workspaces')
      .set('authorization', as('ada'));
    expect(mine.body.items.map((w: any) => w.name)).not.toContain(
      'atlas-false',
    );

    const unknown = await post('ada', {
      name: 'unknown',
      project: 'component:default/no-such-project',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      "There is no project 'component:default/no-such-project' in the catalog",
    );
    // A project ref is bounded (255 characters) and a Component's, refused as input
    // before the catalog is asked, without echoing the value.
    const long = `component:default/${'x'.repeat(300)}`;
    const unknownLong = await post('ada', { name: 'unknown', project: long });
    expect(unknownLong.status).toBe(400);
    expect(unknownLong.body.error.message).toContain(
      'Invalid workspace: project: must be at most 255 characters',
    );
    expect(unknownLong.body.error.message).not.toContain('x'.repeat(100));
    const notAProject = await post('ada', {
      name: 'a-group',
      project: 'group:default/team-vision',
    });
    expect(notAProject.status).toBe(400);
    expect(notAProject.body.error.message).toBe(
      'Invalid workspace: project: must be a component entity ref, like component:default/alice',
    );

    // grace's team owns it (spec.owner written as a bare name); an admin may launch any.
    const grace = await post('grace', {
      name: 'atlas',
      project: 'component:default/genomics-atlas',
      start: false,
    });
    expect(grace.status).toBe(201);
    const margaret = await post('margaret', {
      name: 'atlas-check',
      project: 'component:default/genomics-atlas',
      start: false,
    });
    expect(margaret.status).toBe(201);

    // Leaving the team ends launching for its project: start and reproduce are refused.
    const own = await post('ada', {
      name: 'cats',
      project: 'component:default/cats-vs-dogs',
      start: false,
    });
    expect(own.status).toBe(201);
    groups['user:default/ada'] = [];
    try {
      const start = await request(server)
        .post(`/api/workspaces/workspaces/${own.body.id}/start`)
        .set('authorization', as('ada'));
      expect(start.status).toBe(403);
      expect(start.body.error.message).toBe(
        'You are not a member of group:default/team-vision, which owns component:default/cats-vs-dogs: ask them to add you or launch without the project',
      );
      const reproduce = await request(server)
        .post(`/api/workspaces/workspaces/${own.body.id}/reproduce`)
        .set('authorization', as('ada'))
        .send({ start: false });
      expect(reproduce.status).toBe(403);
    } finally {
      groups['user:default/ada'] = ['group:default/team-vision'];
    }
    for (const [who, id] of [
      ['grace', grace.body.id],
      ['margaret', margaret.body.id],
      ['ada', own.body.id],
    ]) {
      await request(server)
        .delete(`/api/workspaces/workspaces/${id}`)
        .set('authorization', as(who));
    }
  });
});

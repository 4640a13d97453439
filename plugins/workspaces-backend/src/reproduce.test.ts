import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import atriumPolicyModule from '@internal/plugin-permission-backend-module-atrium-policy';
import rolesBackend from '@internal/plugin-roles-backend';
import { startJupyterHub, type StartedJupyterHub } from '@internal/test-utils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
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
let dir: string;
let repository: string;
beforeAll(async () => {
  hub = await startJupyterHub();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atrium-reproduce-'));
  repository = path.join(dir, 'cats-vs-dogs.git');
  git(dir, 'init', '--bare', '--initial-branch=main', repository);
  git(dir, 'clone', repository, path.join(dir, 'work'));
  await commit('README.md', 'Cats vs dogs\n');
});
afterAll(async () => {
  await hub?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

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

function projectYaml(name: string, gitRepository: string) {
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
  owner: group:default/team-vision
`;
}

async function startBackend() {
  const catalogFile = path.join(dir, 'projects.yaml');
  await fs.writeFile(
    catalogFile,
    [
      projectYaml('cats-vs-dogs', `file://${repository}`),
      projectYaml('lost-repo', `file://${path.join(dir, 'nowhere.git')}`),
    ].join('---\n'),
  );
  const { server } = await startTestBackend({
    features: [
      workspacesPlugin,
      catalogBackend,
      rolesBackend,
      permissionBackend,
      atriumPolicyModule,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.userInfo.mock({
        getUserInfo: async credentials => {
          const ref = (credentials.principal as { userEntityRef: string })
            .userEntityRef;
          const groups: Record<string, string[]> = {
            'user:default/ada': ['group:default/team-vision'],
            'user:default/grace': ['group:default/team-genomics'],
            'user:default/margaret': ['group:default/platform-admins'],
          };
          return {
            userEntityRef: ref,
            ownershipEntityRefs: [ref, ...(groups[ref] ?? [])],
          };
        },
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          atrium: { roles: { admin: ['group:default/platform-admins'] } },
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
      ['cats-vs-dogs', 'lost-repo'].map(name =>
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
    expect(launch.reason).toMatch(
      new RegExp(
        `^launched without a git commit: git ls-remote file://${path.join(
          dir,
          'nowhere.git',
        )} failed: `,
      ),
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
});

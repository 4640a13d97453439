import request from 'supertest';
import {
  commit,
  dir,
  git,
  repository,
  startBackend,
  useLaunchSourceFixture,
} from './__testUtils__/launchSourceFixture';

jest.setTimeout(180_000);

/**
 * Launch sources and reproduce, end to end: a REAL JupyterHub, the REAL catalog
 * backend reading project entities from files, a REAL git repository (a bare one on
 * disk, read with `git ls-remote` through a file:// URL), the real permission backend
 * with Atrium's policy.
 */
useLaunchSourceFixture();

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
});

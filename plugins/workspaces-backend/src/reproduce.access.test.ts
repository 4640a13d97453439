import path from 'node:path';
import request from 'supertest';
import {
  forbidden,
  groups,
  integrated,
  outside,
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

describe('launch sources and reproduce: who may launch what', () => {
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

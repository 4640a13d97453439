import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { workspacesPlugin } from '../plugin';

/**
 * The bounds the workspaces routes put on their input: nothing unbounded is stored, and
 * no message echoes a long value back. No hub is configured: every request here is
 * answered before a workspace would start.
 */
async function startBackend() {
  const { server } = await startTestBackend({
    features: [
      workspacesPlugin,
      mockServices.userInfo.mock({
        getUserInfo: async () => ({
          userEntityRef: 'user:default/ada',
          ownershipEntityRefs: [
            'user:default/ada',
            'group:default/team-vision',
          ],
        }),
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          workspaces: {
            profiles: [
              {
                display_name: 'Small Instance',
                slug: 'small',
                kubespawner_override: { cpu_limit: 2, mem_limit: '8G' },
              },
            ],
          },
        },
      }),
    ],
  });
  const post = (path: string, body: object) =>
    request(server)
      .post(`/api/workspaces${path}`)
      .set('authorization', mockCredentials.user.header('user:default/ada'))
      .send(body);
  const list = () =>
    request(server)
      .get('/api/workspaces/workspaces')
      .set('authorization', mockCredentials.user.header('user:default/ada'));
  const get = (path: string) =>
    request(server)
      .get(`/api/workspaces${path}`)
      .set('authorization', mockCredentials.user.header('user:default/ada'));
  return { post, list, get };
}

const long = (length: number) => 'x'.repeat(length);

describe('workspaces routes: bounds on input', () => {
  it('refuses a 60 kB project ref with a 400 and stores nothing', async () => {
    const { post, list } = await startBackend();
    const project = `component:default/${long(60_000)}`;
    const res = await post('/workspaces', {
      name: 'huge-project',
      profile: 'small',
      project,
      start: false,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('project');
    expect(res.body.error.message.length).toBeLessThan(400);
    expect(res.body.error.message).not.toContain(long(100));
    expect((await list()).body.items).toEqual([]);

    // An entity ref of another kind is no project either.
    const wrongKind = await post('/workspaces', {
      name: 'wrong-kind',
      profile: 'small',
      project: 'user:default/ada',
      start: false,
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error.message).toContain(
      'must be a component entity ref',
    );
  });

  it('refuses an unbounded profile, environment and options without echoing them', async () => {
    const { post, list } = await startBackend();
    for (const body of [
      { name: 'p1', profile: long(60_000), start: false },
      {
        name: 'p2',
        profile: 'small',
        environment: `resource:default/${long(60_000)}`,
        start: false,
      },
      {
        name: 'p3',
        profile: 'small',
        options: { image: long(60_000) },
        start: false,
      },
      {
        name: 'p4',
        profile: 'small',
        options: Object.fromEntries(
          Array.from({ length: 100 }, (_, i) => [`o${i}`, 'v']),
        ),
        start: false,
      },
    ]) {
      const res = await post('/workspaces', body);
      expect(res.status).toBe(400);
      expect(res.body.error.message.length).toBeLessThan(400);
      expect(res.body.error.message).not.toContain(long(100));
      // The field is named once (parseInput names it; the messages do not repeat it).
      expect(res.body.error.message).not.toMatch(/(\w+): \1:/);
    }
    const preview = await post('/launch-preview', { profile: long(60_000) });
    expect(preview.status).toBe(400);
    expect(preview.body.error.message).not.toContain(long(100));
    expect((await list()).body.items).toEqual([]);
  });

  it("quotes at most a short prefix of an unknown profile: There is no profile '…'", async () => {
    const { post } = await startBackend();
    const res = await post('/workspaces', {
      name: 'unknown-profile',
      profile: `huge-${long(200)}`,
      start: false,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      `There is no profile 'huge-${long(34)}…': choose one of small`,
    );
  });

  it('pages the list and refuses a bad page, sort or filter with a 400 naming it', async () => {
    const { post, get } = await startBackend();
    for (const name of ['b-one', 'a-two', 'c-three']) {
      expect(
        (await post('/workspaces', { name, profile: 'small', start: false }))
          .status,
      ).toBe(201);
    }
    const page = await get(
      '/workspaces?limit=2&offset=1&sort=name&order=desc&status=stopped&q=-T',
    );
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(2);
    expect(page.body.items.map((w: { name: string }) => w.name)).toEqual([
      'a-two',
    ]);
    // Without limit: the whole list, as before (home widgets, entity tabs).
    const whole = await get('/workspaces');
    expect(whole.body.items).toHaveLength(3);
    expect(whole.body.total).toBeUndefined();

    for (const [query, message] of [
      ['limit=500', 'must be at most 200'],
      ['limit=0', 'must be at least 1'],
      ['limit=10&offset=-1', 'must be at least 0'],
      ['limit=10&sort=hub_user', 'sort: one of name, owner'],
      ['limit=10&order=up', 'order: asc or desc'],
      ['limit=10&status=running,sleeping', 'status: sleeping is not one of'],
      [`limit=10&q=${long(200)}`, 'must be at most 100 characters'],
      ['limit=10&hub_user=ada', 'hub_user'],
    ]) {
      const res = await get(`/workspaces?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.error.message).toContain(message);
      expect(res.body.error.message).not.toContain(long(100));
      // The field is named once (parseInput names it; the messages do not repeat it).
      expect(res.body.error.message).not.toMatch(/(\w+): \1:/);
    }
  });

  it('takes a conda-store build id only as a whole number, and only with its environment', async () => {
    const { post, list } = await startBackend();
    for (const environmentBuild of [-1, 2.5, '7', 2 ** 40]) {
      const res = await post('/workspaces', {
        name: 'on-build',
        profile: 'small',
        environment: 'resource:default/team-vision-vision-training',
        environmentBuild,
        start: false,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('environmentBuild');
    }
    const alone = await post('/workspaces', {
      name: 'on-build',
      profile: 'small',
      environmentBuild: 7,
      start: false,
    });
    expect(alone.status).toBe(400);
    expect(alone.body.error.message).toBe(
      'environmentBuild names a conda-store build of the environment: give the environment too',
    );
    expect((await list()).body.items).toEqual([]);
  });
});

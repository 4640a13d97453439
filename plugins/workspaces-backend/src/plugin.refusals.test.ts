import { mockCredentials } from '@backstage/backend-test-utils';
import { startJupyterHub, type StartedJupyterHub } from '@internal/test-utils';
import request from 'supertest';
import {
  progressOf,
  released,
  startBackend as startTestBackendWith,
} from './__testUtils__/routesTestBackend';

jest.setTimeout(120_000);

/**
 * The workspaces routes on a test backend with a REAL JupyterHub (Debian's package), the
 * real permission backend with Atrium's policy and the roles backend.
 */
let hub: StartedJupyterHub;
beforeAll(async () => {
  hub = await startJupyterHub();
});
afterAll(async () => {
  await hub?.stop();
});

const startBackend = () => startTestBackendWith(hub);

describe('workspaces routes against a real JupyterHub: mistakes, refusals, metering, a hub down', () => {
  it('answers mistakes with 4xx messages a person can act on', async () => {
    const { server, as } = await startBackend();
    const post = (user: string, body: object) =>
      request(server)
        .post('/api/workspaces/workspaces')
        .set('authorization', as(user))
        .send(body);

    const badName = await post('ada', {
      name: 'My_Workspace',
      profile: 'small',
    });
    expect(badName.status).toBe(400);
    expect(badName.body.error.message).toContain(
      'lower-case letters, digits and hyphens',
    );

    const unknown = await post('ada', { name: 'x1', profile: 'huge' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      `There is no profile 'huge': choose one of small, gpu, ${hub.failProfile}`,
    );

    const forbidden = await post('grace', { name: 'x2', profile: 'gpu' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toMatch(/not available to you/);

    const extra = await post('ada', {
      name: 'x3',
      profile: 'small',
      color: 'blue',
    });
    expect(extra.status).toBe(400);

    // A launch for a project needs the project (this backend's catalog has none).
    const noProject = await post('ada', {
      name: 'x4',
      profile: 'small',
      project: 'component:default/cats-vs-dogs',
    });
    expect(noProject.status).toBe(400);
    expect(noProject.body.error.message).toBe(
      "There is no project 'component:default/cats-vs-dogs' in the catalog",
    );

    const badId = await request(server)
      .get('/api/workspaces/workspaces/123')
      .set('authorization', as('ada'));
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toContain('is not a workspace id');

    // The admission hook refuses with its reason.
    const refused = await post('ada', { name: 'train-3', profile: 'gpu' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      "team-vision uses 4 of 4 GPUs: stop 'train-2' or ask an admin",
    );

    const first = await post('ada', {
      name: 'twice',
      profile: 'small',
      start: false,
    });
    expect(first.status).toBe(201);
    const taken = await post('ada', { name: 'twice', profile: 'small' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toContain(
      "You already have a workspace named 'twice'",
    );
  });

  it("shows a failed start with the hub's message", async () => {
    const { server, as } = await startBackend();
    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({ name: 'broken-1', profile: hub.failProfile });
    expect(created.status).toBe(201);
    const events = await progressOf(server, as('ada'), created.body.id);
    expect(events[events.length - 1]).toMatchObject({ failed: true });
    expect(events[events.length - 1].message).toContain('could not be pulled');
    const ws = await request(server)
      .get(`/api/workspaces/workspaces/${created.body.id}`)
      .set('authorization', as('ada'));
    expect(ws.body.status).toBe('failed');
    expect(ws.body.statusReason).toContain('could not be pulled');
  });

  it('previews a launch with what admission checks say, and releases what a stop frees', async () => {
    const { server, as } = await startBackend();
    const small = await request(server)
      .post('/api/workspaces/launch-preview')
      .set('authorization', as('ada'))
      .send({ profile: 'small' });
    expect(small.status).toBe(200);
    expect(small.body).toEqual({
      profile: 'small',
      resources: { cpu: 2, memoryGiB: 8, gpu: 0 },
      facts: [
        {
          check: 'test-gpu-quota',
          label: 'CPU asked',
          value: '2 cores for user:default/ada',
        },
      ],
    });
    const gpu = await request(server)
      .post('/api/workspaces/launch-preview')
      .set('authorization', as('ada'))
      .send({ profile: 'gpu' });
    expect(gpu.body.refusal).toBe(
      "team-vision uses 4 of 4 GPUs: stop 'train-2' or ask an admin",
    );
    // The same rules as a start: grace may not use the GPU profile, nobody a made-up one.
    const forbidden = await request(server)
      .post('/api/workspaces/launch-preview')
      .set('authorization', as('grace'))
      .send({ profile: 'gpu' });
    expect(forbidden.status).toBe(403);
    const unknown = await request(server)
      .post('/api/workspaces/launch-preview')
      .set('authorization', as('ada'))
      .send({ profile: 'huge' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain("There is no profile 'huge'");
    const anonymous = await request(server)
      .post('/api/workspaces/launch-preview')
      .send({ profile: 'small' });
    expect(anonymous.status).toBe(401);

    // A refused start hands back what earlier checks may have reserved; so does a stop.
    const refused = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({ name: 'refused-gpu', profile: 'gpu' });
    expect(refused.status).toBe(403);
    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({ name: 'released', profile: 'small' });
    expect(created.status).toBe(201);
    await progressOf(server, as('ada'), created.body.id);
    expect(released).not.toContain(created.body.id);
    const stopped = await request(server)
      .post(`/api/workspaces/workspaces/${created.body.id}/stop`)
      .set('authorization', as('ada'));
    expect(stopped.status).toBe(202);
    expect(released).toContain(created.body.id);
  });

  it('gives usage sessions to services and admins only, paged', async () => {
    const { server, as } = await startBackend();
    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({ name: 'metered', profile: 'small' });
    await progressOf(server, as('ada'), created.body.id);

    const since = new Date(Date.now() - 3_600_000).toISOString();
    const asOtherPlugin = await request(server)
      .get(`/api/workspaces/usage-sessions?since=${since}`)
      .set(
        'authorization',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:catalog'),
          targetPluginId: 'workspaces',
        }),
      );
    expect(asOtherPlugin.status).toBe(403);
    const asService = await request(server)
      .get(`/api/workspaces/usage-sessions?since=${since}`)
      .set(
        'authorization',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:costs'),
          targetPluginId: 'workspaces',
        }),
      );
    expect(asService.status).toBe(200);
    const mine = asService.body.items.find(
      (s: any) => s.workspaceId === created.body.id,
    );
    expect(mine).toMatchObject({
      owner: 'user:default/ada',
      workspaceName: 'metered',
      profile: 'small',
      cpu: 2,
      memoryGiB: 8,
    });
    expect(mine.endedAt).toBeUndefined();

    const page = await request(server)
      .get(`/api/workspaces/usage-sessions?since=${since}&limit=1`)
      .set('authorization', as('margaret'));
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextAfter).toBe(page.body.items[0].id);

    const asAda = await request(server)
      .get(`/api/workspaces/usage-sessions?since=${since}`)
      .set('authorization', as('ada'));
    expect(asAda.status).toBe(403);
    const badSince = await request(server)
      .get('/api/workspaces/usage-sessions?since=yesterday')
      .set(
        'authorization',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:costs'),
          targetPluginId: 'workspaces',
        }),
      );
    expect(badSince.status).toBe(400);
    expect(badSince.body.error.message).toContain('since');

    await request(server)
      .post(`/api/workspaces/workspaces/${created.body.id}/stop`)
      .set('authorization', as('ada'));
  });

  it('says the hub is not answering with a 503', async () => {
    const { server, as } = await startBackend();
    await hub.stop();
    try {
      const res = await request(server)
        .post('/api/workspaces/workspaces')
        .set('authorization', as('ada'))
        .send({ name: 'while-down', profile: 'small' });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toContain(
        `JupyterHub at ${hub.url} is not answering`,
      );
      // Nothing was lost: the record exists, failed with the reason.
      const mine = await request(server)
        .get('/api/workspaces/workspaces')
        .set('authorization', as('ada'));
      const record = mine.body.items.find((w: any) => w.name === 'while-down');
      expect(record).toMatchObject({ status: 'failed' });
    } finally {
      await hub.restart();
    }
  });
});

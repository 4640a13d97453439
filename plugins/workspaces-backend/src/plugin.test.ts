import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import permissionBackend from '@backstage/plugin-permission-backend';
import atriumPolicyModule from '@internal/plugin-permission-backend-module-atrium-policy';
// The routes are tested with the real permission stack and audit log: a
// plugin's test may start other plugins.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import rolesBackend from '@internal/plugin-roles-backend';
import { workspacesAdmissionExtensionPoint } from '@internal/plugin-workspaces-node';
import { startJupyterHub, type StartedJupyterHub } from '@internal/test-utils';
import request from 'supertest';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import auditPlugin from '@internal/plugin-audit-backend';
import { atriumAuditorServiceFactory } from '@internal/plugin-audit-node';
import { workspacesPlugin } from './plugin';

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

const groups: Record<string, string[]> = {
  'user:default/ada': ['group:default/team-vision'],
  'user:default/grace': ['group:default/team-genomics'],
  'user:default/margaret': ['group:default/platform-admins'],
};

/** Workspaces the test admission check was told to release, in order. */
const released: string[] = [];

/** A test module that refuses GPU launches, standing in for the budget/quota work. */
const refuseGpuModule = createBackendModule({
  pluginId: 'workspaces',
  moduleId: 'test-refuse-gpu',
  register(reg) {
    reg.registerInit({
      deps: { admission: workspacesAdmissionExtensionPoint },
      async init({ admission }) {
        admission.addAdmissionCheck({
          name: 'test-gpu-quota',
          async check(req) {
            return req.resources.gpu > 0
              ? {
                  allowed: false,
                  reason:
                    "team-vision uses 4 of 4 GPUs: stop 'train-2' or ask an admin",
                }
              : { allowed: true };
          },
          async preview(req) {
            return {
              facts: [
                {
                  label: 'CPU asked',
                  value: `${req.resources.cpu} cores for ${req.user}`,
                },
              ],
              ...(req.resources.gpu > 0
                ? {
                    refusal:
                      "team-vision uses 4 of 4 GPUs: stop 'train-2' or ask an admin",
                  }
                : {}),
            };
          },
          async release(workspace) {
            released.push(workspace.id);
          },
        });
      },
    });
  },
});

async function startBackend() {
  const { server } = await startTestBackend({
    features: [
      workspacesPlugin,
      refuseGpuModule,
      rolesBackend,
      permissionBackend,
      atriumPolicyModule,
      auditPlugin,
      atriumAuditorServiceFactory,
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
          atrium: { roles: { admin: ['group:default/platform-admins'] } },
          workspaces: {
            jupyterhub: { url: hub.url, apiToken: hub.serviceToken },
            profiles: [
              {
                display_name: 'Small Instance',
                slug: 'small',
                default: true,
                kubespawner_override: { cpu_limit: 2, mem_limit: '8G' },
              },
              {
                display_name: 'GPU Instance',
                slug: 'gpu',
                access: 'yaml',
                groups: ['team-vision'],
                kubespawner_override: {
                  cpu_limit: 4,
                  mem_limit: '16G',
                  extra_resource_limits: { 'nvidia.com/gpu': 1 },
                },
              },
              {
                display_name: 'Broken image',
                slug: hub.failProfile,
                kubespawner_override: { cpu_limit: 1, mem_limit: '1G' },
              },
            ],
          },
        },
      }),
    ],
  });
  const as = (user: string) =>
    mockCredentials.user.header(`user:default/${user}`);
  return { server, as };
}

/** Reads the progress stream of a workspace to its end. */
async function progressOf(server: any, auth: string, id: string) {
  const res = await request(server)
    .get(`/api/workspaces/workspaces/${id}/progress`)
    .set('authorization', auth)
    .buffer(true)
    .parse((response, callback) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => callback(null, text));
    });
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toContain('text/event-stream');
  return (res.body as string)
    .split('\n\n')
    .filter(Boolean)
    .map(chunk => JSON.parse(chunk.replace(/^data: /, '')));
}

describe('workspaces routes against a real JupyterHub', () => {
  it('launches a workspace, streams its progress to ready, opens it, and stops it', async () => {
    const { server, as } = await startBackend();
    const profiles = await request(server)
      .get('/api/workspaces/profiles')
      .set('authorization', as('ada'));
    expect(profiles.body.items.map((p: any) => [p.slug, p.resources])).toEqual([
      ['small', { cpu: 2, memoryGiB: 8, gpu: 0 }],
      ['gpu', { cpu: 4, memoryGiB: 16, gpu: 1, gpuType: 'nvidia.com/gpu' }],
      [hub.failProfile, { cpu: 1, memoryGiB: 1, gpu: 0 }],
    ]);

    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({ name: 'analysis', profile: 'small' });
    expect(created.status).toBe(201);
    expect(['starting', 'running']).toContain(created.body.status);
    expect(created.body).toMatchObject({
      owner: 'user:default/ada',
      hubUser: 'ada',
      name: 'analysis',
      profile: 'small',
    });

    const events = await progressOf(server, as('ada'), created.body.id);
    const last = events[events.length - 1];
    expect(last).toMatchObject({ progress: 100, ready: true });
    expect(last.url).toBe(`${hub.url}/user/ada/analysis/`);

    const running = await request(server)
      .get(`/api/workspaces/workspaces/${created.body.id}`)
      .set('authorization', as('ada'));
    expect(running.body).toMatchObject({
      status: 'running',
      url: `${hub.url}/user/ada/analysis/`,
    });
    expect(running.body.startedAt).toEqual(expect.any(String));
    // No bookkeeping or secrets in the API.
    expect(JSON.stringify(running.body)).not.toContain(hub.serviceToken);
    expect(running.body.ownerGroups).toBeUndefined();

    // The notebook server answers through the hub's proxy.
    const notebook = await fetch(`${running.body.url}api`, {
      headers: { authorization: `token ${hub.serviceToken}` },
    });
    expect(notebook.status).toBe(200);
    expect(await notebook.json()).toHaveProperty('version');

    const stopped = await request(server)
      .post(`/api/workspaces/workspaces/${created.body.id}/stop`)
      .set('authorization', as('ada'));
    expect(stopped.status).toBe(202);
    expect(stopped.body).toMatchObject({
      status: 'stopped',
      statusReason: 'stopped by you',
    });
    const hubUser = await (
      await fetch(`${hub.apiUrl}/users/ada`, {
        headers: { authorization: `token ${hub.serviceToken}` },
      })
    ).json();
    expect(hubUser.servers.analysis?.ready ?? false).toBe(false);

    const history = await request(server)
      .get(`/api/workspaces/workspaces/${created.body.id}/events`)
      .set('authorization', as('ada'));
    expect(history.body.items.map((e: any) => e.status)).toEqual([
      'stopped',
      'starting',
      'running',
      'stopped',
    ]);

    const deleted = await request(server)
      .delete(`/api/workspaces/workspaces/${created.body.id}`)
      .set('authorization', as('ada'));
    expect(deleted.status).toBe(204);

    // Every start, stop and delete is in the audit log, with before and after.
    const log = await request(server)
      .get('/api/audit/events?plugin=workspaces')
      .set('authorization', as('margaret'));
    expect(
      log.body.items.map((e: any) => [e.eventId, e.status, e.actor]).reverse(),
    ).toEqual([
      ['workspace-create', 'succeeded', 'user:default/ada'],
      ['workspace-stop', 'succeeded', 'user:default/ada'],
      ['workspace-delete', 'succeeded', 'user:default/ada'],
    ]);
    const stopEvent = log.body.items.find(
      (e: any) => e.eventId === 'workspace-stop',
    );
    expect(stopEvent.meta.before).toMatchObject({
      name: 'analysis',
      status: 'running',
    });
    expect(stopEvent.meta.after).toMatchObject({
      name: 'analysis',
      status: 'stopped',
      statusReason: 'stopped by you',
    });
    const mine = await request(server)
      .get('/api/workspaces/workspaces')
      .set('authorization', as('ada'));
    expect(mine.body.items).toEqual([]);
  });

  it("keeps workspaces private to their owner; an admin sees and stops anyone's", async () => {
    const { server, as } = await startBackend();
    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({ name: 'private-1', profile: 'small' });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await progressOf(server, as('ada'), id);

    for (const [method, path] of [
      ['get', `/api/workspaces/workspaces/${id}`],
      ['post', `/api/workspaces/workspaces/${id}/stop`],
      ['delete', `/api/workspaces/workspaces/${id}`],
    ] as const) {
      const res = await (request(server) as any)
        [method](path)
        .set('authorization', as('grace'));
      expect(res.status).toBe(404);
    }
    const graceList = await request(server)
      .get('/api/workspaces/workspaces?scope=all')
      .set('authorization', as('grace'));
    expect(graceList.status).toBe(403);
    expect(
      (
        await request(server)
          .get('/api/workspaces/workspaces')
          .set('authorization', as('grace'))
      ).body.items,
    ).toEqual([]);

    const all = await request(server)
      .get('/api/workspaces/workspaces?scope=all')
      .set('authorization', as('margaret'));
    expect(all.status).toBe(200);
    expect(all.body.items.map((w: any) => w.name)).toContain('private-1');
    // An admin may stop it, not start it as someone else.
    const stopped = await request(server)
      .post(`/api/workspaces/workspaces/${id}/stop`)
      .set('authorization', as('margaret'));
    expect(stopped.status).toBe(202);
    expect(stopped.body.statusReason).toBe('stopped by margaret (admin)');
    const start = await request(server)
      .post(`/api/workspaces/workspaces/${id}/start`)
      .set('authorization', as('margaret'));
    expect(start.status).toBe(403);
    expect(start.body.error.message).toMatch(/Only the owner may start/);

    expect(
      (await request(server).get('/api/workspaces/workspaces')).status,
    ).toBe(401);
  });

  it("guards every route: 401 without a token, 404 for someone else's workspace", async () => {
    const { server, as } = await startBackend();
    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({ name: 'guarded', profile: 'small', start: false });
    const id = created.body.id;
    const routes = [
      ['get', '/api/workspaces/profiles'],
      ['get', '/api/workspaces/workspaces'],
      ['post', '/api/workspaces/workspaces'],
      ['get', `/api/workspaces/workspaces/${id}`],
      ['get', `/api/workspaces/workspaces/${id}/events`],
      ['get', `/api/workspaces/workspaces/${id}/progress`],
      ['post', `/api/workspaces/workspaces/${id}/start`],
      ['post', `/api/workspaces/workspaces/${id}/restart`],
      ['post', `/api/workspaces/workspaces/${id}/stop`],
      ['delete', `/api/workspaces/workspaces/${id}`],
    ] as const;
    for (const [method, path] of routes) {
      const res = await (request(server) as any)[method](path);
      expect([method, path, res.status]).toEqual([method, path, 401]);
    }
    for (const [method, path] of routes.filter(([, p]) => p.includes(id))) {
      const res = await (request(server) as any)
        [method](path)
        .set('authorization', as('grace'));
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
  });

  it('restarts a running workspace', async () => {
    const { server, as } = await startBackend();
    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({ name: 'restart-me', profile: 'small' });
    await progressOf(server, as('ada'), created.body.id);
    const restarted = await request(server)
      .post(`/api/workspaces/workspaces/${created.body.id}/restart`)
      .set('authorization', as('ada'));
    expect(restarted.status).toBe(202);
    expect(['starting', 'running']).toContain(restarted.body.status);
    const events = await progressOf(server, as('ada'), created.body.id);
    expect(events[events.length - 1]).toMatchObject({ ready: true });
    const history = await request(server)
      .get(`/api/workspaces/workspaces/${created.body.id}/events`)
      .set('authorization', as('ada'));
    expect(
      history.body.items.map((e: any) => [e.status, e.reason ?? null]),
    ).toEqual([
      ['stopped', 'created'],
      ['starting', null],
      ['running', null],
      ['stopped', 'restarted'],
      ['starting', null],
      ['running', null],
    ]);
    await request(server)
      .delete(`/api/workspaces/workspaces/${created.body.id}`)
      .set('authorization', as('ada'));
  });

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

import {
  startJupyterHub,
  storeTestDatabases,
  type StartedJupyterHub,
} from '@internal/test-utils';
import request from 'supertest';
import {
  progressOf,
  startBackend as startTestBackendWith,
} from './__testUtils__/routesTestBackend';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

/**
 * The workspaces routes on a test backend with a REAL JupyterHub (Debian's package), the
 * real permission backend with Atrium's policy and the roles backend; once per database
 * engine (the list, launch and events run SQL).
 */
describe.each(databases.eachSupportedId())(
  'workspaces routes against a real JupyterHub, on %s',
  databaseId => {
    // A hub per engine: both runs launch the same users' same workspace names.
    let hub: StartedJupyterHub;
    beforeAll(async () => {
      hub = await startJupyterHub();
    });
    afterAll(async () => {
      await hub?.stop();
    });

    const startBackend = () =>
      startTestBackendWith(hub, { databases, id: databaseId });

    it('launches a workspace, streams its progress to ready, opens it, and stops it', async () => {
      const { server, as, auditEvents } = await startBackend();
      const profiles = await request(server)
        .get('/api/workspaces/profiles')
        .set('authorization', as('ada'));
      expect(
        profiles.body.items.map((p: any) => [p.slug, p.resources]),
      ).toEqual([
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

      // Every start, stop and delete is in the audit log, with before and after (as the
      // audit log receives them: it stores and serves these).
      const log = auditEvents.filter(e => e.plugin === 'workspaces');
      expect(log.map(e => [e.eventId, e.status, e.actor.actorId])).toEqual([
        ['workspace-create', 'succeeded', 'user:default/ada'],
        ['workspace-stop', 'succeeded', 'user:default/ada'],
        ['workspace-delete', 'succeeded', 'user:default/ada'],
      ]);
      const stopEvent = log.find(e => e.eventId === 'workspace-stop')!;
      expect(stopEvent.meta?.before).toMatchObject({
        name: 'analysis',
        status: 'running',
      });
      expect(stopEvent.meta?.after).toMatchObject({
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
  },
);

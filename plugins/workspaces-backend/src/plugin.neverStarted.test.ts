import { startJupyterHub, type StartedJupyterHub } from '@internal/test-utils';
import request from 'supertest';
import { startBackend } from './__testUtils__/routesTestBackend';

jest.setTimeout(120_000);

let hub: StartedJupyterHub;
beforeAll(async () => {
  hub = await startJupyterHub();
});
afterAll(async () => {
  await hub?.stop();
});

describe('a workspace created but never started, against a real JupyterHub', () => {
  it('can be looked at, stopped and deleted like any other (found by the input fuzz test)', async () => {
    const { server, as } = await startBackend(hub);
    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({ name: 'never-started', profile: 'small', start: false });
    expect(created.status).toBe(201);
    const path = `/api/workspaces/workspaces/${created.body.id}`;
    for (const [method, route, statuses] of [
      ['get', `${path}/progress`, [200]],
      ['post', `${path}/stop`, [202]],
      ['post', `${path}/stop`, [202]],
      ['get', `${path}/events`, [200]],
    ] as const) {
      const res = await (request(server) as any)
        [method](route)
        .set('authorization', as('ada'));
      expect({ method, route, status: res.status }).toEqual({
        method,
        route,
        status: statuses[0],
      });
    }
    const deleted = await request(server)
      .delete(path)
      .set('authorization', as('ada'));
    expect([deleted.status, deleted.body?.error?.message]).toEqual([
      204,
      undefined,
    ]);
    const gone = await request(server)
      .get(path)
      .set('authorization', as('ada'));
    expect(gone.status).toBe(404);
  });
});

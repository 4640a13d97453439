import { startJupyterHub, type StartedJupyterHub } from '@internal/test-utils';
import request from 'supertest';
import { progressOf, startBackend } from './__testUtils__/routesTestBackend';

jest.setTimeout(120_000);

/**
 * `GET /workspaces/:id/diagnosis` on a test backend with a REAL JupyterHub (Debian's
 * 3.0 with the notebook 6 server and ipykernel) and the real permission backend with
 * Atrium's policy. No platform-health backend runs here: the cluster's part is reported
 * missing, and the answer still comes.
 */
describe('workspace diagnosis against a real JupyterHub', () => {
  let hub: StartedJupyterHub;
  beforeAll(async () => {
    hub = await startJupyterHub();
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it("shows a running workspace's kernels and the hub's message to its owner and admins only", async () => {
    const { server, as } = await startBackend(hub);
    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({ name: 'diagnosed', profile: 'small' });
    expect(created.status).toBe(201);
    const events = await progressOf(server, as('ada'), created.body.id);
    expect(events[events.length - 1]).toMatchObject({ ready: true });

    // A kernel started in the notebook server, as JupyterLab starts one.
    const kernel = await fetch(`${hub.url}/user/ada/diagnosed/api/kernels`, {
      method: 'POST',
      headers: {
        authorization: `token ${hub.serviceToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'python3' }),
    });
    expect(kernel.status).toBe(201);
    const { id: kernelId } = await kernel.json();

    const path = `/api/workspaces/workspaces/${created.body.id}/diagnosis`;
    const own = await request(server).get(path).set('authorization', as('ada'));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      workspaceId: created.body.id,
      pod: null,
      findings: [],
      hubMessage: expect.stringMatching(
        /^Server ready at \/user\/ada\/diagnosed\//,
      ),
      kernels: [
        {
          id: kernelId,
          name: 'python3',
          executionState: expect.stringMatching(/^(starting|idle|busy)$/),
        },
      ],
    });
    expect(new Date(own.body.diagnosedAt).getTime()).not.toBeNaN();
    // Without platform-health the cluster's part is named, not an error.
    expect(own.body.missing).toEqual([
      expect.stringMatching(/^the cluster's view of the pod: /),
    ]);
    // The hub's token never reaches the browser.
    expect(JSON.stringify(own.body)).not.toContain(hub.serviceToken);

    const admin = await request(server)
      .get(path)
      .set('authorization', as('margaret'));
    expect(admin.status).toBe(200);
    expect(admin.body.kernels).toHaveLength(1);

    const other = await request(server)
      .get(path)
      .set('authorization', as('grace'));
    expect(other.status).toBe(404);
    expect(other.body.error.message).toContain('There is no workspace');

    const bad = await request(server)
      .get('/api/workspaces/workspaces/not-an-id/diagnosis')
      .set('authorization', as('ada'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('is not a workspace id');

    await request(server)
      .delete(`/api/workspaces/workspaces/${created.body.id}`)
      .set('authorization', as('ada'));
  });

  it("gives the hub's failure message for a workspace whose spawn failed", async () => {
    const { server, as } = await startBackend(hub);
    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({ name: 'broken-one', profile: hub.failProfile });
    expect(created.status).toBe(201);
    const events = await progressOf(server, as('ada'), created.body.id);
    expect(events[events.length - 1]).toMatchObject({ failed: true });

    const res = await request(server)
      .get(`/api/workspaces/workspaces/${created.body.id}/diagnosis`)
      .set('authorization', as('ada'));
    expect(res.status).toBe(200);
    // JupyterHub keeps the failed spawn and answers its progress with the failure.
    expect(res.body.hubMessage).toBe(
      `Spawn failed: image '${hub.failProfile}' could not be pulled`,
    );
    // Not running: no kernels asked for, none missing.
    expect(res.body.kernels).toBeUndefined();
    expect(res.body.missing).toHaveLength(1);
  });
});

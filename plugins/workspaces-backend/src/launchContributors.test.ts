import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import {
  workspacesLaunchContributorExtensionPoint,
  type LaunchContributionRequest,
} from '@internal/plugin-workspaces-node';
import { startJupyterHub, type StartedJupyterHub } from '@internal/test-utils';
import request from 'supertest';
import {
  progressOf,
  released,
  startBackend,
} from './__testUtils__/routesTestBackend';

jest.setTimeout(120_000);

let hub: StartedJupyterHub;
beforeAll(async () => {
  hub = await startJupyterHub();
});
afterAll(async () => {
  await hub?.stop();
});

/** What the test contributor was asked and told, in order. */
const contributed: LaunchContributionRequest[] = [];
const contributorReleased: Array<{ id: string; user: string }> = [];

/**
 * A contributor standing in for data-access: gives `atrium_test` to the spawn, refuses
 * workspaces named `no-data-*`, and tries to override the profile for `clash-*`.
 */
const testContributorModule = createBackendModule({
  pluginId: 'workspaces',
  moduleId: 'test-launch-contributor',
  register(reg) {
    reg.registerInit({
      deps: { contributors: workspacesLaunchContributorExtensionPoint },
      async init({ contributors }) {
        contributors.addLaunchContributor({
          name: 'test-data',
          async contribute(req) {
            contributed.push(req);
            if (req.workspace.name.startsWith('no-data-')) {
              throw new NotAllowedError(
                'access to clinical-trials-2026 ended: request it again',
              );
            }
            if (req.workspace.name.startsWith('clash-')) {
              return { userOptions: { profile: 'gpu' } };
            }
            return {
              userOptions: {
                atrium_test: { sources: ['team-vision'], for: req.hubUser },
              },
            };
          },
          async preview(req) {
            return {
              facts: [
                {
                  label: 'Data',
                  value: `team-vision (read-write) for ${req.hubUser}${
                    req.reproducedFrom ? `, as in ${req.reproducedFrom}` : ''
                  }`,
                },
                {
                  label: 'Data',
                  value: 'clinical-trials-2026: withheld (access ended)',
                  tone: 'warning',
                },
              ],
            };
          },
          async release(workspace) {
            contributorReleased.push(workspace);
          },
        });
      },
    });
  },
});

const start = () => startBackend(hub, undefined, [testContributorModule]);

/** The user_options the hub holds for a named server. */
async function hubUserOptions(user: string, server: string) {
  const res = await fetch(`${hub.apiUrl}/users/${user}`, {
    headers: { authorization: `token ${hub.serviceToken}` },
  });
  if (res.status === 404) return undefined; // the hub does not know the user
  expect(res.status).toBe(200);
  const model = (await res.json()) as {
    servers: Record<string, { user_options?: Record<string, unknown> }>;
  };
  return model.servers[server]?.user_options;
}

const asDataAccess = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:data-access'),
  targetPluginId: 'workspaces',
});

describe('launch contributors and the policy stop, against a real JupyterHub', () => {
  it('merges what contributors give into the spawn, asks them with the hub user and the reproduced workspace, and tells them at the stop', async () => {
    const { server, as } = await start();
    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({ name: 'with-data', profile: 'small' });
    expect(created.status).toBe(201);
    await progressOf(server, as('ada'), created.body.id);
    expect(await hubUserOptions('ada', 'with-data')).toEqual({
      profile: 'small',
      atrium_test: { sources: ['team-vision'], for: 'ada' },
    });
    expect(contributed.at(-1)).toMatchObject({
      user: 'user:default/ada',
      hubUser: 'ada',
      groups: ['group:default/team-vision'],
      workspace: { id: created.body.id, name: 'with-data' },
      profile: 'small',
      resources: { cpu: 2, memoryGiB: 8, gpu: 0 },
    });
    expect(contributed.at(-1)?.reproducedFrom).toBeUndefined();

    const copy = await request(server)
      .post(`/api/workspaces/workspaces/${created.body.id}/reproduce`)
      .set('authorization', as('ada'))
      .send({});
    expect(copy.status).toBe(201);
    expect(contributed.at(-1)).toMatchObject({
      workspace: { id: copy.body.id, name: 'with-data-repro-1' },
      reproducedFrom: created.body.id,
    });
    await progressOf(server, as('ada'), copy.body.id);

    expect(contributorReleased).not.toContainEqual({
      id: created.body.id,
      user: 'user:default/ada',
    });
    for (const id of [created.body.id, copy.body.id]) {
      const stopped = await request(server)
        .post(`/api/workspaces/workspaces/${id}/stop`)
        .set('authorization', as('ada'));
      expect(stopped.status).toBe(202);
      expect(contributorReleased).toContainEqual({
        id,
        user: 'user:default/ada',
      });
    }
  });

  it('fails the start with the reason of a contributor that refuses, or that would override the profile, and releases the admission', async () => {
    const { server, as } = await start();
    const refused = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('grace'))
      .send({ name: 'no-data-1', profile: 'small' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'access to clinical-trials-2026 ended: request it again',
    );
    const mine = await request(server)
      .get('/api/workspaces/workspaces')
      .set('authorization', as('grace'));
    const record = mine.body.items.find((w: any) => w.name === 'no-data-1');
    expect(record).toMatchObject({
      status: 'failed',
      statusReason:
        'Could not start: access to clinical-trials-2026 ended: request it again',
    });
    expect(released).toContain(record.id);
    expect(contributorReleased).toContainEqual({
      id: record.id,
      user: 'user:default/grace',
    });
    // Nothing reached the hub.
    expect(await hubUserOptions('grace', 'no-data-1')).toBeUndefined();

    const clash = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('grace'))
      .send({ name: 'clash-1', profile: 'small' });
    expect(clash.status).toBe(400);
    expect(clash.body.error.message).toBe(
      "Launch contributor test-data may not set the user option 'profile': the profile or another contributor sets it",
    );
  });

  it("shows contributors' facts in the launch preview after the admission checks'", async () => {
    const { server, as } = await start();
    const reproducedFrom = '7f0c8a55-3a55-4a4c-9f64-0c8c5e1e2a11';
    const preview = await request(server)
      .post('/api/workspaces/launch-preview')
      .set('authorization', as('ada'))
      .send({ profile: 'small', reproducedFrom });
    expect(preview.status).toBe(200);
    expect(preview.body.facts).toEqual([
      {
        check: 'test-gpu-quota',
        label: 'CPU asked',
        value: '2 cores for user:default/ada',
      },
      {
        check: 'test-data',
        label: 'Data',
        value: `team-vision (read-write) for ada, as in ${reproducedFrom}`,
      },
      {
        check: 'test-data',
        label: 'Data',
        value: 'clinical-trials-2026: withheld (access ended)',
        tone: 'warning',
      },
    ]);
    const badSource = await request(server)
      .post('/api/workspaces/launch-preview')
      .set('authorization', as('ada'))
      .send({ profile: 'small', reproducedFrom: 'ws-1' });
    expect(badSource.status).toBe(400);
    expect(badSource.body.error.message).toContain(
      'reproducedFrom: a workspace id',
    );
  });

  it('stops anyone\'s workspace for the data-access plugin only, with the reason its owner reads', async () => {
    const { server, as } = await start();
    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('margaret'))
      .send({ name: 'trial-analysis', profile: 'small' });
    await progressOf(server, as('margaret'), created.body.id);
    const path = `/api/workspaces/workspaces/${created.body.id}/stop-for-policy`;

    const asOwner = await request(server)
      .post(path)
      .set('authorization', as('margaret'))
      .send({ reason: 'access to clinical-trials-2026 ended' });
    expect(asOwner.status).toBe(403);
    const asOtherPlugin = await request(server)
      .post(path)
      .set(
        'authorization',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:costs'),
          targetPluginId: 'workspaces',
        }),
      )
      .send({ reason: 'access to clinical-trials-2026 ended' });
    expect(asOtherPlugin.status).toBe(403);
    expect(asOtherPlugin.body.error.message).toBe(
      'Only the data-access plugin may call this route, not plugin:costs',
    );
    const anonymous = await request(server)
      .post(path)
      .send({ reason: 'access to clinical-trials-2026 ended' });
    expect(anonymous.status).toBe(401);
    const noReason = await request(server)
      .post(path)
      .set('authorization', asDataAccess)
      .send({ reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain(
      'reason: say why the workspace is stopped',
    );
    const longReason = await request(server)
      .post(path)
      .set('authorization', asDataAccess)
      .send({ reason: 'x'.repeat(301) });
    expect(longReason.status).toBe(400);
    expect(longReason.body.error.message).toContain(
      'reason: at most 300 characters',
    );
    const unknown = await request(server)
      .post(
        '/api/workspaces/workspaces/7f0c8a55-3a55-4a4c-9f64-0c8c5e1e2a11/stop-for-policy',
      )
      .set('authorization', asDataAccess)
      .send({ reason: 'access to clinical-trials-2026 ended' });
    expect(unknown.status).toBe(404);

    const stopped = await request(server)
      .post(path)
      .set('authorization', asDataAccess)
      .send({ reason: 'access to clinical-trials-2026 ended' });
    expect(stopped.status).toBe(202);
    expect(stopped.body).toMatchObject({
      status: 'stopped',
      statusReason: 'stopped: access to clinical-trials-2026 ended',
    });
    expect(contributorReleased).toContainEqual({
      id: created.body.id,
      user: 'user:default/margaret',
    });
    const hubUser = await fetch(`${hub.apiUrl}/users/margaret`, {
      headers: { authorization: `token ${hub.serviceToken}` },
    });
    const model = await hubUser.json();
    expect(model.servers['trial-analysis']).toBeUndefined();
  });
});

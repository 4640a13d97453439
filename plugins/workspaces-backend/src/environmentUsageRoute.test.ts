import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  startBackend,
  useLaunchSourceFixture,
} from './__testUtils__/launchSourceFixture';

jest.setTimeout(180_000);

/**
 * GET /environment-usage (service-only, for the environments plugin): a project's
 * workspace launched on a REAL JupyterHub with the environment the REAL catalog names,
 * then read back as running on it; other callers and malformed queries refused.
 */
useLaunchSourceFixture();

const asPlugin = (pluginId: string) =>
  mockCredentials.service.header({
    onBehalfOf: mockCredentials.service(`plugin:${pluginId}`),
    targetPluginId: 'workspaces',
  });

describe('GET /environment-usage', () => {
  it('says which workspaces and projects use an environment, for the environments plugin only', async () => {
    const { server, as } = await startBackend();
    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', as('ada'))
      .send({
        name: 'usage',
        profile: 'small',
        project: 'component:default/cats-vs-dogs',
      });
    expect(created.status).toBe(201);
    const since = new Date(Date.now() - 90 * 86_400_000).toISOString();
    const url = `/api/workspaces/environment-usage?since=${since}`;

    const usage = await request(server)
      .get(url)
      .set('authorization', asPlugin('environments'));
    expect(usage.status).toBe(200);
    expect(usage.body.since).toBe(since);
    expect(usage.body.items).toEqual([
      {
        environment: 'resource:default/python-data-science-2025.05',
        running: [
          {
            id: created.body.id,
            owner: 'user:default/ada',
            name: 'usage',
            project: 'component:default/cats-vs-dogs',
          },
        ],
        projects: ['component:default/cats-vs-dogs'],
        lastUsedAt: expect.any(String),
      },
    ]);

    expect(
      (await request(server).get(url).set('authorization', as('ada'))).status,
    ).toBe(403);
    expect(
      (await request(server).get(url).set('authorization', asPlugin('costs')))
        .status,
    ).toBe(403);
    for (const [query, message] of [
      ['', 'since: an ISO 8601 date-time is required'],
      ['since=yesterday', 'since: an ISO 8601 date-time'],
      [`since=${since}&limit=3`, 'limit'],
    ]) {
      const refused = await request(server)
        .get(`/api/workspaces/environment-usage?${query}`)
        .set('authorization', asPlugin('environments'));
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toContain(message);
    }

    const deleted = await request(server)
      .delete(`/api/workspaces/workspaces/${created.body.id}`)
      .set('authorization', as('ada'));
    expect(deleted.status).toBe(204);
  });
});

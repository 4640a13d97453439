import { mockCredentials } from '@backstage/backend-test-utils';
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

/**
 * GET /usage-sessions?updatedSince= (#22 item 6): what metering's incremental copy
 * asks, paged by change time with an opaque cursor, its input bounded.
 */
const databases = storeTestDatabases();

const asCosts = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:costs'),
  targetPluginId: 'workspaces',
});

describe.each(databases.eachSupportedId())(
  'usage sessions changed since a mark, on %s',
  databaseId => {
    // A hub per engine: both runs launch the same user's same workspace names.
    let hub: StartedJupyterHub;
    beforeAll(async () => {
      hub = await startJupyterHub();
    });
    afterAll(async () => {
      await hub?.stop();
    });

    it('pages by change time with a cursor and refuses malformed queries', async () => {
      const { server, as } = await startTestBackendWith(hub, {
        databases,
        id: databaseId,
      });
      const ids: string[] = [];
      for (const name of ['metered-a', 'metered-b']) {
        const created = await request(server)
          .post('/api/workspaces/workspaces')
          .set('authorization', as('ada'))
          .send({ name, profile: 'small' });
        expect(created.status).toBe(201);
        await progressOf(server, as('ada'), created.body.id);
        ids.push(created.body.id);
      }
      const get = (query: string) =>
        request(server)
          .get(`/api/workspaces/usage-sessions?${query}`)
          .set('authorization', asCosts);

      const since = new Date(Date.now() - 3_600_000).toISOString();
      const first = await get(`updatedSince=${since}&limit=1`);
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(1);
      expect(typeof first.body.nextAfter).toBe('string');
      const second = await get(
        `updatedSince=${since}&limit=1&after=${encodeURIComponent(
          first.body.nextAfter,
        )}`,
      );
      expect(second.status).toBe(200);
      expect(
        [...first.body.items, ...second.body.items]
          .map((s: { workspaceId: string }) => s.workspaceId)
          .sort(),
      ).toEqual([...ids].sort());

      // Nothing changed since now: nothing comes, though both are open.
      const later = await get(`updatedSince=${new Date().toISOString()}`);
      expect(later.body).toEqual({ items: [] });

      for (const [query, message] of [
        [
          `since=${since}&updatedSince=${since}`,
          'one of since or updatedSince',
        ],
        ['limit=10', 'one of since or updatedSince'],
        ['updatedSince=yesterday', 'updatedSince'],
        [`updatedSince=${since}&after=s-1`, 'after'],
        [`updatedSince=${since}&after=${'x'.repeat(65)}`, 'after'],
      ]) {
        const refused = await get(query);
        expect(refused.status).toBe(400);
        expect(refused.body.error.message).toContain(message);
      }

      for (const id of ids) {
        await request(server)
          .post(`/api/workspaces/workspaces/${id}/stop`)
          .set('authorization', as('ada'));
      }
    });
  },
);

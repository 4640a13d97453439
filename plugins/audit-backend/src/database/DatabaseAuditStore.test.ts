import { mockServices } from '@backstage/backend-test-utils';
import { storeTestDatabases } from '@internal/test-utils';
import { DatabaseAuditStore } from './DatabaseAuditStore';

jest.setTimeout(60_000);

const databases = storeTestDatabases();

describe.each(databases.eachSupportedId())(
  'DatabaseAuditStore on %p',
  databaseId => {
    it('filters, searches and pages the log, newest first', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseAuditStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const base = { severityLevel: 'medium', status: 'succeeded' as const };
      await store.insert({
        ...base,
        at: '2026-11-01T10:00:00.000Z',
        plugin: 'roles',
        eventId: 'role-assignment-add',
        actor: 'user:default/margaret',
        meta: { subjectRef: 'group:default/Team-Vision' },
      });
      await store.insert({
        ...base,
        at: '2026-11-02T10:00:00.000Z',
        plugin: 'workspaces',
        eventId: 'workspace-stop',
        actor: 'user:default/margaret',
        ip: '10.0.0.7',
        method: 'POST',
        url: '/api/workspaces/workspaces/x/stop',
      });
      await store.insert({
        ...base,
        at: '2026-11-03T10:00:00.000Z',
        plugin: 'workspaces',
        eventId: 'workspace-start',
        actor: 'user:default/ada',
        status: 'failed',
        error: 'team-vision uses 4 of 4 GPUs',
      });

      const all = await store.query({ limit: 10, offset: 0 });
      expect(all.total).toBe(3);
      expect(all.items.map(e => e.eventId)).toEqual([
        'workspace-start',
        'workspace-stop',
        'role-assignment-add',
      ]);
      expect(all.items[1]).toMatchObject({
        ip: '10.0.0.7',
        method: 'POST',
        at: '2026-11-02T10:00:00.000Z',
      });

      expect(
        (await store.query({ plugin: 'workspaces', limit: 10, offset: 0 }))
          .total,
      ).toBe(2);
      expect(
        (await store.query({ actor: 'user:default/ada', limit: 10, offset: 0 }))
          .items[0].error,
      ).toBe('team-vision uses 4 of 4 GPUs');
      expect(
        (await store.query({ status: 'failed', limit: 10, offset: 0 })).total,
      ).toBe(1);
      expect(
        (
          await store.query({
            from: '2026-11-02T00:00:00Z',
            to: '2026-11-03T00:00:00Z',
            limit: 10,
            offset: 0,
          })
        ).items.map(e => e.eventId),
      ).toEqual(['workspace-stop']);
      // Case-insensitive on both engines, across the details too.
      expect(
        (
          await store.query({ search: 'team-vision', limit: 10, offset: 0 })
        ).items.map(e => e.eventId),
      ).toEqual(['role-assignment-add']);
      // LIKE wildcards in the search are taken literally.
      expect(
        (await store.query({ search: '%', limit: 10, offset: 0 })).total,
      ).toBe(0);

      const page = await store.query({ limit: 1, offset: 1 });
      expect(page).toMatchObject({
        total: 3,
        items: [{ eventId: 'workspace-stop' }],
      });
    });
  },
);

import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  asUser,
  atriumTestBackendFeatures,
} from '@internal/backend-test-features';
import { atriumAuditorServiceFactory } from '@internal/plugin-audit-node';
import { storeTestDatabases } from '@internal/test-utils';
import type { Knex } from 'knex';
import request from 'supertest';
import { DatabaseAuditStore } from '../database/DatabaseAuditStore';
import { auditPlugin } from '../plugin';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

/** The audit routes with the REAL permission backend, Atrium's policy and roles. */
async function startBackend() {
  const knexes = new Map<string, Promise<Knex>>();
  const knexOf = (pluginId: string) => {
    if (!knexes.has(pluginId)) knexes.set(pluginId, databases.init('SQLITE_3'));
    return knexes.get(pluginId)!;
  };
  const { server } = await startTestBackend({
    features: [
      auditPlugin,
      atriumAuditorServiceFactory,
      createServiceFactory({
        service: coreServices.database,
        deps: { plugin: coreServices.pluginMetadata },
        async factory({ plugin }) {
          return mockServices.database({
            knex: await knexOf(plugin.getId()),
            migrations: { skip: false },
          });
        },
      }),
      ...atriumTestBackendFeatures({
        groups: { 'user:default/margaret': ['group:default/platform-admins'] },
      }),
    ],
  });
  // The plugin migrated its database: add events through the same store.
  const store = await DatabaseAuditStore.create({
    database: mockServices.database({
      knex: await knexOf('audit'),
      migrations: { skip: true },
    }),
  });
  return { server, store, as: asUser };
}

describe('audit log export', () => {
  it('neutralises what people typed that a spreadsheet would run as a formula', async () => {
    const { server, store, as } = await startBackend();
    // Error messages, URLs and details carry what callers sent: a tab or carriage
    // return before the formula gets past filters that look only at the first
    // visible character.
    await store.insert({
      at: '2026-11-02T10:00:00.000Z',
      plugin: 'catalog',
      eventId: 'entity-mutate',
      severityLevel: 'medium',
      status: 'failed',
      actor: 'user:default/ada',
      method: 'POST',
      url: '/api/catalog/locations',
      error: '\t=HYPERLINK("http://x","y")',
      meta: { title: '=1+1' },
    });
    await store.insert({
      at: '2026-11-02T11:00:00.000Z',
      plugin: 'roles',
      eventId: 'role-assignment-add',
      severityLevel: 'medium',
      status: 'failed',
      actor: '@SUM(1+1)',
      error: '\r-2+3',
    });

    const refused = await request(server)
      .get('/api/audit/events.csv')
      .set('authorization', as('ada'));
    expect(refused.status).toBe(403);

    const res = await request(server)
      .get('/api/audit/events.csv')
      .set('authorization', as('margaret'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const [header, newest, oldest] = res.text.split('\n');
    expect(header).toBe(
      'at,plugin,eventId,status,severityLevel,actor,ip,method,url,error,meta',
    );
    expect(newest).toBe(
      `2026-11-02T11:00:00.000Z,roles,role-assignment-add,failed,medium,"'@SUM(1+1)",,,,"'\r-2+3",`,
    );
    expect(oldest).toBe(
      `2026-11-02T10:00:00.000Z,catalog,entity-mutate,failed,medium,user:default/ada,,POST,/api/catalog/locations,"'\t=HYPERLINK(""http://x"",""y"")","{""title"":""=1+1""}"`,
    );
  });
});

describe('audit log filters', () => {
  it('refuses dates that are not real, and ranges that end before they start', async () => {
    const { server, as } = await startBackend();
    for (const path of ['/api/audit/events', '/api/audit/events.csv']) {
      for (const [query, message] of [
        ['to=2026-02-30', 'to: must be a date'],
        ['from=-1', 'from: must be a date'],
        ['from=2026-03-02&to=2026-03-01', "'from' must not be later than 'to'"],
        [
          'from=2026-03-01T10:00:00Z&to=2026-03-01T09:00:00Z',
          "'from' must not",
        ],
        ['limit=1e308', 'limit: must be at most 1000'],
        ['offset=-1', 'offset: must be at least 0'],
        [`search=${'x'.repeat(5_000)}`, 'search: must be at most 200'],
      ]) {
        const res = await request(server)
          .get(`${path}?${query}`)
          .set('authorization', as('margaret'));
        expect({ path, query: query.slice(0, 40), status: res.status }).toEqual(
          {
            path,
            query: query.slice(0, 40),
            status: 400,
          },
        );
        expect(res.body.error.message).toContain(message);
        expect(res.body.error.message.length).toBeLessThan(400);
      }
    }
    const ok = await request(server)
      .get('/api/audit/events?from=2026-03-01&to=2026-03-01T12:00:00Z')
      .set('authorization', as('margaret'));
    expect(ok.status).toBe(200);
  });
});

describe('audit log of another plugin’s actions', () => {
  it('holds the role changes of the roles plugin, for admins only, and exports them', async () => {
    const { server, as } = await startBackend();
    const assignments = '/api/roles/assignments';
    const team = { subjectRef: 'group:default/team-vision', role: 'devops' };
    const refused = await request(server)
      .post(assignments)
      .set('authorization', as('ada'))
      .send(team);
    expect(refused.status).toBe(403);
    const post = () =>
      request(server)
        .post(assignments)
        .set('authorization', as('margaret'))
        .send(team);
    expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(409);
    const removed = await request(server)
      .delete(`${assignments}?subjectRef=${team.subjectRef}&role=devops`)
      .set('authorization', as('margaret'));
    expect(removed.status).toBe(204);

    // Who did what, when, before and after (stored as each event finishes).
    const items = await eventually(async () => {
      const log = await request(server)
        .get('/api/audit/events?plugin=roles')
        .set('authorization', as('margaret'));
      expect(log.status).toBe(200);
      expect(log.body.items).toHaveLength(3);
      return log.body.items;
    });
    const events = items.map((e: any) => [e.eventId, e.status, e.actor]);
    expect(events).toContainEqual([
      'role-assignment-add',
      'succeeded',
      'user:default/margaret',
    ]);
    expect(events).toContainEqual([
      'role-assignment-add',
      'failed',
      'user:default/margaret',
    ]);
    expect(events).toContainEqual([
      'role-assignment-remove',
      'succeeded',
      'user:default/margaret',
    ]);
    const removal = items.find(
      (e: any) =>
        e.eventId === 'role-assignment-remove' && e.status === 'succeeded',
    );
    expect(removal.meta.before).toMatchObject(team);
    expect(removal.meta.after).toBeNull();
    expect(removal.method).toBe('DELETE');

    const csv = await request(server)
      .get('/api/audit/events.csv?eventId=role-assignment-add')
      .set('authorization', as('margaret'));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe(
      'at,plugin,eventId,status,severityLevel,actor,ip,method,url,error,meta',
    );
    // The refused attempt by a non-admin never reached the action; the two by the admin did.
    expect(lines).toHaveLength(3);

    const notAdmin = await request(server)
      .get('/api/audit/events')
      .set('authorization', as('ada'));
    expect(notAdmin.status).toBe(403);
    const badQuery = await request(server)
      .get('/api/audit/events?from=yesterday')
      .set('authorization', as('margaret'));
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.message).toContain('must be a date');
  });
});

/** Polls until `check` passes (it throws while not yet), or fails with its last error. */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, 100));
    }
  }
}

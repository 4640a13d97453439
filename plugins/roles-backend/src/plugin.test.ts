import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import permissionBackend from '@backstage/plugin-permission-backend';
import atriumPolicyModule from '@internal/plugin-permission-backend-module-atrium-policy';
import type { JsonObject } from '@backstage/types';
import { rolesPlugin } from './plugin';

jest.setTimeout(60_000);

/**
 * The audit events the roles plugin finished, as Backstage's auditor gets them (the
 * audit plugin's tests check that such events reach the audit log and its export).
 */
const audited: Array<{
  eventId: string;
  status: 'succeeded' | 'failed';
  meta: JsonObject;
  method?: string;
  authorization?: string;
}> = [];
const recordingAuditor = mockServices.auditor.mock({
  createEvent: async options => {
    const record = (status: 'succeeded' | 'failed', meta?: JsonObject) =>
      audited.push({
        eventId: options.eventId,
        status,
        meta: { ...options.meta, ...meta },
        method: options.request?.method,
        authorization: options.request?.headers.authorization,
      });
    return {
      success: async params => {
        record('succeeded', params?.meta);
      },
      fail: async params => {
        record('failed', params?.meta);
      },
    };
  },
});

/**
 * The roles routes on a test backend with the REAL permission backend and Atrium's
 * policy module: the policy asks this plugin for assignments over HTTP, as in production.
 */
async function startBackend() {
  audited.splice(0);
  const { server } = await startTestBackend({
    features: [
      rolesPlugin,
      permissionBackend,
      atriumPolicyModule,
      recordingAuditor.factory,
      // Like the real backend: a request without a token has no credentials.
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          atrium: {
            roles: {
              admin: ['user:default/margaret', 'platform-admins'],
              devops: ['user:default/linus'],
            },
          },
        },
      }),
    ],
  });
  return server;
}

describe('roles routes', () => {
  it('tells each user their own role', async () => {
    const server = await startBackend();
    const me = (ref: string) =>
      request(server)
        .get('/api/roles/me')
        .set('authorization', mockCredentials.user.header(ref));

    const ada = await me('user:default/ada');
    expect(ada.status).toBe(200);
    expect(ada.body).toEqual({
      userEntityRef: 'user:default/ada',
      role: 'data-scientist',
      ownershipEntityRefs: ['user:default/ada'],
    });
    expect((await me('user:default/margaret')).body.role).toBe('admin');
    expect((await me('user:default/linus')).body.role).toBe('devops');
  });

  it('refuses unauthenticated callers', async () => {
    const server = await startBackend();
    const res = await request(server).get('/api/roles/me');
    expect(res.status).toBe(401);
  });

  it('lists assignments to admins only', async () => {
    const server = await startBackend();
    const list = (ref: string, query = '') =>
      request(server)
        .get(`/api/roles/assignments${query}`)
        .set('authorization', mockCredentials.user.header(ref));

    const refused = await list('user:default/ada');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/Only admins/);
    expect((await list('user:default/linus')).status).toBe(403);

    const allowed = await list('user:default/margaret');
    expect(allowed.status).toBe(200);
    expect(allowed.body.items).toEqual([
      {
        subjectRef: 'group:default/platform-admins',
        role: 'admin',
        source: 'config',
      },
      { subjectRef: 'user:default/margaret', role: 'admin', source: 'config' },
      { subjectRef: 'user:default/linus', role: 'devops', source: 'config' },
    ]);

    const filtered = await list('user:default/margaret', '?role=devops');
    expect(filtered.body.items).toEqual([
      { subjectRef: 'user:default/linus', role: 'devops', source: 'config' },
    ]);
  });

  it('answers bad input with a 400 that says what is allowed', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get('/api/roles/assignments?role=owner&color=blue')
      .set(
        'authorization',
        mockCredentials.user.header('user:default/margaret'),
      );
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(
      'role must be one of: admin, devops',
    );
    expect(res.body.error.message).toContain(
      "Unrecognized key(s) in object: 'color'",
    );
  });

  it('refuses a subject ref longer than an entity ref can be, and stores nothing', async () => {
    const server = await startBackend();
    const as = mockCredentials.user.header('user:default/margaret');
    for (const subjectRef of [
      `user:default/${'a'.repeat(60_000)}`,
      `group:${'n'.repeat(63)}/${'x'.repeat(63)}${'/y'.repeat(80)}`,
    ]) {
      const res = await request(server)
        .post('/api/roles/assignments')
        .set('authorization', as)
        .send({ subjectRef, role: 'admin' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /at most 255 characters|must be a user or group entity ref/,
      );
      // The message does not echo the whole ref back.
      expect(res.body.error.message.length).toBeLessThan(400);
    }
    const list = await request(server)
      .get('/api/roles/assignments')
      .set('authorization', as);
    expect(list.body.items).toHaveLength(3);
    expect(list.body.items.every((a: any) => a.subjectRef.length <= 255)).toBe(
      true,
    );
  });

  it('serves the assignment list to the permission policy only', async () => {
    const server = await startBackend();
    const asUser = await request(server)
      .get('/api/roles/service/assignments')
      .set(
        'authorization',
        mockCredentials.user.header('user:default/margaret'),
      );
    expect(asUser.status).toBe(403);
    const asOtherPlugin = await request(server)
      .get('/api/roles/service/assignments')
      .set(
        'authorization',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:catalog'),
          targetPluginId: 'roles',
        }),
      );
    expect(asOtherPlugin.status).toBe(403);
    const asService = await request(server)
      .get('/api/roles/service/assignments')
      .set(
        'authorization',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:permission'),
          targetPluginId: 'roles',
        }),
      );
    expect(asService.status).toBe(200);
    expect(asService.body.items).toHaveLength(3);
  });

  it('lets admins give and take roles, keeps config roles, and audits each change', async () => {
    const server = await startBackend();
    const as = (ref: string) => mockCredentials.user.header(ref);

    const refused = await request(server)
      .post('/api/roles/assignments')
      .set('authorization', as('user:default/ada'))
      .send({ subjectRef: 'user:default/ada', role: 'admin' });
    expect(refused.status).toBe(403);

    const bad = await request(server)
      .post('/api/roles/assignments')
      .set('authorization', as('user:default/margaret'))
      .send({ subjectRef: 'component:default/x', role: 'admin' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain(
      'must be a user or group entity ref',
    );

    const added = await request(server)
      .post('/api/roles/assignments')
      .set('authorization', as('user:default/margaret'))
      .send({ subjectRef: 'group:default/Team-Vision', role: 'devops' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      subjectRef: 'group:default/team-vision',
      role: 'devops',
      source: 'admin',
      createdBy: 'user:default/margaret',
    });
    const again = await request(server)
      .post('/api/roles/assignments')
      .set('authorization', as('user:default/margaret'))
      .send({ subjectRef: 'group:default/team-vision', role: 'devops' });
    expect(again.status).toBe(409);

    // A role given to a person takes effect for them at once (the route reads the
    // store); it reaches the policy's 5 s cache in the browser suite (roles.spec.ts).
    const roleOfAda = async () =>
      (
        await request(server)
          .get('/api/roles/me')
          .set('authorization', as('user:default/ada'))
      ).body.role;
    expect(await roleOfAda()).toBe('data-scientist');
    const adaDevops = await request(server)
      .post('/api/roles/assignments')
      .set('authorization', as('user:default/margaret'))
      .send({ subjectRef: 'user:default/ada', role: 'devops' });
    expect(adaDevops.status).toBe(201);
    expect(await roleOfAda()).toBe('devops');
    const adaBack = await request(server)
      .delete('/api/roles/assignments?subjectRef=user:default/ada&role=devops')
      .set('authorization', as('user:default/margaret'));
    expect(adaBack.status).toBe(204);
    expect(await roleOfAda()).toBe('data-scientist');

    const configRole = await request(server)
      .delete(
        '/api/roles/assignments?subjectRef=user:default/linus&role=devops',
      )
      .set('authorization', as('user:default/margaret'));
    expect(configRole.status).toBe(400);
    expect(configRole.body.error.message).toContain(
      'through app-config (atrium.roles.devops)',
    );

    const removed = await request(server)
      .delete(
        '/api/roles/assignments?subjectRef=group:default/team-vision&role=devops',
      )
      .set('authorization', as('user:default/margaret'));
    expect(removed.status).toBe(204);
    const missing = await request(server)
      .delete(
        '/api/roles/assignments?subjectRef=group:default/team-vision&role=devops',
      )
      .set('authorization', as('user:default/margaret'));
    expect(missing.status).toBe(404);

    // Who did what, before and after: an audit event for each change by the admin.
    const margaret = as('user:default/margaret');
    const events = audited.map(e => [e.eventId, e.status, e.authorization]);
    expect(events).toContainEqual([
      'role-assignment-add',
      'succeeded',
      margaret,
    ]);
    expect(events).toContainEqual(['role-assignment-add', 'failed', margaret]);
    expect(events).toContainEqual([
      'role-assignment-remove',
      'succeeded',
      margaret,
    ]);
    const removal = audited.find(
      e =>
        e.eventId === 'role-assignment-remove' &&
        e.status === 'succeeded' &&
        (e.meta.before as { subjectRef?: string } | null)?.subjectRef ===
          'group:default/team-vision',
    )!;
    expect(removal.meta.before).toMatchObject({
      subjectRef: 'group:default/team-vision',
      role: 'devops',
    });
    expect(removal.meta.after).toBeNull();
    expect(removal.method).toBe('DELETE');
    // The refused attempt by a non-admin never reached the action; the three by the
    // admin did (team-vision, its duplicate, Ada's devops role).
    expect(
      audited.filter(e => e.eventId === 'role-assignment-add'),
    ).toHaveLength(3);
  });
});

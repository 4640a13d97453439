import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import permissionBackend from '@backstage/plugin-permission-backend';
import atriumPolicyModule from '@internal/plugin-permission-backend-module-atrium-policy';
import { rolesPlugin } from './plugin';

jest.setTimeout(60_000);

/**
 * The roles routes on a test backend with the REAL permission backend and Atrium's
 * policy module: the policy asks this plugin for assignments over HTTP, as in production.
 */
async function startBackend() {
  const { server } = await startTestBackend({
    features: [
      rolesPlugin,
      permissionBackend,
      atriumPolicyModule,
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

  it('serves the assignment list to backend services only', async () => {
    const server = await startBackend();
    const asUser = await request(server)
      .get('/api/roles/service/assignments')
      .set(
        'authorization',
        mockCredentials.user.header('user:default/margaret'),
      );
    expect(asUser.status).toBe(403);
    const asService = await request(server)
      .get('/api/roles/service/assignments')
      .set('authorization', mockCredentials.service.header());
    expect(asService.status).toBe(200);
    expect(asService.body.items).toHaveLength(3);
  });
});

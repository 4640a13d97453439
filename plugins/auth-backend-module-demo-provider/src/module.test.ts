import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import path from 'node:path';
import request from 'supertest';
import { authModuleDemoProvider } from './module';
import { DEMO_USER_HEADER } from './authenticator';

jest.setTimeout(60_000);

const orgFile = path.resolve(__dirname, '../../../examples/org.yaml');

/** Auth and the real catalog backend, reading the demo organisation from examples/. */
async function startBackend(authConfig: object) {
  const { server } = await startTestBackend({
    features: [
      authPlugin,
      authModuleDemoProvider,
      catalogPlugin,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: authConfig,
          atrium: {
            demo: {
              people: [
                { name: 'ada', displayName: 'Ada Lovelace' },
                { name: 'nobody' },
              ],
            },
          },
          catalog: {
            rules: [{ allow: ['User', 'Group'] }],
            locations: [{ type: 'file', target: orgFile }],
          },
        },
      }),
    ],
  });
  return server;
}

const refresh = (server: any, person?: string) => {
  const req = request(server).get('/api/auth/demo/refresh');
  return person ? req.set(DEMO_USER_HEADER, person) : req;
};

describe('demo sign-in provider', () => {
  it('signs a demo person in as their catalog user, with their groups', async () => {
    const server = await startBackend({
      environment: 'development',
      providers: { demo: {} },
    });

    // The catalog ingests examples/org.yaml in the background: wait for ada to exist.
    let res = await refresh(server, 'ada');
    for (let i = 0; i < 100 && res.status !== 200; i++) {
      await new Promise(r => setTimeout(r, 200));
      res = await refresh(server, 'ada');
    }
    expect(res.status).toBe(200);
    expect(res.body.profile).toEqual({ displayName: 'Ada Lovelace' });
    expect(res.body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/ada',
      ownershipEntityRefs: ['user:default/ada', 'group:default/team-vision'],
    });
    expect(res.body.backstageIdentity.token).toEqual(expect.any(String));
  });

  it('refuses people who are not demo people, and a missing choice, with a reason', async () => {
    const server = await startBackend({
      environment: 'development',
      providers: { demo: {} },
    });
    const stranger = await refresh(server, 'margaret');
    expect(stranger.status).toBe(401);
    expect(stranger.body.error.message).toBe(
      "'margaret' is not one of the demo people (ada, nobody)",
    );
    const none = await refresh(server);
    expect(none.status).toBe(401);
    expect(none.body.error.message).toMatch(/Pick a demo person/);
  });

  it('refuses a demo person missing from the catalog', async () => {
    const server = await startBackend({
      environment: 'development',
      providers: { demo: {} },
    });
    const res = await refresh(server, 'nobody');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('is not available outside the development environment, even when configured', async () => {
    const server = await startBackend({
      environment: 'production',
      providers: { demo: {} },
    });
    const res = await refresh(server, 'ada');
    expect(res.status).toBe(404);
  });
});

import { startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { asUser, atriumTestBackendFeatures } from './index';

describe('atriumTestBackendFeatures', () => {
  it('answers with the real roles backend and policy, with the given groups', async () => {
    const { server } = await startTestBackend({
      features: atriumTestBackendFeatures({
        groups: {
          'user:default/margaret': ['group:default/platform-admins'],
          'user:default/ada': ['group:default/team-vision'],
        },
      }),
    });
    const me = await request(server)
      .get('/api/roles/me')
      .set('authorization', asUser('margaret'));
    expect(me.status).toBe(200);
    expect(me.body.role).toBe('admin');
    const ada = await request(server)
      .get('/api/roles/me')
      .set('authorization', asUser('ada'));
    expect(ada.body).toMatchObject({
      role: 'data-scientist',
      ownershipEntityRefs: ['user:default/ada', 'group:default/team-vision'],
    });
    // The admin-only list: refused to Ada by the policy, 401 without a token.
    const list = await request(server)
      .get('/api/roles/assignments')
      .set('authorization', asUser('ada'));
    expect(list.status).toBe(403);
    expect((await request(server).get('/api/roles/me')).status).toBe(401);
  });
});

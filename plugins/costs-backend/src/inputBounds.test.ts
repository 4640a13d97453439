import { mockCredentials } from '@backstage/backend-test-utils';
import { storeTestDatabases } from '@internal/test-utils';
import request from 'supertest';
import { startCostsTestBackend } from './__testUtils__/costsTestBackend';

jest.setTimeout(120_000);

const databases = storeTestDatabases();

const LONG = 'x'.repeat(60_000);
const VISION = 'group:default/team-vision';

/** What the workspaces plugin's admission module sends. */
const asWorkspaces = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:workspaces'),
  targetPluginId: 'costs',
});

/**
 * Out-of-bounds input is refused with a 400 naming the field and its bound, nothing of
 * it is stored, and no message echoes a long value back.
 */
describe('costs input bounds', () => {
  it('refuses absurd and non-finite quotas, naming the field and its maximum, and stores none', async () => {
    const { server, as } = await startCostsTestBackend(databases);
    const put = (body: string) =>
      request(server)
        .put('/api/costs/quotas')
        .set('authorization', as('margaret'))
        .set('content-type', 'application/json')
        .send(body);
    const cases: Array<[string, string]> = [
      ['maxGpu', 'maxGpu: must be at most 1024'],
      ['maxCpu', 'maxCpu: must be at most 100000'],
      ['maxMemoryGiB', 'maxMemoryGiB: must be at most 1000000'],
      ['maxRunningWorkspaces', 'maxRunningWorkspaces: must be at most 10000'],
    ];
    for (const [field, message] of cases) {
      const huge = await put(`{"subjectRef":"${VISION}","${field}":1e308}`);
      expect([field, huge.status]).toEqual([field, 400]);
      expect(huge.body.error.message).toContain(message);
      // JSON.parse reads 1e999 as Infinity.
      const infinite = await put(`{"subjectRef":"${VISION}","${field}":1e999}`);
      expect([field, infinite.status]).toEqual([field, 400]);
      expect(infinite.body.error.message).toContain(
        `${field}: must be a finite number`,
      );
    }
    const atMost = await put(
      `{"subjectRef":"${VISION}","maxGpu":1024,"maxCpu":100000,"maxMemoryGiB":1000000,"maxRunningWorkspaces":10000}`,
    );
    expect(atMost.status).toBe(200);
    const removed = await request(server)
      .delete(`/api/costs/quotas?subjectRef=${VISION}`)
      .set('authorization', as('margaret'));
    expect(removed.status).toBe(204);

    const stored = await request(server)
      .get('/api/costs/quotas')
      .set('authorization', as('margaret'));
    expect(stored.body).toEqual([]);
  });

  it('prices only known profiles and sane resources, quoting at most a short prefix', async () => {
    const { server, as } = await startCostsTestBackend(databases);
    const estimate = (body: object) =>
      request(server)
        .post('/api/costs/estimate')
        .set('authorization', as('grace'))
        .send(body);
    const resources = { cpu: 2, memoryGiB: 8, gpu: 0 };

    const unknown = await estimate({ profile: 'nope', resources });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      "There is no profile 'nope': choose one of small",
    );
    const longish = await estimate({ profile: 'p'.repeat(60), resources });
    expect(longish.status).toBe(400);
    expect(longish.body.error.message).toBe(
      `There is no profile '${'p'.repeat(39)}…': choose one of small`,
    );
    const long = await estimate({ profile: LONG, resources });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toContain(
      'profile: must be at most 63 characters',
    );
    expect(long.body.error.message.length).toBeLessThan(300);

    for (const field of ['cpu', 'memoryGiB', 'gpu']) {
      const huge = await estimate({
        profile: 'small',
        resources: { ...resources, [field]: 1e308 },
      });
      expect([field, huge.status]).toEqual([field, 400]);
      expect(huge.body.error.message).toContain(
        `resources.${field}: must be at most`,
      );
    }
  });

  it('refuses entity refs over 255 characters in queries and bodies without echoing them', async () => {
    const { server, as } = await startCostsTestBackend(databases);
    const longRef = `user:default/${'a'.repeat(300)}`;
    const responses = [
      await request(server)
        .get(`/api/costs/report?project=component:default/${'b'.repeat(300)}`)
        .set('authorization', as('margaret')),
      await request(server)
        .get(`/api/costs/report?user=${longRef}`)
        .set('authorization', as('margaret')),
      await request(server)
        .put('/api/costs/budgets')
        .set('authorization', as('margaret'))
        .send({ subjectRef: longRef, monthlyAmount: 10 }),
      await request(server)
        .put('/api/costs/quotas')
        .set('authorization', as('margaret'))
        .send({ subjectRef: longRef, maxGpu: 1 }),
      await request(server)
        .delete(`/api/costs/budgets?subjectRef=${longRef}`)
        .set('authorization', as('margaret')),
    ];
    for (const res of responses) {
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'must be at most 255 characters',
      );
      expect(res.body.error.message).not.toContain('a'.repeat(100));
    }
  });

  it('bounds the admission routes the workspaces plugin calls', async () => {
    const { server } = await startCostsTestBackend(databases);
    const body = {
      user: 'user:default/ada',
      groups: [VISION],
      workspace: { id: 'w', name: 'train' },
      profile: 'small',
      resources: { cpu: 2, memoryGiB: 8, gpu: 0 },
    };
    const post = (path: string, payload: object) =>
      request(server)
        .post(`/api/costs/admission/${path}`)
        .set('authorization', asWorkspaces)
        .send(payload);

    const cases: Array<[string, object, string]> = [
      [
        'check',
        { ...body, user: `user:default/${LONG}` },
        'user: must be at most 255 characters',
      ],
      [
        'check',
        { ...body, groups: [`group:default/${LONG}`] },
        'groups.0: must be at most 255 characters',
      ],
      [
        'preview',
        { ...body, resources: { cpu: 2, memoryGiB: 8, gpu: 1e308 } },
        'resources.gpu: must be at most 1024',
      ],
      [
        'check',
        { ...body, workspace: { id: LONG, name: 'train' } },
        'workspace.id: must be at most 200 characters',
      ],
      ['release', { id: LONG }, 'id: must be at most 200 characters'],
    ];
    for (const [path, payload, message] of cases) {
      const res = await post(path, payload);
      expect([path, message, res.status]).toEqual([path, message, 400]);
      expect(res.body.error.message).toContain(message);
      expect(res.body.error.message.length).toBeLessThan(500);
    }
    // A preview of a workspace not created yet has an empty id.
    const preview = await post('preview', {
      ...body,
      workspace: { id: '', name: '' },
    });
    expect(preview.status).toBe(200);
  });
});

import { mockCredentials } from '@backstage/backend-test-utils';
import { storeTestDatabases } from '@internal/test-utils';
import request from 'supertest';
import {
  RANGE,
  startCostsTestBackend,
  TEST_SESSIONS,
  testNow,
} from './__testUtils__/costsTestBackend';

/** The small profile (2 cores, 8 GiB) an hour under the sheet of 2026-11-01. */
const SMALL_HOURLY = 2 * 0.033 + 8 * 0.0045;

/** Hours of a session inside the test clock's UTC month (the seeded ones ended a day before). */
const hoursThisMonth = (session: { startedAt: string; endedAt?: string }) => {
  const now = testNow();
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const end = Date.parse(session.endedAt!);
  return (
    Math.max(0, end - Math.max(Date.parse(session.startedAt), monthStart)) /
    3_600_000
  );
};

jest.setTimeout(120_000);

const databases = storeTestDatabases();

/**
 * The costs routes on a test backend with the REAL permission backend, Atrium's policy
 * and the roles backend (see startCostsTestBackend). The CSV export: reportCsv.test.ts.
 */
describe.each(databases.eachSupportedId())('costs routes on %s', databaseId => {
  const startBackend = () => startCostsTestBackend(databases, { databaseId });

  it('refuses callers without credentials on every route', async () => {
    const { server } = await startBackend();
    for (const [method, path] of [
      ['get', '/api/costs/prices'],
      ['get', '/api/costs/report'],
      ['get', '/api/costs/report.csv'],
      ['get', '/api/costs/me'],
      ['get', '/api/costs/top-spenders'],
      ['get', '/api/costs/idle-waste'],
      ['get', '/api/costs/budgets'],
      ['put', '/api/costs/budgets'],
      ['delete', '/api/costs/budgets?subjectRef=user:default/ada'],
      ['get', '/api/costs/quotas'],
      ['put', '/api/costs/quotas'],
      ['delete', '/api/costs/quotas?subjectRef=user:default/ada'],
      ['get', '/api/costs/actual'],
      ['post', '/api/costs/estimate'],
      ['post', '/api/costs/admission/check'],
    ] as const) {
      const res = await request(server)[method](path);
      expect([method, path, res.status]).toEqual([method, path, 401]);
    }
  });

  it("shows a data scientist their own and their groups' costs, and nobody else's", async () => {
    const { server, as } = await startBackend();
    const get = (user: string, query: string) =>
      request(server)
        .get(`/api/costs/report${query}${query ? '&' : '?'}${RANGE}`)
        .set('authorization', as(user));

    const own = await get('ada', '?groupBy=user');
    expect(own.status).toBe(200);
    expect(own.body.series.map((s: any) => [s.key, s.label])).toEqual([
      ['user:default/ada', 'Ada Lovelace'],
    ]);
    // 2 h x (2 x 0.033 + 8 x 0.0045)
    expect(own.body.total).toBe(0.204);
    expect(own.body).toMatchObject({
      currency: 'USD',
      groupBy: 'user',
      demo: false,
    });

    const team = await get(
      'ada',
      '?group=group:default/team-vision&groupBy=user',
    );
    expect(team.status).toBe(200);
    expect(team.body.series.map((s: any) => s.key).sort()).toEqual([
      'user:default/ada',
      'user:default/alan',
    ]);
    const project = await get('ada', '?project=component:default/cats-vs-dogs');
    expect(project.status).toBe(200);

    for (const query of [
      '?user=user:default/grace',
      '?group=group:default/team-genomics',
      '?project=component:default/genome-assembly',
    ]) {
      const refused = await get('ada', query);
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(
        /^You can see your own costs and your groups' costs; ask an admin for /,
      );
    }
    expect(
      (await get('ada', '?user=user:default/grace')).body.error.message,
    ).toBe(
      "You can see your own costs and your groups' costs; ask an admin for grace's costs",
    );

    const all = await get('margaret', '?groupBy=group');
    expect(all.status).toBe(200);
    expect(all.body.series.map((s: any) => [s.key, s.label])).toEqual([
      ['group:default/team-vision', 'Computer vision team'],
      ['group:default/team-genomics', 'Genomics team'],
    ]);
  });

  it('answers bad input with a 400 that says what to fix', async () => {
    const { server, as } = await startBackend();
    const get = (query: string) =>
      request(server)
        .get(`/api/costs/report${query}`)
        .set('authorization', as('margaret'));
    const cases: Array<[string, string]> = [
      [
        '?from=2026-02-30&to=2026-03-01',
        'from: must be a real date, like 2026-03-31',
      ],
      ['?from=yesterday', 'from: must be a real date, like 2026-03-31'],
      [
        '?from=2026-11-10&to=2026-11-01',
        'to: must be after from (2026-11-10); to is exclusive',
      ],
      [
        '?from=2025-01-01&to=2026-11-01',
        'the range is 669 days; ask for at most 400',
      ],
      [
        '?groupBy=color',
        'groupBy: must be one of: user, group, project, profile',
      ],
      ['?user=ada', 'user: must be a user entity ref, like user:default/alice'],
      ['?colour=red', "Unrecognized key(s) in object: 'colour'"],
    ];
    for (const [query, message] of cases) {
      const res = await get(query);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.error.message).toContain(message);
    }
    const top = await request(server)
      .get('/api/costs/top-spenders?month=2026-13&limit=0')
      .set('authorization', as('margaret'));
    expect(top.status).toBe(400);
    expect(top.body.error.message).toContain(
      'month: must be a month like 2026-11',
    );
    expect(top.body.error.message).toContain('limit: must be at least 1');
  });

  it('lets only admins set budgets and quotas, for subjects in the catalog, audited', async () => {
    const { server, as, auditEvents } = await startBackend();
    const put = (user: string, path: string, body: object) =>
      request(server)
        .put(`/api/costs/${path}`)
        .set('authorization', as(user))
        .send(body);

    const refused = await put('ada', 'budgets', {
      subjectRef: 'user:default/ada',
      monthlyAmount: 1000,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('Only admins may change budgets');

    const unknown = await put('margaret', 'budgets', {
      subjectRef: 'user:default/nobody',
      monthlyAmount: 10,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      'There is no user user:default/nobody in the catalog: check the name',
    );
    const negative = await put('margaret', 'budgets', {
      subjectRef: 'group:default/team-vision',
      monthlyAmount: -5,
    });
    expect(negative.status).toBe(400);
    expect(negative.body.error.message).toContain(
      'monthlyAmount: must be more than 0',
    );

    const set = await put('margaret', 'budgets', {
      subjectRef: 'group:default/team-vision',
      monthlyAmount: 0.5,
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      subjectRef: 'group:default/team-vision',
      monthlyAmount: 0.5,
      alertsSent: [],
    });
    // ada's and alan's sessions (team-vision's), the part of them in this month.
    const teamVisionHours = TEST_SESSIONS.filter(s =>
      s.groups.includes('group:default/team-vision'),
    ).reduce((sum, s) => sum + hoursThisMonth(s), 0);
    expect(set.body.spent).toBeCloseTo(teamVisionHours * SMALL_HOURLY, 2);

    // ada sees her group's budget; grace does not.
    const adaBudgets = await request(server)
      .get('/api/costs/budgets')
      .set('authorization', as('ada'));
    expect(adaBudgets.body.map((b: any) => b.subjectRef)).toEqual([
      'group:default/team-vision',
    ]);
    const graceBudgets = await request(server)
      .get('/api/costs/budgets')
      .set('authorization', as('grace'));
    expect(graceBudgets.body).toEqual([]);

    expect(
      (
        await put('margaret', 'quotas', {
          subjectRef: 'group:default/team-vision',
        })
      ).body.error.message,
    ).toContain(
      'set at least one of maxCpu, maxMemoryGiB, maxGpu, maxRunningWorkspaces',
    );
    const fractional = await put('margaret', 'quotas', {
      subjectRef: 'group:default/team-vision',
      maxGpu: 1.5,
    });
    expect(fractional.status).toBe(400);
    expect(fractional.body.error.message).toContain(
      'maxGpu: must be a whole number',
    );
    const quota = await put('margaret', 'quotas', {
      subjectRef: 'group:default/team-vision',
      maxGpu: 4,
    });
    expect(quota.status).toBe(200);
    expect(quota.body).toEqual({
      subjectRef: 'group:default/team-vision',
      maxGpu: 4,
      used: { cpu: 0, memoryGiB: 0, gpu: 0, runningWorkspaces: 0 },
      workspaces: [],
    });
    expect(
      (
        await put('ada', 'quotas', {
          subjectRef: 'user:default/ada',
          maxGpu: 9,
        })
      ).status,
    ).toBe(403);

    const removed = await request(server)
      .delete('/api/costs/budgets?subjectRef=group:default/team-vision')
      .set('authorization', as('margaret'));
    expect(removed.status).toBe(204);
    const again = await request(server)
      .delete('/api/costs/budgets?subjectRef=group:default/team-vision')
      .set('authorization', as('margaret'));
    expect(again.status).toBe(404);

    // What the audit log receives (the audit plugin stores and serves these).
    const log = auditEvents.filter(e => e.plugin === 'costs');
    const events = log.map(e => [e.eventId, e.status, e.actor.actorId]);
    expect(events).toEqual(
      expect.arrayContaining([
        ['costs-budget-set', 'succeeded', 'user:default/margaret'],
        ['costs-quota-set', 'succeeded', 'user:default/margaret'],
        ['costs-budget-delete', 'succeeded', 'user:default/margaret'],
      ]),
    );
    const budgetSet = log.find(e => e.eventId === 'costs-budget-set')!;
    expect(budgetSet.severityLevel).toBe('medium');
    expect(budgetSet.meta).toMatchObject({
      subjectRef: 'group:default/team-vision',
      before: null,
      after: { monthlyAmount: 0.5 },
    });
  });

  it('answers my summary, prices and estimates to everyone, and admin views to admins only', async () => {
    const { server, as } = await startBackend();
    const me = await request(server)
      .get('/api/costs/me')
      .set('authorization', as('ada'));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: 'user:default/ada',
      currency: 'USD',
      budgets: [],
      quotas: [],
      demo: false,
    });

    const prices = await request(server)
      .get('/api/costs/prices')
      .set('authorization', as('grace'));
    expect(prices.status).toBe(200);
    expect(prices.body.sheets).toHaveLength(2);
    expect(prices.body.profiles).toEqual([
      {
        profile: 'small',
        displayName: 'Small Instance',
        hourly: expect.closeTo(SMALL_HOURLY, 6),
      },
    ]);

    const estimate = await request(server)
      .post('/api/costs/estimate')
      .set('authorization', as('grace'))
      .send({ profile: 'small', resources: { cpu: 2, memoryGiB: 8, gpu: 0 } });
    expect(estimate.status).toBe(200);
    expect(estimate.body).toEqual({
      currency: 'USD',
      hourly: expect.closeTo(SMALL_HOURLY, 6),
    });
    const badEstimate = await request(server)
      .post('/api/costs/estimate')
      .set('authorization', as('grace'))
      .send({ profile: 'small', resources: { cpu: -1, memoryGiB: 8, gpu: 0 } });
    expect(badEstimate.status).toBe(400);
    expect(badEstimate.body.error.message).toContain(
      'resources.cpu: must be 0 or more',
    );

    for (const path of ['top-spenders', 'idle-waste', 'actual']) {
      const refused = await request(server)
        .get(`/api/costs/${path}`)
        .set('authorization', as('ada'));
      expect([path, refused.status]).toEqual([path, 403]);
      const ok = await request(server)
        .get(`/api/costs/${path}`)
        .set('authorization', as('margaret'));
      expect([path, ok.status]).toEqual([path, 200]);
    }
    const actual = await request(server)
      .get('/api/costs/actual')
      .set('authorization', as('margaret'));
    expect(actual.body).toMatchObject({ currency: 'USD', sources: [] });
  });

  it('serves launch admission to the workspaces plugin only', async () => {
    const { server, as } = await startBackend();
    const body = {
      user: 'user:default/ada',
      groups: ['group:default/team-vision'],
      workspace: { id: 'w', name: 'train' },
      profile: 'small',
      resources: { cpu: 2, memoryGiB: 8, gpu: 0 },
    };
    const asUser = await request(server)
      .post('/api/costs/admission/check')
      .set('authorization', as('margaret'))
      .send(body);
    expect(asUser.status).toBe(403);
    const asOtherPlugin = await request(server)
      .post('/api/costs/admission/preview')
      .set(
        'authorization',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:catalog'),
          targetPluginId: 'costs',
        }),
      )
      .send(body);
    expect(asOtherPlugin.status).toBe(403);
    expect(asOtherPlugin.body.error.message).toBe(
      'Only the workspaces plugin may call this route, not plugin:catalog',
    );
    const asService = await request(server)
      .post('/api/costs/admission/preview')
      .set(
        'authorization',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:workspaces'),
          targetPluginId: 'costs',
        }),
      )
      .send(body);
    expect(asService.status).toBe(200);
    expect(asService.body.facts[0]).toEqual({
      label: 'Estimated cost',
      value: '$0.10 per hour ($0.82 per 8-hour day)',
      tone: 'info',
    });
    const bad = await request(server)
      .post('/api/costs/admission/check')
      .set(
        'authorization',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:workspaces'),
          targetPluginId: 'costs',
        }),
      )
      .send({ ...body, user: 'ada' });
    expect(bad.status).toBe(400);
  });
});

import { ResponseError } from '@backstage/errors';
import { CostsClient, reportQueryString } from './CostsClient';

const baseUrl = 'http://backstage.test/api/costs';

function clientAnswering(response: () => Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response(),
  );
  const discoveryApi = { getBaseUrl: jest.fn(async () => baseUrl) };
  const client = new CostsClient({
    discoveryApi,
    fetchApi: { fetch: fetch as typeof globalThis.fetch },
  });
  return { client, fetch, discoveryApi };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

const backstageError = (status: number, name: string, message: string) =>
  json({ error: { name, message }, response: { statusCode: status } }, status);

describe('reportQueryString', () => {
  it('sends the known keys in a fixed order, encoded and trimmed, without empty filters', () => {
    expect(
      reportQueryString({
        profile: ' gpu ',
        group: 'group:default/team-vision',
        interval: 'day',
        groupBy: 'user',
        to: '2026-12-01',
        from: '2026-11-01',
        user: '',
      }),
    ).toBe(
      '?from=2026-11-01&to=2026-12-01&groupBy=user&interval=day' +
        '&group=group%3Adefault%2Fteam-vision&profile=gpu',
    );
  });

  it('sends no key the backend does not know', () => {
    const query = {
      from: '2026-11-01',
      to: '2026-12-01',
      groupBy: 'project',
      interval: 'month',
      page: 2,
    } as unknown as Parameters<typeof reportQueryString>[0];
    expect(reportQueryString(query)).toBe(
      '?from=2026-11-01&to=2026-12-01&groupBy=project&interval=month',
    );
  });
});

describe('CostsClient', () => {
  const report = {
    currency: 'EUR',
    from: '2026-11-01',
    to: '2026-12-01',
    interval: 'day',
    groupBy: 'user',
    total: 12.5,
    series: [],
    demo: true,
    generatedAt: '2026-11-29T10:00:00.000Z',
  };

  it("asks the costs plugin's base URL for a report with the query's filters", async () => {
    const { client, fetch, discoveryApi } = clientAnswering(() => json(report));
    const got = await client.getReport({
      from: '2026-11-01',
      to: '2026-12-01',
      groupBy: 'user',
      interval: 'day',
      project: 'component:default/churn',
    });
    expect(got).toEqual(report);
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('costs');
    const [url, init] = fetch.mock.calls[0];
    expect(url.startsWith(`${baseUrl}/report?`)).toBe(true);
    expect(Object.fromEntries(new URL(url).searchParams)).toEqual({
      from: '2026-11-01',
      to: '2026-12-01',
      groupBy: 'user',
      interval: 'day',
      project: 'component:default/churn',
    });
    expect(init).toEqual({ headers: { Accept: 'application/json' } });
  });

  it('downloads the CSV of the same report through fetchApi', async () => {
    const csv = 'date,key,label,amount,hours,currency\n';
    const { client, fetch } = clientAnswering(
      () => new Response(csv, { headers: { 'Content-Type': 'text/csv' } }),
    );
    const blob = await client.exportReportCsv({
      from: '2026-11-01',
      to: '2026-12-01',
      groupBy: 'group',
      interval: 'month',
    });
    expect(await blob.text()).toBe(csv);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(
      `${baseUrl}/report.csv?from=2026-11-01&to=2026-12-01&groupBy=group&interval=month`,
    );
    expect(init?.headers).toEqual({ Accept: 'text/csv' });
  });

  it('builds the admin queries: top spenders, idle waste, actual costs', async () => {
    const { client, fetch } = clientAnswering(() => json([]));
    await client.getTopSpenders({
      month: '2026-11',
      dimension: 'project',
      limit: 5,
    });
    await client.getIdleWaste({ from: '2026-11-01', to: '2026-11-30' });
    await client.getActualCosts({ from: '2026-10-01', to: '2026-11-01' });
    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      `${baseUrl}/top-spenders?month=2026-11&dimension=project&limit=5`,
      `${baseUrl}/idle-waste?from=2026-11-01&to=2026-11-30`,
      `${baseUrl}/actual?from=2026-10-01&to=2026-11-01`,
    ]);
  });

  it('puts budgets and quotas as JSON and deletes them by subject', async () => {
    const { client, fetch } = clientAnswering(() => json({}));
    await client.setBudget({
      subjectRef: 'group:default/team-vision',
      monthlyAmount: 500,
    });
    await client.setQuota({
      subjectRef: 'group:default/team-vision',
      maxGpu: 0,
    });
    const calls = fetch.mock.calls;
    expect(calls[0][0]).toBe(`${baseUrl}/budgets`);
    expect(calls[0][1]).toEqual({
      method: 'PUT',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        subjectRef: 'group:default/team-vision',
        monthlyAmount: 500,
      }),
    });
    expect(calls[1][0]).toBe(`${baseUrl}/quotas`);
    expect(JSON.parse(String(calls[1][1]?.body))).toEqual({
      subjectRef: 'group:default/team-vision',
      maxGpu: 0,
    });

    const { client: deleting, fetch: deletes } = clientAnswering(
      () => new Response(null, { status: 204 }),
    );
    await expect(
      deleting.deleteBudget('user:default/ada'),
    ).resolves.toBeUndefined();
    await deleting.deleteQuota('group:default/team-vision');
    expect(deletes.mock.calls).toEqual([
      [
        `${baseUrl}/budgets?subjectRef=user%3Adefault%2Fada`,
        { method: 'DELETE' },
      ],
      [
        `${baseUrl}/quotas?subjectRef=group%3Adefault%2Fteam-vision`,
        { method: 'DELETE' },
      ],
    ]);
  });

  it('posts an estimate and reads the hourly price', async () => {
    const { client, fetch } = clientAnswering(() =>
      json({ currency: 'USD', hourly: 1.234567 }),
    );
    const request = {
      profile: 'gpu',
      resources: { cpu: 8, memoryGiB: 32, gpu: 1, gpuType: 'nvidia.com/gpu' },
    };
    expect(await client.estimate(request)).toEqual({
      currency: 'USD',
      hourly: 1.234567,
    });
    expect(fetch.mock.calls[0][1]?.method).toBe('POST');
    expect(JSON.parse(String(fetch.mock.calls[0][1]?.body))).toEqual(request);
  });

  it("throws a ResponseError with the backend's message for a refused write", async () => {
    const { client } = clientAnswering(() =>
      backstageError(
        400,
        'InputError',
        'subjectRef: group:default/nobody is not a user or group in the catalog',
      ),
    );
    const error = await client
      .setBudget({ subjectRef: 'group:default/nobody', monthlyAmount: 10 })
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(400);
    expect(error.cause.message).toBe(
      'subjectRef: group:default/nobody is not a user or group in the catalog',
    );
  });

  it('throws the 403 of a report the caller may not see, and of a refused CSV', async () => {
    const { client } = clientAnswering(() =>
      backstageError(
        403,
        'NotAllowedError',
        "You can see your own costs and your groups' costs; ask an admin for others",
      ),
    );
    const query = {
      from: '2026-11-01',
      to: '2026-12-01',
      groupBy: 'user' as const,
      interval: 'day' as const,
      group: 'group:default/team-genomics',
    };
    for (const call of [
      () => client.getReport(query),
      () => client.exportReportCsv(query),
    ]) {
      const error = await call().catch(e => e);
      expect(error.statusCode).toBe(403);
      expect(error.cause.message).toMatch(/^You can see your own costs/);
    }
  });
});

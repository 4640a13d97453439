import { DataAccessClient } from './DataAccessClient';

const baseUrl = 'http://backstage.test/api/data-access';

function clientAnswering(body: unknown) {
  const fetch = jest.fn(
    async (_url: string, _init?: RequestInit) =>
      new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      }),
  );
  const client = new DataAccessClient({
    discoveryApi: { getBaseUrl: jest.fn(async () => baseUrl) },
    fetchApi: { fetch: fetch as typeof globalThis.fetch },
  });
  return { client, fetch };
}

describe('DataAccessClient', () => {
  it('reaches the routes of the contract, refs and ids encoded', async () => {
    const { client, fetch } = clientAnswering({ items: [] });
    await client.getMatrix({ sensitivity: 'restricted', q: ' trials ' });
    await client.getSource('resource:default/clinical-trials-2026');
    await client.listRequests({ scope: 'to-decide' });
    await client.whoCouldAccess('resource:default/x', '2026-12-01');
    await client.heldWithoutAccess();
    expect(fetch.mock.calls.map(c => c[0])).toEqual([
      `${baseUrl}/matrix?sensitivity=restricted&q=trials`,
      `${baseUrl}/sources/default/clinical-trials-2026`,
      `${baseUrl}/requests?scope=to-decide`,
      `${baseUrl}/who-could-access?source=resource%3Adefault%2Fx&at=2026-12-01`,
      `${baseUrl}/held-without-access`,
    ]);
  });

  it('sends grants, changes, ends and decisions as JSON with their methods', async () => {
    const { client, fetch } = clientAnswering({});
    await client.grant({
      source: 'resource:default/x',
      subject: 'group:default/team-vision',
      access: 'read',
    });
    await client.changeGrant('g/1', { expiresAt: null });
    await client.endGrant('g1', 'project over');
    await client.decide('r1', { decision: 'refuse', comment: 'no' });
    const calls = fetch.mock.calls.map(([url, init]) => [
      url,
      init?.method,
      JSON.parse(String(init?.body)),
    ]);
    expect(calls).toEqual([
      [
        `${baseUrl}/grants`,
        'POST',
        {
          source: 'resource:default/x',
          subject: 'group:default/team-vision',
          access: 'read',
        },
      ],
      [`${baseUrl}/grants/g%2F1`, 'PATCH', { expiresAt: null }],
      [`${baseUrl}/grants/g1/end`, 'POST', { reason: 'project over' }],
      [
        `${baseUrl}/requests/r1/decision`,
        'POST',
        { decision: 'refuse', comment: 'no' },
      ],
    ]);
  });
});

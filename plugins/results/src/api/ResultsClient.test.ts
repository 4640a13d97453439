import { ResponseError } from '@backstage/errors';
import { ResultsClient } from './ResultsClient';

const baseUrl = 'http://backstage.test/api/results';

function clientAnswering(response: () => Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response(),
  );
  const client = new ResultsClient({
    discoveryApi: { getBaseUrl: jest.fn(async () => baseUrl) },
    fetchApi: { fetch: fetch as typeof globalThis.fetch },
  });
  return { client, fetch };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('ResultsClient', () => {
  it('lists results with the filters encoded, leaving out empty ones', async () => {
    const { client, fetch } = clientAnswering(() =>
      json({ items: [], totalCount: 0 }),
    );
    await client.listResults({
      project: 'component:default/churn',
      author: '',
      limit: 50,
    });
    expect(fetch.mock.calls[0][0]).toBe(
      `${baseUrl}/results?project=component%3Adefault%2Fchurn&limit=50`,
    );
  });

  it('posts a publish request as JSON', async () => {
    const { client, fetch } = clientAnswering(() =>
      json(
        { result: { id: 'r1' }, version: { version: 1 }, created: true },
        201,
      ),
    );
    const res = await client.publish({
      workspaceId: 'w 1',
      path: 'a.ipynb',
      message: 'first',
    });
    expect(res.created).toBe(true);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${baseUrl}/results/publish`);
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({
      workspaceId: 'w 1',
      path: 'a.ipynb',
      message: 'first',
    });
  });

  it('reaches the routes of a result by its encoded id', async () => {
    const { client, fetch } = clientAnswering(() => json({ items: [] }));
    await client.listWorkspaceNotebooks('ws/1');
    await client.listVersions('r/1');
    await client.listComments('r/1', 2);
    await client.getDiff('r/1', 1, 3).catch(() => undefined);
    expect(fetch.mock.calls.map(c => c[0])).toEqual([
      `${baseUrl}/workspaces/ws%2F1/notebooks`,
      `${baseUrl}/results/r%2F1/versions`,
      `${baseUrl}/results/r%2F1/comments?version=2`,
      `${baseUrl}/results/r%2F1/diff?from=1&to=3`,
    ]);
  });

  it("throws the backend's error with its status", async () => {
    const { client } = clientAnswering(() =>
      json(
        {
          error: {
            name: 'ConflictError',
            message: 'Workspace lab is stopped; start it first',
          },
          response: { statusCode: 409 },
        },
        409,
      ),
    );
    const error = await client
      .publish({ workspaceId: 'w', path: 'a.ipynb', message: 'x' })
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(409);
    expect(error.cause.message).toBe(
      'Workspace lab is stopped; start it first',
    );
  });
});

import { errorMessage } from './errorMessage';
import { PluginFetcher, queryString } from './pluginFetch';

describe('queryString', () => {
  it('leaves out empty values and trims the rest', () => {
    expect(queryString([['a', ' x '], ['b', undefined], ['c', ''], ['d', 5]])).toBe('?a=x&d=5');
    expect(queryString([['a', undefined]])).toBe('');
  });
});

describe('PluginFetcher', () => {
  function fetcher(answer: Response) {
    const fetch = jest.fn(async (_url: string, _init?: RequestInit) => answer);
    const client = new PluginFetcher('things', {
      discoveryApi: { getBaseUrl: async id => `http://backend/api/${id}` },
      fetchApi: { fetch: fetch as any },
    });
    return { client, fetch };
  }

  it('sends JSON to the plugin and reads JSON back', async () => {
    const { client, fetch } = fetcher(
      new Response(JSON.stringify({ ok: 1 }), { status: 200 }),
    );
    await expect(client.json('/x', { method: 'POST', body: { a: 1 } })).resolves.toEqual({ ok: 1 });
    expect(fetch).toHaveBeenCalledWith('http://backend/api/things/x', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: '{"a":1}',
    });
  });

  it("throws the backend's own message on an error answer", async () => {
    const { client } = fetcher(
      new Response(
        // Backstage's error body, as the backend's error handler writes it.
        JSON.stringify({
          error: { name: 'InputError', message: 'expiresAt is in the past' },
          request: { method: 'GET', url: '/api/things/x' },
          response: { statusCode: 400 },
        }),
        { status: 400, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const error = (await client.json('/x').catch(e => e)) as Error;
    expect(error.name).toBe('ResponseError');
    expect(errorMessage(error)).toBe('expiresAt is in the past');
  });
});

import { startCondaStoreTestServer, CondaStoreTestServer } from './index';

describe('conda-store test server', () => {
  let server: CondaStoreTestServer;
  beforeAll(async () => {
    server = await startCondaStoreTestServer({ seed: 'demo', maxPageSize: 3 });
  });
  afterAll(() => server.close());

  const get = (
    path: string,
    headers: Record<string, string> = {
      authorization: `Bearer ${server.token}`,
    },
  ) => fetch(`${server.url}${path}`, { headers, redirect: 'manual' });

  it('answers paginated_api_response pages, capping size at max_page_size', async () => {
    const response = await get('/api/v1/namespace/?page=2&size=50');
    expect(await response.json()).toEqual({
      status: 'ok',
      data: [
        { id: expect.any(Number), name: 'team-genomics' },
        { id: expect.any(Number), name: 'team-vision' },
      ],
      page: 2,
      size: 3,
      count: 5,
      message: null,
    });
  });

  it('answers the v2 environment list with a base64 cursor, and an empty page at the end', async () => {
    const first = await (await get('/api/v2/environment/?limit=5')).json();
    expect(first).toMatchObject({ status: 'ok', count: 7 });
    expect(first.data).toHaveLength(5);
    expect(JSON.parse(Buffer.from(first.cursor, 'base64').toString())).toEqual({
      last_id: first.data[4].id,
      last_value: {},
    });
    const second = await (
      await get(
        `/api/v2/environment/?limit=5&cursor=${encodeURIComponent(
          first.cursor,
        )}`,
      )
    ).json();
    expect(second.data).toHaveLength(2);
    const third = await (
      await get(
        `/api/v2/environment/?limit=5&cursor=${encodeURIComponent(
          second.cursor,
        )}`,
      )
    ).json();
    expect(third.data).toEqual([]);
  });

  it('marks the v1 environment list deprecated as conda-store does', async () => {
    const response = await get('/api/v1/environment/');
    expect(response.headers.get('sunset')).toBe(
      'Mon, 17 Mar 2025 00:00:00 UTC',
    );
  });

  it('sends FastAPI’s 422 for a query parameter of the wrong type', async () => {
    const response = await get('/api/v1/build/?page=first');
    expect(response.status).toBe(422);
    expect((await response.json()).detail[0]).toMatchObject({
      type: 'int_parsing',
      loc: ['query', 'page'],
    });
  });

  it('answers 403 "request not authorized" without a token, and accepts the auth cookie', async () => {
    const anonymous = await get(
      '/api/v1/environment/global/python-data-science/',
      {},
    );
    expect(anonymous.status).toBe(403);
    expect(await anonymous.json()).toEqual({
      status: 'error',
      message: 'request not authorized',
    });
    const cookie = await get(
      '/api/v1/environment/global/python-data-science/',
      {
        cookie: `conda-store-auth=${server.token}`,
      },
    );
    expect(cookie.status).toBe(200);
  });

  it('redirects a build’s log to the storage URL', async () => {
    const response = await get('/api/v1/build/1/logs/');
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe(
      '/conda-store/storage/logs/1.log',
    );
  });
});

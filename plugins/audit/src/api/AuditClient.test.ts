import { ResponseError } from '@backstage/errors';
import { AuditClient, auditQueryString } from './AuditClient';

const baseUrl = 'http://backstage.test/api/audit';

function clientAnswering(response: () => Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response(),
  );
  const client = new AuditClient({
    discoveryApi: { getBaseUrl: jest.fn(async () => baseUrl) },
    fetchApi: { fetch: fetch as typeof globalThis.fetch },
  });
  return { client, fetch };
}

describe('auditQueryString', () => {
  it('keeps the set filters in a fixed order, encoded and trimmed', () => {
    expect(
      auditQueryString({
        search: '  50% off ',
        actor: 'user:default/ada',
        plugin: 'roles',
        eventId: '',
        status: 'failed',
        from: '2026-11-01T00:00:00.000Z',
        limit: 50,
        offset: 100,
      }),
    ).toBe(
      '?plugin=roles&actor=user%3Adefault%2Fada&status=failed' +
        '&from=2026-11-01T00%3A00%3A00.000Z&search=50%25+off&limit=50&offset=100',
    );
  });

  it('is empty without filters and leaves out a zero offset', () => {
    expect(auditQueryString()).toBe('');
    expect(auditQueryString({ offset: 0, plugin: ' ' })).toBe('');
    expect(auditQueryString({ limit: 20, offset: 0 })).toBe('?limit=20');
  });

  it('sends no key the backend does not know', () => {
    const query = { plugin: 'auth', page: 3 } as unknown as Parameters<
      typeof auditQueryString
    >[0];
    expect(auditQueryString(query)).toBe('?plugin=auth');
  });
});

describe('AuditClient', () => {
  it('lists events with the filter as query parameters and parses the page', async () => {
    const items = [
      {
        id: 'e1',
        at: '2026-11-29T10:00:00.000Z',
        plugin: 'workspaces',
        eventId: 'workspace-stop',
        severityLevel: 'low',
        status: 'succeeded',
      },
    ];
    const { client, fetch } = clientAnswering(
      () =>
        new Response(JSON.stringify({ items, total: 41 }), {
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    const page = await client.listEvents({
      plugin: 'workspaces',
      eventId: 'workspace-stop',
      actor: 'user:default/ada',
      status: 'succeeded',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
      search: 'gpu',
      limit: 20,
      offset: 40,
    });
    expect(page).toEqual({ items, total: 41 });
    const [url] = fetch.mock.calls[0];
    expect(url.startsWith(`${baseUrl}/events?`)).toBe(true);
    expect(Object.fromEntries(new URL(url).searchParams)).toEqual({
      plugin: 'workspaces',
      eventId: 'workspace-stop',
      actor: 'user:default/ada',
      status: 'succeeded',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
      search: 'gpu',
      limit: '20',
      offset: '40',
    });
  });

  it("keeps the backend's message of an error", async () => {
    const { client } = clientAnswering(
      () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'InputError',
              message:
                'Invalid query: from: must be a date such as 2026-11-01 or 2026-11-01T10:00:00Z',
            },
            response: { statusCode: 400 },
          }),
          { status: 400, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    const error = await client.listEvents({ from: 'soon' }).catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(400);
    expect(error.cause.message).toMatch(/^Invalid query: from: must be a date/);
  });

  it('exports the CSV of the whole filter, without paging, through fetchApi', async () => {
    const csv = 'at,plugin\n2026-11-29T10:00:00.000Z,roles\n';
    const { client, fetch } = clientAnswering(
      () =>
        new Response(csv, {
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition':
              'attachment; filename="atrium-audit-log.csv"',
          },
        }),
    );
    const filter = { plugin: 'roles', status: 'failed' as const };
    const blob = await client.exportCsv({
      ...filter,
      // Paging of a table query that happens to be passed along is dropped.
      ...({ limit: 20, offset: 40 } as object),
    });
    expect(await blob.text()).toBe(csv);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${baseUrl}/events.csv?plugin=roles&status=failed`);
    expect(init?.headers).toEqual({ Accept: 'text/csv' });
  });

  it('throws the ResponseError of a refused export', async () => {
    const { client } = clientAnswering(
      () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message: 'Only admins may read the audit log',
            },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    const error = await client.exportCsv().catch(e => e);
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toBe('Only admins may read the audit log');
  });
});

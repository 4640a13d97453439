import { ResponseError } from '@backstage/errors';
import type { WorkspaceProgressEvent } from '@internal/plugin-workspaces-common';
import { WorkspacesClient } from './WorkspacesClient';

const baseUrl = 'http://backstage.test/api/workspaces';

function clientAnswering(response: () => Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response(),
  );
  const client = new WorkspacesClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: { fetch: fetch as typeof globalThis.fetch },
  });
  return { client, fetch };
}

/** A body that delivers exactly these byte chunks, one read at a time. */
function chunkedBody(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]);
      else controller.close();
    },
  });
}

describe('WorkspacesClient', () => {
  it("asks for a workspace's diagnosis and says the backend's reason when refused", async () => {
    const diagnosis = {
      workspaceId: 'w/1',
      pod: null,
      findings: [],
      missing: ['no pod'],
      diagnosedAt: '2026-12-05T01:00:00.000Z',
    };
    const ok = clientAnswering(() => new Response(JSON.stringify(diagnosis)));
    await expect(ok.client.diagnoseWorkspace('w/1')).resolves.toEqual(
      diagnosis,
    );
    expect(ok.fetch.mock.calls[0][0]).toBe(
      `${baseUrl}/workspaces/w%2F1/diagnosis`,
    );

    const refused = clientAnswering(
      () =>
        new Response(
          JSON.stringify({
            error: { name: 'NotFoundError', message: 'There is no workspace' },
            response: { statusCode: 404 },
          }),
          { status: 404, headers: { 'content-type': 'application/json' } },
        ),
    );
    const error = await refused.client.diagnoseWorkspace('w-2').catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.cause.message).toBe('There is no workspace');
  });

  it('asks for one page with its sort and filters as query parameters', async () => {
    const { client, fetch } = clientAnswering(
      () => new Response(JSON.stringify({ items: [], total: 12345 })),
    );
    await expect(
      client.listWorkspacePage({
        scope: 'all',
        offset: 100,
        limit: 50,
        sort: 'lastActivity',
        order: 'desc',
        statuses: ['running', 'starting'],
        search: 'cats & dogs',
        contains: { owner: 'ada', name: undefined },
      }),
    ).resolves.toEqual({ items: [], total: 12345 });
    const url = new URL(fetch.mock.calls[0][0]);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      scope: 'all',
      offset: '100',
      limit: '50',
      sort: 'lastActivity',
      order: 'desc',
      status: 'running,starting',
      q: 'cats & dogs',
      ownerContains: 'ada',
    });
  });

  it('parses a progress stream whose events, lines and characters are split across chunks', async () => {
    const text =
      ': keep-alive\n\n' +
      'data: {"progress":10,"message":"Pulling image… ✓"}\n\n' +
      // One event over two data lines, with CRLF line ends (the JSON spans both lines).
      'data: {"progress":60,\r\ndata: "message":"Pod scheduled"}\r\n\r\n' +
      'data: {"progress":100,"ready":true,"url":"/user/ada/gpu-test/"}\n\n';
    const bytes = new TextEncoder().encode(text);
    // Cut inside "data:", inside the multi-byte "…", between \r and \n, and inside JSON.
    const cuts = [
      text.indexOf('data:') + 2,
      new TextEncoder().encode(text.slice(0, text.indexOf('…'))).length + 1,
      new TextEncoder().encode(text.slice(0, text.indexOf('\r\n') + 1)).length,
      bytes.length - 20,
    ];
    const chunks = [0, ...cuts, bytes.length]
      .slice(1)
      .map((end, i, ends) => bytes.slice(i === 0 ? 0 : ends[i - 1], end));
    expect(chunks).toHaveLength(5);

    const { client, fetch } = clientAnswering(
      () =>
        new Response(chunkedBody(chunks), {
          headers: { 'Content-Type': 'text/event-stream' },
        }),
    );
    const events: WorkspaceProgressEvent[] = [];
    await client.streamProgress('ws 1', e => events.push(e));

    expect(fetch).toHaveBeenCalledWith(
      `${baseUrl}/workspaces/ws%201/progress`,
      expect.objectContaining({
        headers: { Accept: 'text/event-stream' },
      }),
    );
    expect(events).toEqual([
      { progress: 10, message: 'Pulling image… ✓' },
      { progress: 60, message: 'Pod scheduled' },
      { progress: 100, ready: true, url: '/user/ada/gpu-test/' },
    ]);
  });

  it('delivers a last event that the server closed without a blank line', async () => {
    const { client } = clientAnswering(
      () =>
        new Response(
          chunkedBody([
            new TextEncoder().encode(
              'data: {"progress":40,"failed":true,"message":"Image not found"}',
            ),
          ]),
        ),
    );
    const events: WorkspaceProgressEvent[] = [];
    await client.streamProgress('w1', e => events.push(e));
    expect(events).toEqual([
      { progress: 40, failed: true, message: 'Image not found' },
    ]);
  });

  it('returns quietly when the caller aborts the stream', async () => {
    const controller = new AbortController();
    const { client } = clientAnswering(() => {
      // A stream that never ends on its own; the abort must end the read.
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode('data: {"progress":5}\n\n'));
          controller.signal.addEventListener('abort', () =>
            c.error(new DOMException('Aborted', 'AbortError')),
          );
        },
      });
      return new Response(body);
    });
    const events: WorkspaceProgressEvent[] = [];
    const done = client.streamProgress(
      'w1',
      e => {
        events.push(e);
        controller.abort();
      },
      controller.signal,
    );
    await expect(done).resolves.toBeUndefined();
    expect(events).toEqual([{ progress: 5 }]);
  });

  it('sends the list filters as query parameters and keeps the backend message of an error', async () => {
    const { client, fetch } = clientAnswering(
      () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message: 'Only platform admins may list everyone’s workspaces',
            },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    const error = await client
      .listWorkspaces({ scope: 'all', project: 'component:default/churn' })
      .catch(e => e);
    expect(fetch.mock.calls[0][0]).toBe(
      `${baseUrl}/workspaces?scope=all&project=component%3Adefault%2Fchurn`,
    );
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toBe(
      'Only platform admins may list everyone’s workspaces',
    );
  });

  it('posts a create request as JSON and returns the created workspace', async () => {
    const created = { id: 'w9', name: 'churn', status: 'starting' };
    const { client, fetch } = clientAnswering(
      () => new Response(JSON.stringify(created), { status: 201 }),
    );
    const request = {
      name: 'churn',
      profile: 'small',
      options: { image: 'gpu' },
      start: true,
    };
    await expect(client.createWorkspace(request)).resolves.toEqual(created);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${baseUrl}/workspaces`);
    expect(init?.method).toBe('POST');
    expect(JSON.parse(init?.body as string)).toEqual(request);
  });

  it('asks for a reproduction of a workspace by id', async () => {
    const reproduced = { id: 'w10', name: 'churn-repro-1', status: 'starting' };
    const { client, fetch } = clientAnswering(
      () => new Response(JSON.stringify(reproduced), { status: 201 }),
    );
    await expect(client.reproduceWorkspace('w 9')).resolves.toEqual(reproduced);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${baseUrl}/workspaces/w%209/reproduce`);
    expect(init?.method).toBe('POST');
  });
});

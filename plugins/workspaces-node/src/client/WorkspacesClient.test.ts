import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkspacesClient } from './WorkspacesClient';

interface Seen {
  method?: string;
  url?: string;
  authorization?: string;
  body: string;
}

const user = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'user', userEntityRef: 'user:default/ada' },
} as BackstageCredentials;
const service = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'service', subject: 'plugin:costs' },
} as BackstageCredentials;

/** Tokens name who they are for, so a test sees on whose behalf a call went. */
const auth = {
  getOwnServiceCredentials: async () => service,
  getPluginRequestToken: async ({
    onBehalfOf,
    targetPluginId,
  }: {
    onBehalfOf: BackstageCredentials<{
      type: string;
      userEntityRef?: string;
    }>;
    targetPluginId: string;
  }) => ({
    token: `${
      onBehalfOf.principal.userEntityRef ?? 'service'
    }->${targetPluginId}`,
  }),
} as unknown as AuthService;

describe('WorkspacesClient', () => {
  let server: Server;
  let seen: Seen[];
  let answer: (req: IncomingMessage) => { status: number; body: unknown };
  let client: WorkspacesClient;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        seen.push({
          method: req.method,
          url: req.url,
          authorization: req.headers.authorization,
          body,
        });
        const { status, body: out } = answer(req);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out));
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const discovery = {
      getBaseUrl: async (pluginId: string) =>
        `http://127.0.0.1:${port}/api/${pluginId}`,
    } as DiscoveryService;
    client = new WorkspacesClient({ discovery, auth });
  });

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });

  beforeEach(() => {
    seen = [];
    answer = () => ({ status: 200, body: { id: 'w1', name: 'ws' } });
  });

  it('creates, starts and reads a workspace on behalf of the given user', async () => {
    const created = await client.createWorkspace(
      { name: 'ws', profile: 'small', start: false },
      { credentials: user },
    );
    await client.startWorkspace('w1', { credentials: user });
    await client.getWorkspace('w1', { credentials: user });

    expect(created).toEqual({ id: 'w1', name: 'ws' });
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/api/workspaces/workspaces',
        authorization: 'Bearer user:default/ada->workspaces',
        body: JSON.stringify({ name: 'ws', profile: 'small', start: false }),
      },
      {
        method: 'POST',
        url: '/api/workspaces/workspaces/w1/start',
        authorization: 'Bearer user:default/ada->workspaces',
        body: '',
      },
      {
        method: 'GET',
        url: '/api/workspaces/workspaces/w1',
        authorization: 'Bearer user:default/ada->workspaces',
        body: '',
      },
    ]);
  });

  it('pages usage sessions as the calling plugin', async () => {
    answer = () => ({ status: 200, body: { items: [], nextAfter: 's9' } });
    const page = await client.listUsageSessions({
      since: '2026-03-01T00:00:00.000Z',
      after: 's8',
      limit: 500,
    });

    expect(page).toEqual({ items: [], nextAfter: 's9' });
    expect(seen).toHaveLength(1);
    expect(seen[0].authorization).toBe('Bearer service->workspaces');
    const url = new URL(seen[0].url!, 'http://x');
    expect(url.pathname).toBe('/api/workspaces/usage-sessions');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      since: '2026-03-01T00:00:00.000Z',
      after: 's8',
      limit: '500',
    });
  });

  it('pages usage sessions changed since a mark (updatedSince, cursor)', async () => {
    answer = () => ({ status: 200, body: { items: [] } });
    await client.listUsageSessions({
      updatedSince: '2026-11-30T11:55:00.000Z',
      after: '2026-11-30T11:56:00.000Z|s8',
      limit: 500,
    });
    const url = new URL(seen[0].url!, 'http://x');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      updatedSince: '2026-11-30T11:55:00.000Z',
      after: '2026-11-30T11:56:00.000Z|s8',
      limit: '500',
    });
  });

  it('reads environment usage as the calling plugin', async () => {
    const report = { since: '2026-09-06T00:00:00.000Z', items: [] };
    answer = () => ({ status: 200, body: report });
    expect(
      await client.getEnvironmentUsage({ since: '2026-09-06T00:00:00.000Z' }),
    ).toEqual(report);
    expect(seen[0].authorization).toBe('Bearer service->workspaces');
    expect(seen[0].url).toBe(
      '/api/workspaces/environment-usage?since=2026-09-06T00%3A00%3A00.000Z',
    );
  });

  it("throws a ResponseError carrying the backend's own message", async () => {
    answer = () => ({
      status: 403,
      body: {
        error: {
          name: 'NotAllowedError',
          message: 'Your GPU quota is used up',
        },
        response: { statusCode: 403 },
      },
    });
    const error = await client
      .startWorkspace('w1', { credentials: user })
      .catch(e => e);

    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(403);
    expect(error.cause.name).toBe('NotAllowedError');
    expect(error.cause.message).toBe('Your GPU quota is used up');
  });
});

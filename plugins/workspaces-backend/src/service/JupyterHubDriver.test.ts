import { mockServices } from '@backstage/backend-test-utils';
import { overlappingSessions, storeTestDatabases } from '@internal/test-utils';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DatabaseWorkspacesStore } from '../database/DatabaseWorkspacesStore';
import { JupyterHubDriver } from './JupyterHubDriver';
import { WorkspacesService, type Caller } from './WorkspacesService';

jest.setTimeout(60_000);

/**
 * A real local HTTP server answering as hubs the Debian 3.0 hub cannot imitate: one
 * with a small api_page_max_limit, one that ignores the pagination media type, a token
 * without read:servers, a slow spawn, subdomain URLs and 5.1's cancelled spawn.
 */
type Handler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
) => void | Promise<void>;
let handler: Handler;
let server: http.Server;
let base: string;
const requests: string[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://hub');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    Promise.resolve(handler(req, res, url)).catch(error => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise(resolve => server.close(resolve));
});
beforeEach(() => {
  requests.length = 0;
});

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const running = (name: string) => ({
  name,
  servers: {
    ws: { name: 'ws', ready: true, pending: null, url: `/user/${name}/ws/` },
  },
});
const users = ['ada', 'bob', 'cy', 'dee', 'eve'].map(running);
const driver = (
  extra: Partial<ConstructorParameters<typeof JupyterHubDriver>[0]> = {},
) => new JupyterHubDriver({ url: base, apiToken: 'secret-token', ...extra });

describe('JupyterHubDriver against hubs the test hub cannot imitate', () => {
  it('follows _pagination.next when the hub caps the page size', async () => {
    handler = (_req, res, url) => {
      // api_page_max_limit = 2: the hub answers at most 2, whatever was asked.
      const offset = Number(url.searchParams.get('offset'));
      const limit = Math.min(Number(url.searchParams.get('limit')), 2);
      const next =
        offset + limit < users.length
          ? { offset: offset + limit, limit }
          : null;
      json(res, 200, {
        items: users.slice(offset, offset + limit),
        _pagination: { offset, limit, total: users.length, next },
      });
    };
    const listed = await driver().listUsersWithServers();
    expect(listed.map(u => u.name)).toEqual(['ada', 'bob', 'cy', 'dee', 'eve']);
  });

  it('pages a plain array by what the hub returned, and stops when it ignores the offset', async () => {
    handler = (_req, res, url) => {
      const offset = Number(url.searchParams.get('offset'));
      json(res, 200, users.slice(offset, offset + 2));
    };
    expect((await driver().listUsersWithServers()).map(u => u.name)).toEqual([
      'ada',
      'bob',
      'cy',
      'dee',
      'eve',
    ]);
    handler = (_req, res) => json(res, 200, users.slice(0, 2));
    expect(await driver().listUsersWithServers()).toHaveLength(2);
  });

  it('refuses a user model without servers (a token lacking read:servers) instead of reading it as nothing running', async () => {
    handler = (_req, res) =>
      json(res, 200, { items: [{ name: 'ada' }], _pagination: { next: null } });
    await expect(driver().listUsersWithServers()).rejects.toThrow(
      'lacks the read:servers scope',
    );
  });

  it('keeps server URLs the hub gives as absolute, and prefixes relative ones', () => {
    const d = driver({ publicUrl: 'https://hub.example.org/' });
    expect(
      d.publicUrl({
        name: 'ws',
        ready: true,
        pending: null,
        url: 'https://ada.hub.example.org/user/ada/ws/',
      }),
    ).toBe('https://ada.hub.example.org/user/ada/ws/');
    expect(
      d.publicUrl({
        name: 'ws',
        ready: true,
        pending: null,
        url: '/user/ada/ws/',
      }),
    ).toBe('https://hub.example.org/user/ada/ws/');
  });

  it('says the hub is not answering when its proxy answers 503 for it, as for a refused connection', async () => {
    // configurable-http-proxy's answer while the hub behind it is down.
    handler = (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('Service Unavailable');
    };
    const hub = driver();
    const notAnswering = `JupyterHub at ${base} is not answering`;
    const refusals = [
      hub.ensureUser('ada').catch(e => e),
      hub.startServer('bob', 'ws', {}).catch(e => e),
      hub.getUser('ada').catch(e => e),
      hub.listUsersWithServers().catch(e => e),
      hub.stopServer('ada', 'ws').catch(e => e),
    ];
    for (const error of await Promise.all(refusals)) {
      expect(error.name).toBe('ServiceUnavailableError');
      expect(error.message).toContain(notAnswering);
      expect(error.message).not.toContain('Service Unavailable');
    }

    // The hub's own 503 (JSON, from its API) is still the hub's message.
    handler = (_req, res) =>
      json(res, 503, { status: 503, message: 'Hub is shutting down' });
    const own = await hub.getUser('ada').catch(e => e);
    expect(own.message).toBe(
      'JupyterHub failed to read hub user ada: Hub is shutting down',
    );
  });

  it('reports a start the hub did not answer in time as unconfirmed, not failed', async () => {
    handler = () => {
      // The hub is still waiting for its spawner: no answer.
    };
    await expect(
      driver({ requestTimeoutMs: 200, spawnTimeoutMs: 300 }).startServer(
        'ada',
        'ws',
        {},
      ),
    ).resolves.toEqual({
      name: 'ws',
      ready: false,
      pending: 'spawn',
      unconfirmed: true,
    });
  });
});

const databases = storeTestDatabases();
const ada: Caller = {
  userEntityRef: 'user:default/ada',
  ownershipEntityRefs: ['user:default/ada'],
};

async function serviceOn(hubDriver: JupyterHubDriver) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseWorkspacesStore.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
  });
  const released: string[] = [];
  const logger = mockServices.logger.mock();
  const service = new WorkspacesService({
    store,
    driver: hubDriver,
    profiles: [{ display_name: 'Small', slug: 'small' }],
    idlePolicies: [],
    admissionChecks: [
      {
        name: 'quota',
        check: async () => ({ allowed: true }),
        release: async w => {
          released.push(w.id);
        },
      },
    ],
    logger,
  });
  return { store, service, released, logger };
}

describe('WorkspacesService against hubs the test hub cannot imitate', () => {
  it('changes nothing and says why when the hub withholds the servers', async () => {
    let withServers = true;
    handler = (req, res, url) => {
      if (req.method === 'POST') {
        res.writeHead(201);
        res.end();
      } else if (url.pathname === '/hub/api/users') {
        json(res, 200, {
          items: [withServers ? running('ada') : { name: 'ada' }],
          _pagination: { next: null },
        });
      } else json(res, 200, withServers ? running('ada') : { name: 'ada' });
    };
    const { service, store, logger } = await serviceOn(driver());
    const created = await service.create(ada, { name: 'ws', profile: 'small' });
    expect(created.status).toBe('running');
    withServers = false;
    await expect(service.reconciler.run()).rejects.toThrow('read:servers');
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining(
        'Reconcile with JupyterHub skipped, no workspace changed',
      ),
    );
    expect((await store.getWorkspace(created.id))!.status).toBe('running');
    expect(await store.listUsageSessions({ open: true })).toHaveLength(1);
  });

  it('keeps a start whose request timed out starting, with the quota held', async () => {
    handler = (req, res) => {
      if (req.method === 'POST' && req.url!.endsWith('/servers/ws')) return; // no answer
      if (req.method === 'POST') {
        res.writeHead(201);
        res.end();
        return;
      }
      res.writeHead(404);
      res.end();
    };
    const { service, store, released } = await serviceOn(
      driver({ requestTimeoutMs: 200, spawnTimeoutMs: 300 }),
    );
    const created = await service.create(ada, { name: 'ws', profile: 'small' });
    expect(created.status).toBe('starting');
    expect(created.statusReason).toMatch(/^Starting, unconfirmed/);
    expect((await store.getWorkspace(created.id))!.status).toBe('starting');
    expect(released).toEqual([]);
  });

  it('treats a stop during a pending spawn (cancelled by a 5.x hub) as one stop', async () => {
    let stopRequested: () => void = () => {};
    const stopped = new Promise<void>(resolve => {
      stopRequested = resolve;
    });
    let gone = false;
    handler = async (req, res, url) => {
      if (req.method === 'POST' && url.pathname === '/hub/api/users/ada') {
        res.writeHead(201);
        res.end();
      } else if (req.method === 'POST') {
        res.writeHead(202);
        res.end();
      } else if (url.pathname.endsWith('/progress')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(
          `data: ${JSON.stringify({
            progress: 10,
            message: 'Pulling image',
          })}\n\n`,
        );
        await stopped;
        // 5.1+: the stop cancels the spawn; the stream ends failed while the stop runs.
        res.end(
          `data: ${JSON.stringify({
            progress: 100,
            failed: true,
            message: 'Spawn cancelled',
          })}\n\n`,
        );
      } else if (req.method === 'DELETE') {
        stopRequested();
        await new Promise(r => setTimeout(r, 300));
        gone = true;
        res.writeHead(204);
        res.end();
      } else {
        json(res, 200, {
          name: 'ada',
          servers: gone
            ? {}
            : { ws: { name: 'ws', ready: false, pending: 'spawn' } },
        });
      }
    };
    const { service, store, released } = await serviceOn(driver());
    const created = await service.create(ada, { name: 'ws', profile: 'small' });
    expect(created.status).toBe('starting');
    // Give the background progress watch time to connect.
    for (
      let i = 0;
      i < 50 && !requests.some(r => r.endsWith('/progress'));
      i++
    ) {
      await new Promise(r => setTimeout(r, 20));
    }
    const result = await service.stop(
      created,
      ada.userEntityRef,
      'stopped by you',
    );
    await new Promise(r => setTimeout(r, 200));
    expect(result.status).toBe('stopped');
    const events = await store.listEvents(created.id);
    expect(events.map(e => e.status)).not.toContain('failed');
    expect((await store.getWorkspace(created.id))!.status).toBe('stopped');
    expect(released).toEqual([created.id]);
    expect(overlappingSessions(await store.listUsageSessions())).toEqual([]);
  });
});

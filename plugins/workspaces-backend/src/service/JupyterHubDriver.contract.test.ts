import type { WorkspaceProgressEvent } from '@internal/plugin-workspaces-common';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import spec from '../__fixtures__/jupyterhub/rest-api-5.5.1.json';
import type { HubServer, HubUser } from './hubModel';
import { JupyterHubDriver } from './JupyterHubDriver';

/**
 * Every call JupyterHubDriver makes, checked against JupyterHub 5.5.1's published
 * OpenAPI spec (the fixture names its source commit): method and path, query
 * parameters, request body, the response fields the driver reads and the scopes the
 * calls need. The driver runs against a real local HTTP server that records what it
 * sends; the tests on Debian's hub 3.0 run the same calls for real.
 */
type Json = Record<string, any>;
type Recorded = {
  method: string;
  path: string;
  query: URLSearchParams;
  body?: unknown;
};

const recorded: Recorded[] = [];
let server: http.Server;
let driver: JupyterHubDriver;
let limitError: Error | undefined;
const progressEvents: WorkspaceProgressEvent[] = [];
const serverModel = {
  name: 'ws',
  ready: true,
  pending: null,
  url: '/user/ada/ws/',
  started: '2026-01-01T00:00:00Z',
  last_activity: '2026-01-01T00:00:00Z',
  user_options: { profile: 'small' },
};
const userModel = {
  name: 'ada',
  last_activity: null,
  servers: { ws: serverModel },
};

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://hub');
    let text = '';
    for await (const chunk of req) text += chunk;
    recorded.push({
      method: req.method!,
      path: url.pathname.replace(/^\/hub\/api/, ''),
      query: url.searchParams,
      ...(text ? { body: JSON.parse(text) } : {}),
    });
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (url.pathname.endsWith('/progress')) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        `data: ${JSON.stringify({
          progress: 100,
          ready: true,
          url: '/user/ada/ws/',
        })}\n\n`,
      );
    } else if (
      req.method === 'POST' &&
      url.pathname.endsWith('/servers/full')
    ) {
      send(400, {
        status: 400,
        message:
          'User ada already has the maximum of 5 named servers.  One must be deleted before a new server can be created',
      });
    } else if (req.method === 'POST')
      send(201, req.url!.includes('/servers/') ? undefined : userModel);
    else if (req.method === 'DELETE') send(204);
    else if (url.pathname === '/hub/api/users')
      send(200, {
        items: [userModel],
        _pagination: { offset: 0, limit: 200, total: 1, next: null },
      });
    else if (url.searchParams.has('include_stopped_servers')) {
      send(200, {
        ...userModel,
        servers: {
          old: { name: 'old', ready: false, pending: null, stopped: true },
        },
      });
    } else send(200, userModel);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  driver = new JupyterHubDriver({ url: base, apiToken: 'contract-token' });
  // Every method of the driver that talks to the hub.
  await driver.ensureUser('ada');
  await driver.startServer('ada', 'ws', { profile: 'small', image: 'pytorch' });
  limitError = await driver.startServer('ada', 'full', {}).then(
    () => undefined,
    (error: Error) => error,
  );
  await driver.getUser('ada');
  await driver.listUsersWithServers();
  for await (const event of driver.progress('ada', 'ws'))
    progressEvents.push(event);
  await driver.stopServer('ada', 'ws');
  await driver.deleteServer('ada', 'ws');
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise(resolve => server.close(resolve));
});

const deref = (node: Json): Json =>
  node?.$ref
    ? deref(
        node.$ref
          .replace(/^#\//, '')
          .split('/')
          .reduce((n: Json, key: string) => n[key], spec as Json),
      )
    : node;

function operationFor(method: string, path: string) {
  for (const [template, item] of Object.entries(spec.paths as Json)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    const op = (item as Json)[method.toLowerCase()];
    if (pattern.test(path) && op) return { template, op: op as Json };
  }
  return undefined;
}

function typeOk(schema: Json, value: string): boolean {
  const types = [schema.type].flat();
  if (schema.enum && !schema.enum.includes(value)) return false;
  return types.some(
    t =>
      t === 'string' ||
      (t === 'number' && /^\d+$/.test(value)) ||
      (t === 'boolean' && ['true', 'false'].includes(value)),
  );
}

/** Problems with one recorded request, as sentences. */
function check(request: Recorded): string[] {
  const found = operationFor(request.method, request.path);
  if (!found) return [`${request.method} ${request.path} is not in the spec`];
  const { op, template } = found;
  const name = `${request.method} ${template}`;
  const problems: string[] = [];
  const params = ((op.parameters ?? []) as Json[]).map(deref);
  for (const [key, value] of request.query) {
    const param = params.find(p => p.in === 'query' && p.name === key);
    if (!param)
      problems.push(`${name}: query parameter '${key}' is not in the spec`);
    else if (!typeOk(param.schema, value)) {
      problems.push(
        `${name}: '${key}=${value}' does not match ${JSON.stringify(
          param.schema,
        )}`,
      );
    }
  }
  const bodySchema = deref(
    op.requestBody?.content?.['application/json']?.schema,
  );
  if (request.body !== undefined) {
    if (!bodySchema)
      problems.push(`${name}: sends a body the spec does not declare`);
    else if (bodySchema.type === 'object') {
      if (typeof request.body !== 'object' || Array.isArray(request.body)) {
        problems.push(`${name}: the body must be an object`);
      }
      for (const [key, value] of Object.entries(request.body as Json)) {
        const prop = bodySchema.properties?.[key];
        if (prop && typeof value !== prop.type) {
          problems.push(`${name}: body.${key} must be ${prop.type}`);
        }
      }
    }
  } else if (op.requestBody?.required) {
    problems.push(`${name}: the spec requires a body`);
  }
  return problems;
}

describe('JupyterHubDriver against the JupyterHub 5.5.1 OpenAPI spec', () => {
  it('names the spec it checks against', () => {
    expect(spec.info.version).toBe('5.5.1');
    expect((spec as Json)['x-atrium-fixture'].commit).toBe(
      '4b520710d97766554b76e43839d16b2e22d1735f',
    );
  });

  it('made every call (the limit refusal explained from the stopped servers)', () => {
    expect(limitError?.message).toBe(
      "You have 1 stopped workspace holding the hub's limit of 5 workspaces (old): delete one to start another",
    );
    expect(progressEvents).toEqual([
      {
        progress: 100,
        ready: true,
        url: `${driver.publicUrl({
          name: 'ws',
          ready: true,
          pending: null,
          url: '/user/ada/ws/',
        })}`,
      },
    ]);
  });

  it('sends only operations, parameters and bodies the spec defines', () => {
    const progress = recorded.filter(r => r.path.endsWith('/progress'));
    // The progress stream has no entry of its own in the spec: it is the Server model's
    // `progress_url` (`/hub/api/users/:name/servers/:servername/progress`).
    expect(progress.map(r => r.path)).toEqual([
      '/users/ada/servers/ws/progress',
    ]);
    expect(
      deref(spec.components.schemas.Server as Json).properties.full_progress_url
        .description,
    ).toContain('/hub/api/users/:name/servers/:servername/progress');
    const calls = recorded.filter(r => !r.path.endsWith('/progress'));
    expect(calls.flatMap(check)).toEqual([]);
    // Every kind of call was made (so a new one cannot slip past unchecked).
    expect(
      [
        ...new Set(
          calls.map(
            r => `${r.method} ${operationFor(r.method, r.path)!.template}`,
          ),
        ),
      ].sort(),
    ).toEqual([
      'DELETE /users/{name}/servers/{server_name}',
      'GET /users',
      'GET /users/{name}',
      'POST /users/{name}',
      'POST /users/{name}/servers/{server_name}',
    ]);
    expect(recorded.find(r => r.method === 'DELETE' && r.body)?.body).toEqual({
      remove: true,
    });
    expect(
      recorded.some(r => r.query.get('include_stopped_servers') === 'true'),
    ).toBe(true);
  });

  it('reads only response fields the spec defines', () => {
    const user = deref(spec.components.schemas.User as Json).properties;
    const serverSchema = deref(
      spec.components.schemas.Server as Json,
    ).properties;
    // The fields of hubModel's HubUser and HubServer: what the driver reads.
    const userFields: (keyof HubUser)[] = ['name', 'last_activity', 'servers'];
    const serverFields: (keyof HubServer)[] = [
      'name',
      'ready',
      'pending',
      'url',
      'started',
      'last_activity',
      'user_options',
      'stopped',
    ];
    expect(userFields.filter(f => !user[f])).toEqual([]);
    expect(serverFields.filter(f => !serverSchema[f])).toEqual([]);
    expect(deref(user.servers.additionalProperties)).toBe(
      deref(spec.components.schemas.Server as Json),
    );
    // The spec lists 'spawn' and 'stop'; hubs also send 'check' (a restarted hub polling
    // its spawners), so the driver's type, and the reconcile, take any string.
    expect(serverSchema.pending.enum).toEqual(['spawn', 'stop']);
    // Absolute URLs are documented: the driver keeps them (see JupyterHubDriver.test.ts).
    expect(serverSchema.url.description).toContain('full URL if subdomains');
  });

  it("needs no scope beyond admin:users and servers (the README's least set)", () => {
    // JupyterHub's scope hierarchy (jupyterhub/scopes.py) for the two scopes.
    const granted = new Set([
      'admin:users',
      'users',
      'read:users',
      'list:users',
      'users:activity',
      'delete:users',
      'admin:auth_state',
      'read:roles:users',
      'read:users:name',
      'read:users:groups',
      'read:users:activity',
      'servers',
      'read:servers',
      'delete:servers',
    ]);
    const needed = new Set(
      recorded
        .filter(r => !r.path.endsWith('/progress'))
        .flatMap(r =>
          (operationFor(r.method, r.path)!.op.security ?? []).flatMap(
            (s: Json) => s.oauth2 ?? [],
          ),
        ),
    );
    expect([...needed].filter(s => !granted.has(s))).toEqual([]);
  });
});

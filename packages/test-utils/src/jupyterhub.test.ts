import {
  existsSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
} from 'node:fs';
import path from 'node:path';
import { startJupyterHub, type StartedJupyterHub } from './jupyterhub';

// A real JupyterHub 3.0 (Debian's) with real single-user servers: starts in ~1.5 s,
// a server is ready ~2 s after its POST on an idle machine.
jest.setTimeout(120_000);

interface ProgressEvent {
  progress?: number;
  message?: string;
  ready?: boolean;
  failed?: boolean;
  url?: string;
}

interface ServerModel {
  name: string;
  ready: boolean;
  stopped: boolean;
  pending: string | null;
  user_options: Record<string, unknown> | null;
  state?: { pid?: number } | null;
}

let hub: StartedJupyterHub;

const api = (
  method: string,
  apiPath: string,
  body?: unknown,
): Promise<Response> =>
  fetch(`${hub.apiUrl}${apiPath}`, {
    method,
    headers: {
      Authorization: `token ${hub.serviceToken}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });

async function servers(
  user: string,
  { includeStopped = false } = {},
): Promise<Record<string, ServerModel>> {
  // JupyterHub 3.0 lists only active (running or pending) servers in the user model;
  // stopped named servers, which stay in the db, need ?include_stopped_servers. That
  // list also holds the default server "" although it was never started, and after a
  // hub restart stopped servers read from the db may have user_options null, not {}.
  const res = await api(
    'GET',
    `/users/${user}${includeStopped ? '?include_stopped_servers' : ''}`,
  );
  expect(res.status).toBe(200);
  return (await res.json()).servers ?? {};
}

/** Reads the spawn progress stream until its last event (ready or failed). */
async function readProgress(
  user: string,
  server: string,
): Promise<ProgressEvent[]> {
  const res = await api('GET', `/users/${user}/servers/${server}/progress`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: ProgressEvent[] = [];
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return events;
      buffer += decoder.decode(value, { stream: true });
      for (
        let end = buffer.indexOf('\n\n');
        end >= 0;
        end = buffer.indexOf('\n\n')
      ) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        // The hub also writes bare "\n\n" keepalives between events.
        const data = block
          .split('\n')
          .filter(line => line.startsWith('data:'))
          .map(line => line.slice(5).trim())
          .join('\n');
        if (!data) continue;
        const event: ProgressEvent = JSON.parse(data);
        events.push(event);
        if (event.ready || event.failed) return events;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

async function poll<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

/** Running and not a zombie (PID 1 here does not reap orphans). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Live processes whose working directory is the hub's state dir or a home in it. */
function processesIn(dir: string): number[] {
  return readdirSync('/proc')
    .filter(name => /^\d+$/.test(name))
    .map(Number)
    .filter(pid => {
      try {
        const cwd = readlinkSync(`/proc/${pid}/cwd`);
        return (cwd === dir || cwd.startsWith(`${dir}/`)) && isRunning(pid);
      } catch {
        return false;
      }
    });
}

async function startServer(
  user: string,
  server: string,
  options: unknown,
): Promise<ProgressEvent[]> {
  const res = await api('POST', `/users/${user}/servers/${server}`, options);
  // 202 with slow_spawn_timeout 0 (the config's choice); 201 if it were ready at once.
  expect([201, 202]).toContain(res.status);
  return readProgress(user, server);
}

beforeAll(async () => {
  hub = await startJupyterHub();
});

afterAll(async () => {
  if (!hub) return;
  await hub.stop();
  // startJupyterHub keeps the state dir it created (restart() needs it): remove it here.
  rmSync(hub.stateDir, { recursive: true, force: true });
});

describe('startJupyterHub', () => {
  it('runs named servers through the proxy and keeps their records across a restart', async () => {
    const version = await fetch(`${hub.apiUrl}/`);
    expect(await version.json()).toEqual({ version: '3.0.0' });

    const created = await api('POST', '/users/ada');
    expect(created.status).toBe(201);

    const events = await startServer('ada', 'ws1', { profile: 'small' });
    const last = events[events.length - 1];
    expect(last).toMatchObject({
      progress: 100,
      ready: true,
      url: '/user/ada/ws1/',
    });

    const ws1 = (await servers('ada')).ws1;
    expect(ws1).toMatchObject({
      ready: true,
      stopped: false,
      user_options: { profile: 'small' },
    });
    // The service's admin:servers scope includes admin:server_state: the spawner's pid.
    const firstPid = ws1.state!.pid!;
    expect(isRunning(firstPid)).toBe(true);

    // The notebook server itself, through the proxy, with the service's token
    // (access:servers).
    const notebook = await fetch(`${hub.url}/user/ada/ws1/api`, {
      headers: { Authorization: `token ${hub.serviceToken}` },
    });
    expect(notebook.status).toBe(200);
    expect(await notebook.json()).toHaveProperty('version');

    await hub.restart();

    // What JupyterHub 3.0 does here: on SIGTERM the hub stops every server
    // (cleanup_servers, the default), so after the restart ws1 is not running any more
    // and the plain user model no longer lists it; its record (with the options it was
    // started with) is still in the db and shows up as stopped.
    expect(isRunning(firstPid)).toBe(false);
    expect(await servers('ada')).not.toHaveProperty('ws1');
    expect((await servers('ada', { includeStopped: true })).ws1).toMatchObject({
      ready: false,
      stopped: true,
      pending: null,
      user_options: { profile: 'small' },
    });

    // The record can be started again under the same name, then stopped.
    const again = await startServer('ada', 'ws1', { profile: 'small' });
    expect(again[again.length - 1]).toMatchObject({ ready: true });
    const secondPid = (await servers('ada')).ws1.state!.pid!;
    expect(isRunning(secondPid)).toBe(true);

    const deleted = await api('DELETE', '/users/ada/servers/ws1');
    expect([202, 204]).toContain(deleted.status);
    await poll('ws1 to stop', async () =>
      'ws1' in (await servers('ada')) ? undefined : true,
    );
    expect((await servers('ada', { includeStopped: true })).ws1).toMatchObject({
      ready: false,
      stopped: true,
    });
    await poll('the notebook process to end', async () =>
      isRunning(secondPid) ? undefined : true,
    );
    const gone = await fetch(`${hub.url}/user/ada/ws1/api`, {
      headers: { Authorization: `token ${hub.serviceToken}` },
      redirect: 'manual',
    });
    expect(gone.status).not.toBe(200);
  });

  it('reports a failed spawn with the reason the hub gives', async () => {
    const res = await api('POST', '/users/grace');
    expect(res.status).toBe(201);

    const events = await startServer('grace', 'bad', {
      profile: hub.failProfile,
    });
    expect(events[events.length - 1]).toEqual({
      progress: 100,
      failed: true,
      message: `Spawn failed: image '${hub.failProfile}' could not be pulled`,
    });
    expect(await servers('grace')).not.toHaveProperty('bad');
  });

  it('stop() ends the hub, the proxy and the single-user servers', async () => {
    await api('POST', '/users/linus');
    const events = await startServer('linus', 'ws', { profile: 'small' });
    expect(events[events.length - 1]).toMatchObject({ ready: true });
    const serverPid = (await servers('linus')).ws.state!.pid!;
    const proxyPid = Number(
      readFileSync(path.join(hub.stateDir, 'proxy.pid'), 'utf8'),
    );
    expect(isRunning(serverPid)).toBe(true);
    expect(isRunning(proxyPid)).toBe(true);

    await hub.stop();

    await expect(fetch(`${hub.url}/hub/api/`)).rejects.toThrow();
    expect(isRunning(serverPid)).toBe(false);
    expect(isRunning(proxyPid)).toBe(false);
    expect(processesIn(hub.stateDir)).toEqual([]);
    // The hub removes its pid files when it shuts down cleanly.
    expect(existsSync(path.join(hub.stateDir, 'jupyterhub.pid'))).toBe(false);
    expect(existsSync(path.join(hub.stateDir, 'proxy.pid'))).toBe(false);
  });
});

import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startService, type StartedService } from './services';
import { freePorts } from './freePorts.mjs';

/** Debian's JupyterHub 3.0; always by full path, since pyenv's python comes first on PATH. */
export const JUPYTERHUB_COMMAND = '/usr/bin/jupyterhub';

/** The one hub configuration shared by the tests and the local demo. */
export const JUPYTERHUB_CONFIG = path.resolve(
  // Test-only package that jest always runs from source (it is never bundled), so
  // __dirname is this src/ folder; resolvePackagePath would not reach dev/ anyway.
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '../../../dev/jupyterhub/jupyterhub_config.py',
);

/** Options for {@link startJupyterHub}. */
export interface StartJupyterHubOptions {
  /** API token of the hub's "portal" service (at least 8 characters); random by default. */
  serviceToken?: string;
  /** Activity reporting interval of the hub and its servers, in seconds (default 10). */
  activityIntervalSeconds?: number;
  /**
   * Where the hub keeps its db, pid files and user homes; a fresh dir under os.tmpdir()
   * by default. Never removed by stop() (restart() reuses it): remove it when done.
   */
  stateDir?: string;
  /** Spawns whose options are `{"profile": failProfile}` fail (default "broken"). */
  failProfile?: string;
  /**
   * Seconds the spawn POST waits for the server before answering 202 (default 0, at
   * once); `'hub'` leaves JupyterHub's own default (10 s), as a real hub has it.
   */
  slowSpawnTimeout?: number | 'hub';
  /**
   * Servers keep running across `restart()` and the restarted hub polls them, as with
   * KubeSpawner (default false: stopping the hub stops its servers).
   */
  keepServersOnRestart?: boolean;
  /** Seconds a restarted hub's first poll of each server takes (default 0). */
  slowCheckSeconds?: number;
  /** JupyterHub's init_spawners_timeout in seconds (default 10, the hub's own). */
  initSpawnersTimeoutSeconds?: number;
  /** The portal service's scopes instead of the config's defaults. */
  portalScopes?: string[];
  /**
   * The demo's simulated cluster (a kube-test-server): the hub keeps a pod with
   * KubeSpawner's labels in it per running server (dev/jupyterhub/demo_cluster.py).
   */
  demoKube?: { url: string; token: string; startTimeoutSeconds?: number };
  /**
   * Data access (dev/jupyterhub/atrium_data_access.py): the key the portal signs a
   * workspace's data list with, and the folder standing for the cluster's volumes.
   */
  data?: { signingKey: string; root?: string };
}

/** A real JupyterHub started by {@link startJupyterHub}. */
export interface StartedJupyterHub {
  /** Public base URL (the proxy), e.g. http://127.0.0.1:PORT. */
  url: string;
  /** `${url}/hub/api` */
  apiUrl: string;
  /** Token of the "portal" service: `Authorization: token <serviceToken>`. */
  serviceToken: string;
  stateDir: string;
  /** The profile slug whose spawns fail with "image '<slug>' could not be pulled". */
  failProfile: string;
  /** What the hub (and the proxy and servers it started) printed, for failure messages. */
  output(): string;
  /** Ends the hub, its proxy and every single-user server. */
  stop(): Promise<void>;
  /**
   * stop(), then start again on the same ports and state dir: the hub's db persists (and
   * with `keepServersOnRestart` the servers keep running).
   */
  restart(): Promise<void>;
}

interface ProcInfo {
  pid: number;
  ppid: number;
  state: string;
  /** Start time in clock ticks since boot: tells a process from a later one with its PID. */
  startTime: string;
}

function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ..." where comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      pid,
      state: fields[0],
      ppid: Number(fields[1]),
      startTime: fields[19],
    };
  } catch {
    return undefined;
  }
}

function allProcs(): ProcInfo[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return []; // not Linux: rely on the hub's own cleanup
  }
  return entries
    .filter(name => /^\d+$/.test(name))
    .map(name => readProc(Number(name)))
    .filter((p): p is ProcInfo => p !== undefined);
}

/** Gone, or a zombie: PID 1 on these machines does not reap orphans, so those linger. */
function isGone(proc: ProcInfo): boolean {
  const now = readProc(proc.pid);
  return (
    !now ||
    now.startTime !== proc.startTime ||
    now.state === 'Z' ||
    now.state === 'X'
  );
}

/**
 * The processes that belong to a hub: everything below the hub's PID (proxy, single-user
 * servers, their kernels), plus proxies and servers whose working directory is in the
 * state dir (the proxy inherits the hub's, servers run in their home under it): these
 * are found even after a crashed hub left them to PID 1.
 */
function hubProcesses(
  hubPid: number | undefined,
  stateDir: string,
): ProcInfo[] {
  const procs = allProcs().filter(p => p.state !== 'Z' && p.state !== 'X');
  const children = new Map<number, ProcInfo[]>();
  for (const p of procs) {
    children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  }
  const found = new Map<number, ProcInfo>();
  const queue = hubPid === undefined ? [] : [hubPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (!found.has(child.pid)) {
        found.set(child.pid, child);
        queue.push(child.pid);
      }
    }
  }
  for (const p of procs) {
    if (found.has(p.pid) || p.pid === process.pid) continue;
    try {
      const cwd = readlinkSync(`/proc/${p.pid}/cwd`);
      if (cwd !== stateDir && !cwd.startsWith(`${stateDir}/`)) continue;
      const cmdline = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8');
      if (/jupyterhub|configurable-http-proxy/.test(cmdline)) {
        found.set(p.pid, p);
      }
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return [...found.values()];
}

async function waitUntilGone(
  procs: ProcInfo[],
  timeoutMs: number,
): Promise<ProcInfo[]> {
  const deadline = Date.now() + timeoutMs;
  let left = procs.filter(p => !isGone(p));
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 100));
    left = left.filter(p => !isGone(p));
  }
  return left;
}

function signal(procs: ProcInfo[], sig: NodeJS.Signals) {
  for (const p of procs) {
    try {
      process.kill(p.pid, sig);
    } catch {
      // already gone
    }
  }
}

/**
 * Starts Debian's JupyterHub 3.0 with dev/jupyterhub/jupyterhub_config.py on free ports
 * of 127.0.0.1, with a "portal" service token, named servers and local single-user
 * servers (SimpleLocalProcessSpawner), and waits until its API answers through the proxy.
 */
export async function startJupyterHub(
  options: StartJupyterHubOptions = {},
): Promise<StartedJupyterHub> {
  if (!existsSync(JUPYTERHUB_COMMAND)) {
    throw new Error(
      `JupyterHub is not installed (${JUPYTERHUB_COMMAND} is missing): run ` +
        '`apt-get install -y --no-install-recommends jupyterhub` ' +
        '(scripts/test.sh installs it)',
    );
  }
  const serviceToken = options.serviceToken ?? randomBytes(24).toString('hex');
  if (serviceToken.length < 8) {
    // JupyterHub 3.0 refuses shorter API tokens (and only after creating its db).
    throw new Error('serviceToken must be at least 8 characters');
  }
  const activityInterval = options.activityIntervalSeconds ?? 10;
  if (!Number.isInteger(activityInterval) || activityInterval < 1) {
    throw new Error(
      'activityIntervalSeconds must be a whole number of seconds',
    );
  }
  const failProfile = options.failProfile ?? 'broken';
  const stateDir = path.resolve(
    options.stateDir ??
      mkdtempSync(path.join(os.tmpdir(), 'atrium-jupyterhub-')),
  );
  mkdirSync(stateDir, { recursive: true });
  const [port, apiPort, proxyApiPort] = await freePorts(3);
  const url = `http://127.0.0.1:${port}`;

  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Nothing of an outer hub or of a developer's demo settings may leak in.
    if (
      !key.startsWith('ATRIUM_HUB_') &&
      !key.startsWith('ATRIUM_DEMO_') &&
      !key.startsWith('JUPYTERHUB_')
    ) {
      env[key] = value;
    }
  }
  Object.assign(env, {
    ATRIUM_HUB_STATE_DIR: stateDir,
    ATRIUM_HUB_PORT: String(port),
    ATRIUM_HUB_API_PORT: String(apiPort),
    ATRIUM_HUB_PROXY_API_PORT: String(proxyApiPort),
    ATRIUM_HUB_SERVICE_TOKEN: serviceToken,
    ATRIUM_HUB_ACTIVITY_INTERVAL: String(activityInterval),
    ATRIUM_HUB_FAIL_PROFILE: failProfile,
    ATRIUM_HUB_SLOW_SPAWN_TIMEOUT: String(options.slowSpawnTimeout ?? 0),
    ATRIUM_HUB_KEEP_SERVERS: options.keepServersOnRestart ? '1' : '0',
    ATRIUM_HUB_SLOW_CHECK_SECONDS: String(options.slowCheckSeconds ?? 0),
    ATRIUM_HUB_INIT_SPAWNERS_TIMEOUT: String(
      options.initSpawnersTimeoutSeconds ?? 10,
    ),
    ATRIUM_HUB_PORTAL_SCOPES: (options.portalScopes ?? []).join(','),
    ...(options.demoKube
      ? {
          ATRIUM_DEMO_KUBE_URL: options.demoKube.url,
          ATRIUM_DEMO_KUBE_TOKEN: options.demoKube.token,
          ATRIUM_DEMO_KUBE_START_TIMEOUT: String(
            options.demoKube.startTimeoutSeconds ?? 3,
          ),
        }
      : {}),
    ...(options.data
      ? {
          ATRIUM_HUB_DATA_SIGNING_KEY: options.data.signingKey,
          ATRIUM_HUB_DATA_ROOT: options.data.root ?? '',
        }
      : {}),
  });

  const launch = async (): Promise<StartedService> => {
    const started = await startService({
      name: 'JupyterHub',
      command: JUPYTERHUB_COMMAND,
      args: ['-f', JUPYTERHUB_CONFIG],
      cwd: stateDir,
      env,
      readyUrl: `${url}/hub/api/`,
      readyTimeoutMs: 60_000,
    });
    // JupyterHub 3.0 starts the proxy before it has added its own route to it: for a
    // moment the proxy answers every path with 404 "Not Found", which startService counts
    // as up. The hub is ready once /hub/api/ answers 200 {"version": ...} (no token needed).
    const deadline = Date.now() + 60_000;
    let last = 'no answer';
    const alive = () =>
      started.process.exitCode === null && started.process.signalCode === null;
    while (Date.now() < deadline && alive()) {
      try {
        const res = await fetch(`${url}/hub/api/`, {
          signal: AbortSignal.timeout(2_000),
        });
        const body = await res.text();
        if (res.status === 200 && body.includes('"version"')) {
          return started;
        }
        last = `HTTP ${res.status} ${body.slice(0, 200)}`;
      } catch (error) {
        last = String(error);
      }
      await new Promise(r => setTimeout(r, 100));
    }
    await started.stop();
    throw new Error(
      `JupyterHub did not start: ${url}/hub/api/ answered ${last}\n--- output ---\n${started.output()}`,
    );
  };

  let service: StartedService | undefined = await launch();
  let previousOutput = '';

  /** Single-user servers (and their kernels) run in their home under the state dir. */
  const homes = path.join(stateDir, 'homes');
  const isServer = (p: ProcInfo) => {
    try {
      const cwd = readlinkSync(`/proc/${p.pid}/cwd`);
      return cwd === homes || cwd.startsWith(`${homes}/`);
    } catch {
      return false;
    }
  };

  const stop = async (keepServers = false) => {
    const current = service;
    // The proxy and the single-user servers run in sessions of their own (JupyterHub
    // starts them with start_new_session), so signalling the hub's process group reaches
    // the hub only. On SIGTERM the hub stops its servers and the proxy itself
    // (cleanup_servers); whatever is left (a hub that had to be SIGKILLed, or crashed)
    // is ended here, tracked by PID.
    const procs = hubProcesses(current?.process.pid, stateDir);
    if (current) {
      previousOutput = (previousOutput + current.output()).slice(-20_000);
      await current.stop();
      service = undefined;
      // And whatever the hub started after the snapshot (a spawn in flight).
      for (const p of hubProcesses(undefined, stateDir)) {
        if (!procs.some(known => known.pid === p.pid)) procs.push(p);
      }
    }
    // A hub that shut down cleanly has already waited for its servers; the proxy only
    // got its SIGTERM and may need a moment. Nobody ends what is left after that, except
    // the servers of a restart that keeps them (the final stop() ends those too).
    let left = await waitUntilGone(
      keepServers ? procs.filter(p => !isServer(p)) : procs,
      1_000,
    );
    if (left.length > 0) {
      signal(left, 'SIGTERM');
      left = await waitUntilGone(left, 5_000);
    }
    if (left.length > 0) {
      signal(left, 'SIGKILL');
      left = await waitUntilGone(left, 5_000);
    }
    if (left.length > 0) {
      throw new Error(
        `JupyterHub processes survived SIGKILL: ${left
          .map(p => p.pid)
          .join(', ')}`,
      );
    }
  };

  return {
    url,
    apiUrl: `${url}/hub/api`,
    serviceToken,
    stateDir,
    failProfile,
    output: () => previousOutput + (service?.output() ?? ''),
    stop: () => stop(),
    restart: async () => {
      await stop(options.keepServersOnRestart);
      service = await launch();
    },
  };
}

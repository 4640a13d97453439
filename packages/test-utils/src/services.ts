import { spawn, type ChildProcess } from 'node:child_process';

/** Options for {@link startService}. */
export interface StartServiceOptions {
  /** Shown in errors and logs. */
  name: string;
  command: string;
  args?: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Polled until it answers with a status below 500. */
  readyUrl: string;
  readyTimeoutMs?: number;
}

/** A process started by a test; `stop()` ends it and everything it started. */
export interface StartedService {
  process: ChildProcess;
  /** What the process printed so far (stdout and stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Polls a URL until it answers (any status below 500) or the time runs out. */
export async function waitForUrl(
  url: string,
  options: { timeoutMs?: number; isAlive?: () => boolean } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (options.isAlive && !options.isAlive()) {
      throw new Error(`process serving ${url} exited before it was ready`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.status < 500) return;
      lastError = `HTTP ${res.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become ready: ${lastError}`);
}

/**
 * Starts a real service for a test (JupyterHub, Prometheus, a backend) in its own
 * process group and waits until it answers. Processes are tracked by PID and the whole
 * group is signalled on stop, since PID 1 on these machines does not reap orphans.
 */
export async function startService(
  options: StartServiceOptions,
): Promise<StartedService> {
  const child = spawn(options.command, options.args ?? [], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited = false;
  const exitedPromise = new Promise<void>(resolve =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );

  const stop = async () => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const killed = await Promise.race([
      exitedPromise.then(() => true),
      new Promise<boolean>(r => {
        timer = setTimeout(() => r(false), 10_000);
      }),
    ]);
    clearTimeout(timer);
    if (!killed) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };

  try {
    await waitForUrl(options.readyUrl, {
      timeoutMs: options.readyTimeoutMs,
      isAlive: () => !exited,
    });
  } catch (error) {
    await stop();
    throw new Error(
      `${options.name} did not start: ${error}\n--- output ---\n${output}`,
    );
  }
  return { process: child, output: () => output, stop };
}

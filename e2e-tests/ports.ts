import { execFileSync } from 'node:child_process';

const taken = new Set<number>();

/**
 * A TCP port that is free now, asked of the OS. Synchronous because Playwright's
 * config is: a child Node process listens on port 0 and prints what it got.
 */
export function freePortSync(): number {
  for (;;) {
    const port = Number(
      execFileSync(process.execPath, [
        '-e',
        "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
      ]).toString(),
    );
    if (!taken.has(port)) {
      taken.add(port);
      return port;
    }
  }
}

/**
 * The port in the environment variable `name`, or a free one chosen now and kept there.
 * The config is evaluated in the runner and again in each worker; the workers inherit
 * the runner's environment, so all of them see the same ports. Setting the variable
 * pins a port (to reach a server from outside, say).
 */
export function portFromEnv(name: string): number {
  if (!process.env[name]) process.env[name] = String(freePortSync());
  return Number(process.env[name]);
}

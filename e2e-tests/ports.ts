import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const taken = new Set<number>();

/**
 * A free TCP port (packages/test-utils/src/freePorts.mjs: below the ephemeral range, so
 * no outgoing connection takes it before the portal binds it). Synchronous because
 * Playwright's config is: a child Node process chooses it.
 */
export function freePortSync(): number {
  for (;;) {
    const port = Number(
      execFileSync(process.execPath, [
        join(__dirname, '../packages/test-utils/bin/free-ports.mjs'),
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

// Free TCP ports for the servers that tests, the browser suite, the benchmarks and the
// image test start. Plain JavaScript (ESM syntax, no import.meta) so that all of them use
// this one file: jest compiles it, bench/ imports it, shell scripts and Playwright's
// synchronous config run bin/free-ports.mjs.
//
// Why not listen(0): the OS answers from its ephemeral range, the range outgoing
// connections also take their local ports from. Between choosing a port and the server
// binding it (20-30 s for a portal that starts its hub, cluster and Prometheus first), a
// connection to PostgreSQL or the hub can take that port, and the server dies with
// EADDRINUSE (seen in CI: the load benchmark waited 300 s for a backend that had exited).
// Ports below that range are never handed to outgoing connections, so a port found
// free there stays free unless something listens on it.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The lowest port chosen: above the fixed ports of the demo stack (16443, 18000-19090). */
const LOWEST = 20000;
/** Ports handed out by this process, never handed out twice. */
const handedOut = new Set();

function ephemeralRangeStart() {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/);
    return Number(low) || 32768;
  } catch {
    return 32768; // Linux's default
  }
}

/** Listens on `port` on every address (so any listener on it conflicts), or undefined. */
const holdPort = port =>
  new Promise(resolve => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, () => resolve(server));
  });

/**
 * Finds `count` distinct TCP ports that nothing listens on, below the kernel's ephemeral
 * range (held open together while choosing, then released).
 *
 * @param {number} count
 * @returns {Promise<number[]>}
 */
export async function freePorts(count) {
  // Where a machine's ephemeral range starts too low to leave room below it, anywhere
  // above LOWEST (the race above is then possible again).
  const start = ephemeralRangeStart();
  const highest = start - LOWEST > 1000 ? start - 1 : 65535;
  const servers = [];
  try {
    for (let tries = 0; servers.length < count; tries++) {
      if (tries > 1000) throw new Error(`no free port in ${LOWEST}-${highest}`);
      const port = LOWEST + Math.floor(Math.random() * (highest - LOWEST + 1));
      if (handedOut.has(port)) continue;
      const server = await holdPort(port);
      if (!server) continue;
      servers.push(server);
      handedOut.add(port);
    }
    return servers.map(s => s.address().port);
  } finally {
    await Promise.all(servers.map(s => new Promise(r => s.close(() => r()))));
  }
}

/** One free TCP port (see freePorts). @returns {Promise<number>} */
export async function freePort() {
  const [port] = await freePorts(1);
  return port;
}

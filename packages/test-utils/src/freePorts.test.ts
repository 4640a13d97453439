import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { freePorts } from './freePorts.mjs';

const ephemeralStart = Number(
  readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(
    /\s+/,
  )[0],
);

describe('freePorts', () => {
  it('hands out distinct ports below the ephemeral range that a server can listen on', async () => {
    const ports = await freePorts(20);
    expect(new Set(ports).size).toBe(20);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20000);
      expect(port).toBeLessThan(ephemeralStart);
    }
    const servers: Server[] = [];
    try {
      for (const port of ports) {
        const server = createServer();
        servers.push(server);
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, '127.0.0.1', () => resolve());
        });
      }
    } finally {
      await Promise.all(servers.map(s => new Promise(r => s.close(r))));
    }
  });

  it('never hands out the same port twice in a process', async () => {
    const first = await freePorts(50);
    const second = await freePorts(50);
    expect(first.filter(p => second.includes(p))).toEqual([]);
  });
});

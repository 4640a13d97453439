import { freePort } from './freePorts.mjs';
import { startService, waitForUrl } from './services';

jest.setTimeout(30_000);

const server = (port: number) => [
  '-e',
  `require('http').createServer((req, res) => res.end('up')).listen(${port}, '127.0.0.1')`,
];

describe('startService', () => {
  it('starts a real process, waits until it answers, and stops it', async () => {
    // Free ports, not fixed ones: another process (a parallel jest worker, a portal)
    // on a fixed port would answer in the service's place.
    const url = `http://127.0.0.1:${await freePort()}/`;
    const service = await startService({
      name: 'tiny http server',
      command: process.execPath,
      args: server(Number(new URL(url).port)),
      readyUrl: url,
    });
    const res = await fetch(url);
    expect(await res.text()).toBe('up');

    await service.stop();
    await expect(fetch(url)).rejects.toThrow();
  });

  it('fails with the process output when the process exits before it is ready', async () => {
    await expect(
      startService({
        name: 'broken service',
        command: process.execPath,
        args: [
          '-e',
          'console.error("cannot bind: config missing"); process.exit(3)',
        ],
        readyUrl: `http://127.0.0.1:${await freePort()}/`,
        readyTimeoutMs: 10_000,
      }),
    ).rejects.toThrow(
      /broken service did not start: .*exited before it was ready[\s\S]*cannot bind: config missing/,
    );
  });
});

describe('waitForUrl', () => {
  it('gives up after the timeout, naming the URL', async () => {
    const url = `http://127.0.0.1:${await freePort()}/`;
    await expect(waitForUrl(url, { timeoutMs: 500 })).rejects.toThrow(
      `${url} did not become ready`,
    );
  });
});

import { startService, waitForUrl } from './services';

jest.setTimeout(30_000);

const server = (port: number) => [
  '-e',
  `require('http').createServer((req, res) => res.end('up')).listen(${port}, '127.0.0.1')`,
];

describe('startService', () => {
  it('starts a real process, waits until it answers, and stops it', async () => {
    const service = await startService({
      name: 'tiny http server',
      command: process.execPath,
      args: server(18931),
      readyUrl: 'http://127.0.0.1:18931/',
    });
    const res = await fetch('http://127.0.0.1:18931/');
    expect(await res.text()).toBe('up');

    await service.stop();
    await expect(fetch('http://127.0.0.1:18931/')).rejects.toThrow();
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
        readyUrl: 'http://127.0.0.1:18932/',
        readyTimeoutMs: 10_000,
      }),
    ).rejects.toThrow(
      /broken service did not start: .*exited before it was ready[\s\S]*cannot bind: config missing/,
    );
  });
});

describe('waitForUrl', () => {
  it('gives up after the timeout, naming the URL', async () => {
    await expect(
      waitForUrl('http://127.0.0.1:18933/', { timeoutMs: 500 }),
    ).rejects.toThrow('http://127.0.0.1:18933/ did not become ready');
  });
});

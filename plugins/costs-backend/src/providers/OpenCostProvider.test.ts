import { LOADED_CI_MARGIN_MS } from '@internal/test-utils';
import { DEFAULT_PROVIDER_TIMEOUT_MS } from './ActualCostProvider';
import { OpenCostProvider } from './OpenCostProvider';
import {
  startOpenCostReplayServer,
  type OpenCostReplayServer,
} from './__testUtils__/openCostReplayServer';

const october = { from: '2026-10-01', to: '2026-11-01' };

let server: OpenCostReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('OpenCostProvider', () => {
  it('splits the month into what ran under a hub user and what did not, and per namespace', async () => {
    server = await startOpenCostReplayServer('plain');
    const source = await new OpenCostProvider({ url: server.url }).fetch(
      october,
    );

    expect(source.error).toBeUndefined();
    expect(source.name).toBe('opencost');
    // Sum of every allocation, __idle__ and __unallocated__ included.
    expect(source.total).toBeCloseTo(1092.08722, 5);
    // ada + grace + alan + rosalind + k.johnson
    expect(source.attributed).toBeCloseTo(
      383.84389 + 63.06895 + 57.39139 + 61.87464 + 3.92664,
      5,
    );
    // the hub, system pods and monitoring (__unallocated__) + idle capacity
    expect(source.unattributed).toBeCloseTo(149.26887 + 372.71284, 5);
    expect(source.attributed + source.unattributed).toBeCloseTo(
      source.total,
      6,
    );

    const users = source.byKey.filter(k => k.key.startsWith('user:'));
    expect(users.map(u => u.key)).toEqual([
      'user:default/ada',
      'user:default/grace',
      'user:default/rosalind',
      'user:default/alan',
      // the label value is KubeSpawner's escaped `k.johnson`
      'user:default/k.johnson',
    ]);
    expect(users[0].amount).toBeCloseTo(383.84389, 5);
    expect(source.byKey.filter(k => k.key.startsWith('namespace:'))).toEqual([
      { key: 'namespace:dev', amount: 647.68571 },
      { key: 'namespace:kube-system', amount: 36.70312 },
      { key: 'namespace:monitoring', amount: 34.98555 },
    ]);
    expect(Date.parse(source.fetchedAt)).not.toBeNaN();

    // What was asked: the whole range at once, by the username label and by namespace.
    const asked = server.requests.map(u => Object.fromEntries(u.searchParams));
    expect(asked).toEqual(
      expect.arrayContaining([
        {
          window: '2026-10-01T00:00:00Z,2026-11-01T00:00:00Z',
          aggregate: 'label:hub.jupyter.org/username',
          accumulate: 'true',
        },
        {
          window: '2026-10-01T00:00:00Z,2026-11-01T00:00:00Z',
          aggregate: 'namespace',
          accumulate: 'true',
        },
      ]),
    );
    expect(server.requests.every(u => u.pathname === '/allocation')).toBe(true);
  });

  it('counts shared overhead spread onto user pods as unattributed', async () => {
    server = await startOpenCostReplayServer('shared');
    const source = await new OpenCostProvider({ url: `${server.url}/` }).fetch(
      october,
    );
    expect(source.error).toBeUndefined();
    expect(source.total).toBeCloseTo(1092.0872, 4);
    // Each user's own cost is what it was without sharing.
    expect(source.attributed).toBeCloseTo(570.10551, 4);
    expect(source.byKey[0]).toEqual({
      key: 'user:default/ada',
      amount: 383.84389,
    });
    expect(source.unattributed).toBeCloseTo(1092.0872 - 570.10551, 4);
    expect(source.byKey.map(k => k.key)).not.toContain('namespace:kube-system');
  });

  it('attributes nothing when the pods do not carry the configured label', async () => {
    server = await startOpenCostReplayServer('plain');
    const source = await new OpenCostProvider({
      url: server.url,
      usernameLabel: 'atrium.example/user',
    }).fetch(october);
    expect(source.error).toBeUndefined();
    expect(source.attributed).toBe(0);
    expect(source.unattributed).toBeCloseTo(source.total, 6);
    expect(source.total).toBeCloseTo(1092.08722, 4);
    expect(server.requests[0].searchParams.get('aggregate')).toMatch(
      /^(label:atrium.example\/user|namespace)$/,
    );
  });

  it('restricts both queries to the configured namespace', async () => {
    server = await startOpenCostReplayServer('plain');
    await new OpenCostProvider({ url: server.url, namespace: 'dev' }).fetch(
      october,
    );
    expect(server.requests.map(u => u.searchParams.get('filter'))).toEqual([
      'namespace:"dev"',
      'namespace:"dev"',
    ]);
  });

  it('reports a source that does not answer as an error within the timeout', async () => {
    server = await startOpenCostReplayServer('hang');
    const started = Date.now();
    const source = await new OpenCostProvider({
      url: server.url,
      timeoutMs: 400,
    }).fetch(october);
    // Given up before the default (5 s) would have: the configured 0.4 s was used. The
    // 4.6 s between is the room a loaded CI machine gets.
    expect(Date.now() - started).toBeLessThan(DEFAULT_PROVIDER_TIMEOUT_MS);
    expect(source.error).toBe(
      `OpenCost at ${server.url} did not answer within 0.4 s`,
    );
    expect(source).toMatchObject({ total: 0, attributed: 0, byKey: [] });
    // jest's own 5 s limit would otherwise end the test before the bound is checked.
  }, 15_000);

  it('waits 5 s by default', async () => {
    server = await startOpenCostReplayServer('hang');
    const started = Date.now();
    const source = await new OpenCostProvider({ url: server.url }).fetch(
      october,
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(DEFAULT_PROVIDER_TIMEOUT_MS - 100);
    expect(elapsed).toBeLessThan(
      DEFAULT_PROVIDER_TIMEOUT_MS + LOADED_CI_MARGIN_MS,
    );
    expect(source.error).toMatch(/did not answer within 5 s$/);
  }, 30_000);

  it("passes on OpenCost's own error and status", async () => {
    server = await startOpenCostReplayServer('error');
    const source = await new OpenCostProvider({ url: server.url }).fetch(
      october,
    );
    expect(source.error).toMatch(
      /^OpenCost at http:\/\/127\.0\.0\.1:\d+ answered 500 to aggregate=(namespace|label:hub\.jupyter\.org\/username): Error: failed to query Prometheus/,
    );
  });

  it('passes on a refused window', async () => {
    server = await startOpenCostReplayServer('plain');
    const source = await new OpenCostProvider({ url: server.url }).fetch({
      from: '2026-11-01',
      to: '2026-10-01',
    });
    expect(source.error).toMatch(
      /answered 400 to aggregate=.*: Invalid 'window' parameter: end is before start/,
    );
  });

  it('says what is wrong when the URL is not OpenCost, without repeating the credentials in it', async () => {
    server = await startOpenCostReplayServer('plain');
    const withCredentials = server.url.replace(
      'http://',
      'http://admin:hunter22@',
    );
    const wrongPath = await new OpenCostProvider({
      url: `${withCredentials}/model/nothing`,
    }).fetch(october);
    expect(wrongPath.error).toMatch(/answered 404 .*404 page not found/);
    expect(wrongPath.error).not.toContain('hunter22');
    // The URL's credentials go to OpenCost (an ingress with basic auth) as a header.
    expect(server.authorizations[0]).toBe(
      `Basic ${Buffer.from('admin:hunter22').toString('base64')}`,
    );

    const port = Number(new URL(server.url).port);
    await server.close();
    server = undefined;
    const refused = await new OpenCostProvider({
      url: `http://admin:hunter22@127.0.0.1:${port}`,
    }).fetch(october);
    expect(refused.error).toMatch(
      new RegExp(
        `^OpenCost at http://127.0.0.1:${port} could not be reached: .*ECONNREFUSED`,
      ),
    );
    expect(refused.error).not.toContain('hunter22');
  });
});

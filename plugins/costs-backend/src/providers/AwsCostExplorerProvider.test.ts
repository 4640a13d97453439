import { DEFAULT_PROVIDER_TIMEOUT_MS } from './ActualCostProvider';
import { AwsCostExplorerProvider } from './AwsCostExplorerProvider';
import {
  startCostExplorerReplayServer,
  TEST_ACCESS_KEY_ID,
  TEST_SECRET_ACCESS_KEY,
  type CostExplorerReplayServer,
} from './__testUtils__/costExplorerReplayServer';

const threeDays = { from: '2026-10-01', to: '2026-10-04' };

let server: CostExplorerReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const provider = (
  s: CostExplorerReplayServer,
  options: Partial<
    ConstructorParameters<typeof AwsCostExplorerProvider>[0]
  > = {},
) =>
  new AwsCostExplorerProvider({
    endpoint: s.endpoint,
    accessKeyId: TEST_ACCESS_KEY_ID,
    secretAccessKey: TEST_SECRET_ACCESS_KEY,
    currency: 'USD',
    ...options,
  });

describe('AwsCostExplorerProvider', () => {
  it('adds up every page of daily costs grouped by the user tag through the real SDK', async () => {
    server = await startCostExplorerReplayServer();
    const source = await provider(server).fetch(threeDays);

    expect(source.error).toBeUndefined();
    expect(source.name).toBe('aws');
    // Every group of the three days, over both pages.
    expect(source.total).toBeCloseTo(179.164265, 6);
    // Resources without the tag ("hub.jupyter.org/username$").
    expect(source.unattributed).toBeCloseTo(127.534516, 6);
    expect(source.attributed).toBeCloseTo(179.164265 - 127.534516, 6);
    // Amounts are added in micro-units: each is the sum of its days' rounded amounts.
    expect(source.byKey).toEqual([
      { key: 'user:default/ada', amount: 37.328822 },
      { key: 'user:default/rosalind', amount: 6.14464 },
      { key: 'user:default/grace', amount: 6.140943 },
      // on page 2 only
      { key: 'user:default/alan', amount: 1.851734 },
      // the tag copies KubeSpawner's escaped label value
      { key: 'user:default/k.johnson', amount: 0.16361 },
    ]);

    // Two signed requests: the second one carries the first page's token.
    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) {
      expect(request.target).toBe('AWSInsightsIndexService.GetCostAndUsage');
      expect(request.authorization).toMatch(
        new RegExp(
          `^AWS4-HMAC-SHA256 Credential=${TEST_ACCESS_KEY_ID}/\\d{8}/us-east-1/ce/aws4_request`,
        ),
      );
      expect(request.body).toMatchObject({
        TimePeriod: { Start: '2026-10-01', End: '2026-10-04' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        GroupBy: [{ Type: 'TAG', Key: 'hub.jupyter.org/username' }],
      });
    }
    expect(server.requests[0].body.NextPageToken).toBeUndefined();
    expect(server.requests[1].body.NextPageToken).toMatch(/^AAMA-/);
  });

  it('counts everything as unattributed when the tag is not an activated cost allocation tag', async () => {
    server = await startCostExplorerReplayServer();
    const source = await provider(server, { tagKey: 'atrium:user' }).fetch(
      threeDays,
    );
    expect(source.error).toBeUndefined();
    expect(server.requests[0].body.GroupBy).toEqual([
      { Type: 'TAG', Key: 'atrium:user' },
    ]);
    expect(source.total).toBeCloseTo(179.164265, 6);
    expect(source.attributed).toBe(0);
    expect(source.byKey).toEqual([]);
  });

  it("turns AWS's ValidationException into a clear error", async () => {
    server = await startCostExplorerReplayServer();
    const source = await provider(server).fetch({
      from: '2026-10-04',
      to: '2026-10-01',
    });
    expect(source.error).toBe(
      'AWS Cost Explorer refused the request (400 ValidationException): Start date (and hour) should be before end date (and hour)',
    );
    expect(source).toMatchObject({ total: 0, attributed: 0, byKey: [] });
  });

  it('says so when AWS does not know the access key', async () => {
    server = await startCostExplorerReplayServer();
    const source = await provider(server, {
      accessKeyId: 'AKIAI44QH8DHBEXAMPLE',
    }).fetch(threeDays);
    expect(source.error).toBe(
      'AWS Cost Explorer refused the request (400 UnrecognizedClientException): The security token included in the request is invalid.',
    );
    expect(source.error).not.toContain(TEST_SECRET_ACCESS_KEY);
  });

  it('reports an endpoint that does not answer as an error within the timeout', async () => {
    server = await startCostExplorerReplayServer({ hang: true });
    const started = Date.now();
    const source = await provider(server, { timeoutMs: 500 }).fetch(threeDays);
    // Given up before the default (5 s) would have: the configured 0.5 s was used. The
    // 4.5 s between is the room a loaded CI machine gets.
    expect(Date.now() - started).toBeLessThan(DEFAULT_PROVIDER_TIMEOUT_MS);
    expect(source.error).toBe('AWS Cost Explorer did not answer within 0.5 s');
    // jest's own 5 s limit would otherwise end the test before the bound is checked.
  }, 15_000);

  it('flags amounts in another currency than the configured one', async () => {
    server = await startCostExplorerReplayServer({ unit: 'EUR' });
    const source = await provider(server).fetch(threeDays);
    expect(source.total).toBeCloseTo(179.164265, 6);
    expect(source.error).toBe(
      'AWS reports amounts in EUR, Atrium is configured for USD (costs.currency): the figures are not converted',
    );
  });

  it('reports an unreachable endpoint', async () => {
    server = await startCostExplorerReplayServer();
    const endpoint = server.endpoint;
    await server.close();
    server = undefined;
    const source = await new AwsCostExplorerProvider({
      endpoint,
      accessKeyId: TEST_ACCESS_KEY_ID,
      secretAccessKey: TEST_SECRET_ACCESS_KEY,
    }).fetch(threeDays);
    expect(source.error).toMatch(
      /^AWS Cost Explorer could not be reached: .*ECONNREFUSED/,
    );
  });
});

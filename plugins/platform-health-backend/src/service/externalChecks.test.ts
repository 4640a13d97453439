import { ConfigReader } from '@backstage/config';
import { readPlatformHealthConfig } from '../config';
import { PrometheusClient } from '../prometheus/PrometheusClient';
import {
  startRecordingServer,
  type RecordingServer,
} from '../__testUtils__/recordingServer';
import { ExternalChecks } from './externalChecks';

/**
 * The caches keyed by catalog data stay bounded however many distinct components and
 * queries the catalog holds.
 */
describe('bounded caches', () => {
  let prometheusServer: RecordingServer;
  beforeEach(async () => {
    prometheusServer = await startRecordingServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          status: 'success',
          data: { resultType: 'scalar', result: [Date.now() / 1000, '1'] },
        }),
      );
    });
  });
  afterEach(() => prometheusServer.close());

  const prometheus = (maxRememberedQueries?: number) =>
    new PrometheusClient({
      url: prometheusServer.url,
      timeoutMs: 1000,
      staleAfterMs: 60_000,
      maxRememberedQueries,
    });

  it('keeps the last answers of at most maxRememberedQueries queries, the newest', async () => {
    const client = prometheus(50);
    for (let i = 0; i < 200; i++) {
      expect((await client.query(`vector(${i})`)).value).toBe(1);
    }
    expect(client.rememberedQueries).toBe(50);
    // The newest keeps its last answer for when Prometheus stops answering.
    await prometheusServer.close();
    const last = await client.query('vector(199)');
    expect(last.value).toBe(1);
    expect(last.freshness.stale).toBe(true);
    expect((await client.query('vector(0)')).value).toBeUndefined();
  });

  it('caches the checks of at most maxCachedComponents components, and none past services.cacheTtl', async () => {
    const config = readPlatformHealthConfig(
      new ConfigReader({
        platformHealth: { services: { cacheTtl: { minutes: 1 } } },
      }),
    );
    const checks = new ExternalChecks({
      config,
      prometheus: prometheus(),
      maxCachedComponents: 100,
    });
    const query = { 'atrium.io/prometheus-availability': 'vector(1)' };
    for (let i = 0; i < 1000; i++) {
      await checks.of(
        `component:default/c${i}`,
        `c${i}`,
        i === 999 ? query : {},
      );
    }
    expect(checks.cachedComponents).toBe(100);
    expect(prometheusServer.requests).toHaveLength(1);
    // A cached component is not asked again within the TTL; an evicted one is.
    await checks.of('component:default/c999', 'c999', query);
    expect(prometheusServer.requests).toHaveLength(1);
    await checks.of('component:default/c0', 'c0', query);
    expect(prometheusServer.requests).toHaveLength(2);

    const uncached = new ExternalChecks({
      config: readPlatformHealthConfig(
        new ConfigReader({
          platformHealth: { services: { cacheTtl: { milliseconds: 0 } } },
        }),
      ),
    });
    await uncached.of('component:default/x', 'x', {});
    expect(uncached.cachedComponents).toBe(0);
  });
});

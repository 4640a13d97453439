import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  startKubeTestServer,
  type KubeTestServer,
} from '@internal/kube-test-server';
import { atriumTestBackendFeatures } from '@internal/backend-test-features';
import type { ServiceHealth } from '@internal/plugin-platform-health-common';
import {
  promtoolCheckConfig,
  startPrometheus,
  type StartedPrometheus,
  LOADED_CI_MARGIN_MS,
} from '@internal/test-utils';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { PLATFORM_OBJECTS } from './__testUtils__/platformCluster';
import { platformHealthPlugin } from './plugin';
import { registerTestPortalMetrics } from './__testUtils__/portalMetrics';
import { PrometheusClient } from './prometheus/PrometheusClient';

jest.setTimeout(90_000);
// What the backend's instrumentation file does before a real backend starts.
beforeAll(registerTestPortalMetrics);

// The demo's Prometheus files (scripts/start.sh runs Prometheus with them).
// eslint-disable-next-line no-restricted-syntax
const DEV_PROMETHEUS = path.resolve(__dirname, '../../../dev/prometheus');

describe('dev/prometheus', () => {
  it('is a valid Prometheus config with valid rules (promtool)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'atrium-promtool-'));
    try {
      for (const file of ['prometheus.yml', 'rules.yml']) {
        copyFileSync(path.join(DEV_PROMETHEUS, file), path.join(dir, file));
      }
      writeFileSync(path.join(dir, 'atrium-metrics-token'), 'token\n');
      writeFileSync(path.join(dir, 'jupyterhub-token'), 'token\n');
      const result = await promtoolCheckConfig(
        path.join(dir, 'prometheus.yml'),
      );
      expect(result.output).toContain('4 rules found');
      expect(result.ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('service health from a real Prometheus', () => {
  let kube: KubeTestServer;
  let prometheus: StartedPrometheus | undefined;
  const backends: Array<{ stop(): Promise<void> }> = [];
  beforeEach(async () => {
    kube = await startKubeTestServer({ seed: { objects: PLATFORM_OBJECTS } });
  });
  afterEach(async () => {
    await Promise.all(backends.splice(0).map(b => b.stop()));
    await prometheus?.stop();
    prometheus = undefined;
    await kube.close();
  });

  // Registered from the platform's own catalog repository (a trusted origin).
  const origin = 'url:https://git.example.org/platform/catalog/platform.yaml';
  const entity = (
    name: string,
    annotations: Record<string, string>,
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': origin,
        'backstage.io/managed-by-origin-location': origin,
        ...annotations,
      },
    },
    spec: {
      type: 'service',
      owner: 'group:default/platform-ops',
      system: 'data-science-platform',
    },
  });

  const ENTITIES = [
    entity('conda-store', {
      'backstage.io/kubernetes-id': 'conda-store',
      'atrium.io/prometheus-alerts': 'service=conda-store',
    }),
    entity('node-exporter', {
      'atrium.io/prometheus-availability': 'avg(up{job="node"})',
      'atrium.io/prometheus-latency-p95':
        'max(scrape_duration_seconds{job="node"})',
      // A real query whose answer is above the error threshold.
      'atrium.io/prometheus-error-rate': 'vector(0.5)',
    }),
  ];

  async function startBackend(prometheusUrl: string) {
    const backend = await startTestBackend({
      features: [
        platformHealthPlugin,
        catalogServiceMock.factory({ entities: ENTITIES }),
        ...atriumTestBackendFeatures({
          groups: {},
          config: {
            platformHealth: {
              clusters: [{ name: 'demo', url: kube.url, token: kube.token }],
              prometheus: { url: prometheusUrl },
              requestTimeout: { seconds: 1 },
              heartbeatInterval: { milliseconds: 300 },
              services: {
                cacheTtl: { milliseconds: 0 },
                trustedOrigins: ['url:https://git.example.org/platform/'],
              },
            },
          },
        }),
      ],
    });
    backends.push(backend);
    return backend.server;
  }

  const health = async (server: any, name: string): Promise<ServiceHealth> => {
    const res = await request(server)
      .get(`/api/platform-health/services/default/${name}`)
      .set('authorization', mockCredentials.user.header('user:default/ada'));
    expect(res.status).toBe(200);
    return res.body;
  };

  async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await check();
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise(r => setTimeout(r, 250));
      }
    }
  }

  it("scrapes the portal's metrics, fires the demo's alert rules and judges services on queries and alerts", async () => {
    // The backend first (Prometheus needs its port), pointed at a port Prometheus takes next.
    const placeholder = net.createServer();
    await new Promise<void>(r => placeholder.listen(0, '127.0.0.1', () => r()));
    const promPort = (placeholder.address() as net.AddressInfo).port;
    await new Promise<void>(r => placeholder.close(() => r()));
    const server = await startBackend(`http://127.0.0.1:${promPort}`);
    kube.faults.crashLoop('dev', 'conda-store-worker-6f7d-y2');

    const backendPort = (server.address() as net.AddressInfo).port;
    // The demo's rules, with `for:` at zero so they fire at the first evaluation.
    const rules = readFileSync(
      path.join(DEV_PROMETHEUS, 'rules.yml'),
      'utf8',
    ).replace(/for: \S+/g, 'for: 0s');
    prometheus = await startPrometheus({
      rules: [rules],
      jobs: [
        {
          job: 'atrium',
          targets: [`127.0.0.1:${backendPort}`],
          metricsPath: '/api/platform-health/metrics',
          bearerToken: mockCredentials.service.header().replace(/^Bearer /, ''),
        },
      ],
      port: promPort,
    });
    await prometheus.waitForSample('atrium_cluster_up{cluster="demo"}');
    await prometheus.waitForAlert('PlatformPodsFailing');

    const conda = await eventually(async () => {
      const h = await health(server, 'conda-store');
      expect(h.alerts.map(a => a.name)).toContain('PlatformPodsFailing');
      return h;
    });
    expect(conda.state).toBe('degraded');
    expect(conda.reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^alert PlatformPodsFailing is firing: 1 pod\(s\) of conda-store in CrashLoopBackOff/,
        ),
      ]),
    );
    expect(conda.alertsFreshness).toMatchObject({ stale: false });

    await prometheus.waitForSample('up{job="node"}');
    const exporter = await eventually(async () => {
      const h = await health(server, 'node-exporter');
      expect(h.metrics.availability?.value).toBe(1);
      expect(h.metrics.latencyP95Seconds?.value).toBeGreaterThan(0);
      return h;
    });
    expect(exporter.state).toBe('degraded');
    expect(exporter.reasons).toEqual(['error rate 50.0% is above 5.0%']);
    expect(exporter.metrics.errorRate).toMatchObject({
      query: 'vector(0.5)',
      value: 0.5,
      freshness: { stale: false },
    });

    // Prometheus goes away: the last known values stay, marked stale with the reason.
    await prometheus.stop();
    prometheus = undefined;
    const stale = await health(server, 'node-exporter');
    expect(stale.metrics.availability).toMatchObject({ value: 1 });
    expect(stale.metrics.availability!.freshness).toMatchObject({
      stale: true,
      error: expect.stringMatching(/refused the connection/),
    });
    expect(stale.notes.join('\n')).toMatch(
      /availability: Prometheus data is \d+ s old \(Prometheus at .* refused the connection/,
    );
  });

  it('gives up on a Prometheus that accepts connections and never answers, within the deadline', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer(socket => sockets.push(socket));
    await new Promise<void>(r => silent.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${
      (silent.address() as net.AddressInfo).port
    }`;
    try {
      const client = new PrometheusClient({
        url,
        timeoutMs: 1000,
        staleAfterMs: 60_000,
      });
      const started = Date.now();
      const [query, alerts] = await Promise.all([
        client.query('up'),
        client.alerts(),
      ]);
      // Both gave up after their 1 s (the message says which timeout), plus room for a
      // loaded CI machine.
      expect(Date.now() - started).toBeLessThan(1_000 + LOADED_CI_MARGIN_MS);
      expect(query.freshness).toEqual({
        stale: true,
        error: `Prometheus at ${url} did not answer within 1 s`,
      });
      expect(alerts.alerts).toEqual([]);

      const server = await startBackend(url);
      const res = await request(server)
        .get('/api/platform-health/services')
        .set('authorization', mockCredentials.user.header('user:default/ada'));
      expect(res.status).toBe(200);
      const exporter = (res.body.items as ServiceHealth[]).find(
        s => s.name === 'node-exporter',
      )!;
      expect(exporter.state).toBe('unknown');
      expect(exporter.notes).toContain(
        `availability: no data from Prometheus yet (Prometheus at ${url} did not answer within 1 s)`,
      );
    } finally {
      sockets.forEach(s => s.destroy());
      silent.close();
    }
  });
});

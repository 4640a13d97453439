import { mockCredentials } from '@backstage/backend-test-utils';
import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import {
  startKubeTestServer,
  type KubeTestServer,
} from '@internal/kube-test-server';
import type { PlatformHistory } from '@internal/plugin-platform-health-common';
import { startPrometheus, type StartedPrometheus } from '@internal/test-utils';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { PLATFORM_OBJECTS } from '../__testUtils__/platformCluster';
import {
  as,
  eventually,
  platformComponent,
  startPlatformHealthBackend,
  TRUSTED_ORIGIN,
} from '../__testUtils__/testBackend';
import { PrometheusClient } from '../prometheus/PrometheusClient';
import { windowRange } from './promql';

jest.setTimeout(120_000);

// eslint-disable-next-line no-restricted-syntax
const DEV_RULES = path.resolve(
  __dirname,
  '../../../../dev/prometheus/rules.yml',
);

const ENTITIES = [
  platformComponent('conda-store', {
    'backstage.io/kubernetes-id': 'conda-store',
    'atrium.io/prometheus-alerts': 'service=conda-store',
    'atrium.io/prometheus-availability': 'avg(up{job="atrium"})',
  }),
  // The same query from an origin nobody trusts: it must not be asked.
  platformComponent(
    'untrusted',
    {
      'backstage.io/kubernetes-id': 'grafana',
      'atrium.io/prometheus-availability': 'vector(1)',
    },
    { origin: 'url:https://git.example.org/someone/catalog-info.yaml' },
  ),
];

/** A port nobody listens on yet: the backend is told Prometheus' URL before it starts. */
async function reservePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>(r => server.close(() => r()));
  return port;
}

describe('history from a real Prometheus', () => {
  let kube: KubeTestServer;
  let prometheus: StartedPrometheus | undefined;
  const stops: Array<() => Promise<void>> = [];
  beforeEach(async () => {
    kube = await startKubeTestServer({ seed: { objects: PLATFORM_OBJECTS } });
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    await prometheus?.stop();
    prometheus = undefined;
    await kube.close();
  });

  async function backend(prometheusUrl: string) {
    const started = await startPlatformHealthBackend({
      entities: ENTITIES,
      platformHealth: {
        clusters: [{ name: 'demo', url: kube.url, token: kube.token }],
        prometheus: { url: prometheusUrl },
        requestTimeout: { seconds: 5 },
        heartbeatInterval: { milliseconds: 300 },
        services: {
          cacheTtl: { milliseconds: 0 },
          trustedOrigins: [TRUSTED_ORIGIN],
        },
        alerts: { enabled: false },
      },
    });
    stops.push(started.stop);
    return started.server;
  }

  /**
   * A rollout as the deployment controller reports it: its Progressing condition names
   * the new ReplicaSet (the message of k8s.io/kubernetes pkg/controller/deployment,
   * NewRSAvailableReason).
   */
  async function rollOut(name: string, replicaSet: string) {
    const config = new KubeConfig();
    config.loadFromString(kube.kubeconfig());
    const apps = config.makeApiClient(AppsV1Api);
    const deployment = await apps.readNamespacedDeployment({
      name,
      namespace: 'dev',
    });
    const now = new Date();
    deployment.status = {
      ...deployment.status,
      conditions: [
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${replicaSet}" has successfully progressed.`,
          lastUpdateTime: now,
          lastTransitionTime: now,
        },
      ],
    };
    await apps.replaceNamespacedDeploymentStatus({
      name,
      namespace: 'dev',
      body: deployment,
    });
  }

  it('charts a service and its cluster from range queries, with the alerts that fired and the rollouts marked', async () => {
    const promPort = await reservePort();
    const server = await backend(`http://127.0.0.1:${promPort}`);
    await rollOut('conda-store-server', 'conda-store-server-5c6b');
    kube.faults.crashLoop('dev', 'conda-store-worker-6f7d-y2');
    const backendPort = (server.address() as net.AddressInfo).port;
    prometheus = await startPrometheus({
      // The demo's rules, firing at the first evaluation.
      rules: [readFileSync(DEV_RULES, 'utf8').replace(/for: \S+/g, 'for: 0s')],
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
    const first = await prometheus.waitForSample(
      'atrium_kube_workload_revision{workload="conda-store-server"}',
    );
    await rollOut('conda-store-server', 'conda-store-server-7f8d9');
    await prometheus.waitForSample(
      `atrium_kube_workload_revision{workload="conda-store-server"} != ${first}`,
    );
    await prometheus.waitForAlert('PlatformPodsFailing');

    const history = async (url: string, who = 'ada') => {
      const res = await request(server).get(url).set('authorization', as(who));
      expect(res.status).toBe(200);
      return res.body as PlatformHistory;
    };
    const service = await eventually(async () => {
      const h = await history(
        '/api/platform-health/services/default/conda-store/history?window=1h',
      );
      expect(h.markers.map(m => m.kind)).toEqual(
        expect.arrayContaining(['alert', 'deploy']),
      );
      return h;
    }, 30_000);
    expect(service).toMatchObject({ window: '1h', stepSeconds: 30 });
    const ids = service.series.map(s => s.id);
    expect(ids).toEqual(
      expect.arrayContaining(['availability', 'ready', 'problemPods']),
    );
    const availability = service.series.find(s => s.id === 'availability')!;
    expect(availability.query).toBe('avg(up{job="atrium"})');
    expect(availability.lines[0].points.at(-1)![1]).toBe(1);
    const problems = service.series.find(s => s.id === 'problemPods')!;
    expect(problems.lines.map(l => l.label)).toContain(
      'reason=CrashLoopBackOff',
    );
    // No cAdvisor or kube-state-metrics here: said, not failed.
    expect(service.missing).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^CPU: no container_cpu_usage_seconds_total .*cAdvisor/,
        ),
        expect.stringMatching(
          /^Memory \(working set\): no container_memory_working_set_bytes/,
        ),
        expect.stringMatching(
          /^Container restarts: no kube_pod_container_status_restarts_total .*kube-state-metrics/,
        ),
      ]),
    );
    expect(service.markers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'alert',
          title: 'PlatformPodsFailing',
          severity: 'warning',
          source: 'prometheus',
        }),
        expect.objectContaining({
          kind: 'deploy',
          title: 'Deployment dev/conda-store-server rolled out',
        }),
      ]),
    );
    const firing = service.markers.find(
      m => m.title === 'PlatformPodsFailing',
    )!;
    expect(firing.endedAt).toBeUndefined();

    // Only trusted catalog sources' queries are asked.
    const untrusted = await history(
      '/api/platform-health/services/default/untrusted/history?window=24h',
    );
    expect(untrusted.stepSeconds).toBe(300);
    expect(untrusted.series.map(s => s.id)).not.toContain('availability');
    expect(untrusted.missing.join('\n')).toMatch(
      /atrium\.io\/prometheus-availability is ignored: .* not a trusted origin/,
    );

    const cluster = await history(
      '/api/platform-health/clusters/demo/history?window=7d',
      'linus',
    );
    expect(cluster.stepSeconds).toBe(1800);
    expect(cluster.series.map(s => s.id)).toEqual(
      expect.arrayContaining(['problemPods', 'up']),
    );
    expect(cluster.markers.map(m => m.title)).toContain('PlatformPodsFailing');
  });

  it('answers 200 with what is missing when Prometheus accepts connections and never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer(socket => sockets.push(socket));
    await new Promise<void>(r => silent.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${
      (silent.address() as net.AddressInfo).port
    }`;
    try {
      const server = await backend(url);
      const res = await request(server)
        .get(
          '/api/platform-health/services/default/conda-store/history?window=1h',
        )
        .set('authorization', as('ada'));
      expect(res.status).toBe(200);
      expect(res.body.series).toEqual([]);
      // The history's own deadline (1.5 s), not the 5 s request timeout, ended it.
      expect(res.body.missing).toContain(
        `charts: Prometheus at ${url} did not answer in time (The operation was aborted due to timeout)`,
      );
    } finally {
      sockets.forEach(s => s.destroy());
      silent.close();
    }
  });

  it('refuses a window it does not know, and keeps the cluster history for DevOps and admins', async () => {
    const server = await backend('http://127.0.0.1:1');
    const bad = await request(server)
      .get(
        '/api/platform-health/services/default/conda-store/history?window=2d',
      )
      .set('authorization', as('ada'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(
      /window.*must be one of 1h, 24h, 7d/,
    );
    const refused = await request(server)
      .get('/api/platform-health/clusters/demo/history?window=1h')
      .set('authorization', as('ada'));
    expect(refused.status).toBe(403);
    const unknown = await request(server)
      .get('/api/platform-health/clusters/nowhere/history?window=1h')
      .set('authorization', as('linus'));
    expect(unknown.status).toBe(404);
    const none = await request(server).get(
      '/api/platform-health/services/default/conda-store/history?window=1h',
    );
    expect(none.status).toBe(401);
  });
});

describe('PrometheusClient.queryRange', () => {
  it('reads a scraped series over a window with the step of the window, capped in points and series', async () => {
    const prometheus = await startPrometheus();
    try {
      await prometheus.waitForSample('count(up == 1) == 2');
      const client = new PrometheusClient({
        url: prometheus.url,
        timeoutMs: 5000,
        staleAfterMs: 60_000,
      });
      const range = windowRange('1h', Date.now());
      expect(range.stepSeconds).toBe(30);
      const { series, truncated } = await client.queryRange('up', {
        ...range,
        maxSeries: 1,
      });
      // Two jobs (prometheus, node), one kept.
      expect(truncated).toBe(true);
      expect(series).toHaveLength(1);
      expect(series[0].labels.__name__).toBe('up');
      expect(series[0].points.length).toBeGreaterThan(0);
      expect(series[0].points.length).toBeLessThanOrEqual(121);
      expect(series[0].points.at(-1)![1]).toBe(1);
      await expect(
        client.queryRange('up{', { ...range, maxSeries: 5 }),
      ).rejects.toThrow(/HTTP 400 \(bad_data: /);
      // 7 days at 30 min is 336 points; never more than 400 whatever the window.
      expect(windowRange('7d', 0).stepSeconds).toBe(1800);
    } finally {
      await prometheus.stop();
    }
  });
});

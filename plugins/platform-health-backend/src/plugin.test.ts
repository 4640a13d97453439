import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  startKubeTestServer,
  type KubeTestServer,
} from '@internal/kube-test-server';
import type {
  ClusterOverview,
  ServiceHealth,
} from '@internal/plugin-platform-health-common';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { LOADED_CI_MARGIN_MS } from '@internal/test-utils';
import { PLATFORM_OBJECTS } from './__testUtils__/platformCluster';
import {
  as,
  eventually,
  platformComponent,
  startPlatformHealthBackend,
  TRUSTED_ORIGIN,
} from './__testUtils__/testBackend';
import { platformHealthPlugin } from './plugin';
import { registerTestPortalMetrics } from './__testUtils__/portalMetrics';

jest.setTimeout(120_000);
// What the backend's instrumentation file does before a real backend starts.
beforeAll(registerTestPortalMetrics);

/**
 * The platform-health routes on a test backend against the Kubernetes API test server
 * (the real REST protocol through @kubernetes/client-node), with the real permission
 * backend, Atrium's policy and the roles backend.
 */
const ENTITIES = [
  platformComponent('jupyterhub', {
    'backstage.io/kubernetes-id': 'jupyterhub',
  }),
  platformComponent('conda-store', {
    'backstage.io/kubernetes-id': 'conda-store',
  }),
  platformComponent('grafana', {
    'backstage.io/kubernetes-label-selector': 'app=grafana',
    'backstage.io/kubernetes-namespace': 'dev',
  }),
  platformComponent('keycloak', {}),
  platformComponent(
    'cats-vs-dogs',
    {},
    { spec: { type: 'data-science-project' } },
  ),
];

const backends: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  // Stop each test's backend (its cluster caches and metrics callbacks) before the next.
  await Promise.all(backends.splice(0).map(b => b.stop()));
});

async function startBackend(
  kube: KubeTestServer,
  extra: Record<string, any> = {},
) {
  const backend = await startPlatformHealthBackend({
    entities: ENTITIES,
    platformHealth: {
      clusters: [
        {
          name: 'demo',
          title: 'Demo cluster',
          simulated: true,
          url: kube.url,
          token: kube.token,
        },
      ],
      requestTimeout: { seconds: 1 },
      heartbeatInterval: { milliseconds: 300 },
      metricsInterval: { milliseconds: 500 },
      ...extra,
      services: {
        cacheTtl: { milliseconds: 0 },
        trustedOrigins: [TRUSTED_ORIGIN],
        ...extra.services,
      },
    },
  });
  backends.push(backend);
  return backend.server;
}

/** The audit events of the last backend started. */
const auditEvents = () => (backends[backends.length - 1] as any).auditEvents;

async function overview(server: any, user = 'linus'): Promise<ClusterOverview> {
  const res = await request(server)
    .get('/api/platform-health/clusters/demo/overview')
    .set('authorization', as(user));
  expect(res.status).toBe(200);
  return res.body;
}

/**
 * The overview once the cache has synced. A list that outlasts the 1 s request timeout
 * (a loaded CI machine) is retried after a back-off that doubles up to 30 s
 * (WatchedCollection): the wait covers one such back-off.
 */
async function syncedOverview(server: any) {
  return eventually(async () => {
    const body = await overview(server);
    expect(body.cluster.freshness.stale).toBe(false);
    return body;
  }, 30_000 + LOADED_CI_MARGIN_MS);
}

async function serviceHealth(
  server: any,
  name: string,
  user = 'linus',
): Promise<ServiceHealth> {
  const res = await request(server)
    .get(`/api/platform-health/services/default/${name}`)
    .set('authorization', as(user));
  expect(res.status).toBe(200);
  return res.body;
}

describe('platform-health routes against the Kubernetes API test server', () => {
  let kube: KubeTestServer;
  beforeEach(async () => {
    kube = await startKubeTestServer({
      seed: { objects: PLATFORM_OBJECTS },
      // A reopened watch counts as current once it hears something: with the real
      // cadence (60 s) the quiet collections would stay stale past this test's staleAfter.
      bookmarkIntervalMs: 1000,
    });
  });
  afterEach(async () => {
    await kube?.close();
  });

  it('gives the cluster overview from its cache: nodes, requests, usage, pods, quotas', async () => {
    const server = await startBackend(kube);
    const body = await syncedOverview(server);
    expect(body.cluster).toMatchObject({
      name: 'demo',
      title: 'Demo cluster',
      simulated: true,
      nodes: { total: 3, ready: 3 },
      pods: { problems: 0 },
    });
    expect(body.cluster.freshness.syncedAt).toEqual(expect.any(String));
    expect(body.totals.allocatable).toEqual({
      cpu: 3 * 7.8,
      memoryBytes: 3 * 31 * 1024 ** 3,
    });
    // Requests: hub 0.5 + server 0.5 + worker 1 + grafana 0.1 cores.
    expect(body.totals.requested.cpu).toBeCloseTo(2.1, 5);
    const nodeB = body.nodes.find(n => n.name === 'node-b')!;
    expect(nodeB).toMatchObject({ ready: true, pods: 2, roles: ['worker'] });
    expect(nodeB.requested).toEqual({ cpu: 1.5, memoryBytes: 3 * 1024 ** 3 });
    expect(body.podsByPhase).toEqual({ Running: 4 });
    const dev = body.namespaces.find(n => n.name === 'dev')!;
    expect(dev.pods).toBe(4);
    expect(dev.quotas).toContainEqual({
      quota: 'dev-quota',
      resource: 'requests.cpu',
      hard: '8',
      used: '2',
      ratio: 0.25,
    });
    // metrics.k8s.io: usage per node once polled.
    const withUsage = await eventually(async () => {
      const b = await overview(server);
      expect(b.metrics.available).toBe(true);
      return b;
    });
    expect(withUsage.nodes.every(n => n.used && n.used.cpu > 0)).toBe(true);
    expect(withUsage.totals.used!.memoryBytes).toBeGreaterThan(0);
  });

  it('reports every scripted fault as a problem pod with its reason, events and logs', async () => {
    const server = await startBackend(kube);
    await syncedOverview(server);

    kube.faults.crashLoop('dev', 'conda-store-worker-6f7d-y2', {
      restarts: 7,
      message: 'conda_store_server.worker: cannot connect to redis:6379',
    });
    kube.faults.oomKilled('dev', 'hub-7d9f8-abcde');
    kube.faults.imagePullBackOff('dev', 'grafana-84c-z3', 'grafana/grafana:99');
    kube.apply({
      ...PLATFORM_OBJECTS.find(o => o.metadata.name === 'grafana-84c-z3')!,
      metadata: {
        name: 'dask-worker-big',
        namespace: 'dev',
        labels: { app: 'dask-worker' },
      },
      spec: {
        containers: [
          {
            name: 'dask',
            image: 'dask:1',
            resources: { requests: { cpu: '64', memory: '512Gi' } },
          },
        ],
      },
      status: { phase: 'Pending' },
    });
    kube.faults.pendingUnschedulable(
      'dev',
      'dask-worker-big',
      '0/3 nodes are available: 3 Insufficient cpu.',
    );
    kube.faults.nodeNotReady('node-c');

    const body = await eventually(async () => {
      const b = await overview(server);
      expect(b.problemPodsTotal).toBe(4);
      return b;
    });
    const byName = Object.fromEntries(body.problemPods.map(p => [p.name, p]));
    expect(byName['conda-store-worker-6f7d-y2']).toMatchObject({
      reason: 'CrashLoopBackOff',
      container: 'worker',
      restarts: 7,
      kubernetesId: 'conda-store',
    });
    expect(byName['conda-store-worker-6f7d-y2'].events[0]).toMatchObject({
      type: 'Warning',
      reason: 'BackOff',
    });
    expect(byName['hub-7d9f8-abcde'].reason).toBe('OOMKilled');
    expect(byName['grafana-84c-z3']).toMatchObject({
      reason: 'ImagePullBackOff',
    });
    expect(byName['grafana-84c-z3'].message).toContain('grafana/grafana:99');
    expect(byName['dask-worker-big']).toMatchObject({
      reason: 'Unschedulable',
      message: '0/3 nodes are available: 3 Insufficient cpu.',
    });
    expect(body.nodes[0]).toMatchObject({ name: 'node-c', ready: false });
    expect(body.nodes[0].reason).toContain('NodeStatusUnknown');
    expect(body.cluster.nodes).toEqual({ total: 3, ready: 2 });
    expect(body.warningEvents.map(e => e.reason)).toEqual(
      expect.arrayContaining(['BackOff', 'FailedScheduling']),
    );

    // The grafana pod fails on its own account; a healthy pod on node-c is NodeNotReady.
    kube.apply({
      ...PLATFORM_OBJECTS.find(o => o.metadata.name === 'grafana-84c-z3')!,
      metadata: {
        name: 'exporter-on-c',
        namespace: 'dev',
        labels: { app: 'exporter' },
      },
    });
    const withNodeProblem = await eventually(async () => {
      const b = await overview(server);
      expect(b.problemPods.find(p => p.name === 'exporter-on-c')?.reason).toBe(
        'NodeNotReady',
      );
      return b;
    });
    expect(withNodeProblem.problemPods[0].reason).toBe('NodeNotReady');

    // The crashed container's last lines, fetched on demand.
    const logs = await request(server)
      .get(
        '/api/platform-health/clusters/demo/namespaces/dev/pods/conda-store-worker-6f7d-y2/logs',
      )
      .set('authorization', as('linus'));
    expect(logs.status).toBe(200);
    expect(logs.body.container).toBe('worker');
    expect(logs.body.lines.join('\n')).toContain(
      'cannot connect to redis:6379',
    );

    // Each read is in the audit log, with the container read; so is a refused one.
    expect(auditEvents()).toContainEqual({
      eventId: 'pod-logs-read',
      status: 'succeeded',
      meta: {
        cluster: 'demo',
        namespace: 'dev',
        pod: 'conda-store-worker-6f7d-y2',
        container: 'worker',
        previous: expect.any(Boolean),
      },
    });

    // The service's Health: conda-store is degraded because of its worker.
    const conda = await serviceHealth(server, 'conda-store');
    expect(conda.state).toBe('degraded');
    expect(conda.reasons).toContain(
      'pod conda-store-worker-6f7d-y2: CrashLoopBackOff (7 restarts)',
    );
    expect(conda.workloads.map(w => w.name)).toEqual([
      'conda-store-server',
      'conda-store-worker',
    ]);
    expect(conda.clusters).toEqual([
      expect.objectContaining({ name: 'demo', simulated: true }),
    ]);
    // grafana is found through its label selector.
    const grafana = await serviceHealth(server, 'grafana');
    expect(grafana.problemPods.map(p => p.reason)).toEqual([
      'ImagePullBackOff',
    ]);
  });

  it('lists the platform services with their state and reasons for everyone', async () => {
    const server = await startBackend(kube);
    await syncedOverview(server);
    kube.faults.crashLoop('dev', 'conda-store-worker-6f7d-y2');
    await eventually(async () => {
      expect((await overview(server)).problemPodsTotal).toBe(1);
    });
    const res = await request(server)
      .get('/api/platform-health/services')
      .set('authorization', as('ada'));
    expect(res.status).toBe(200);
    const states = Object.fromEntries(
      (res.body.items as ServiceHealth[]).map(s => [
        s.name,
        [s.state, s.reasons],
      ]),
    );
    // The project is not a platform service.
    expect(Object.keys(states).sort()).toEqual([
      'conda-store',
      'grafana',
      'jupyterhub',
      'keycloak',
    ]);
    expect(states.jupyterhub).toEqual(['healthy', []]);
    expect(states['conda-store'][0]).toBe('degraded');
    expect(states.keycloak[0]).toBe('unknown');
    expect(states.keycloak[1][0]).toContain('declares nothing to judge by');
  });

  it('probes the health URL, from config over the annotation, within the deadline', async () => {
    let answer = 200;
    const health = http.createServer((_req, res) => {
      if (answer === 0) return; // never answers
      res.writeHead(answer).end('ok');
    });
    await new Promise<void>(r => health.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${
      (health.address() as AddressInfo).port
    }/health`;
    try {
      const server = await startBackend(kube, {
        services: {
          probeHosts: ['127.0.0.1'],
          components: { keycloak: { healthUrl: url } },
        },
      });
      await syncedOverview(server);
      const up = await serviceHealth(server, 'keycloak');
      expect(up.state).toBe('healthy');
      expect(up.probe).toMatchObject({ url, ok: true, status: 200 });

      answer = 503;
      const failing = await serviceHealth(server, 'keycloak');
      expect(failing.state).toBe('down');
      expect(failing.reasons).toEqual([
        `health check ${url} failed: answered HTTP 503`,
      ]);

      answer = 0;
      const started = Date.now();
      const silent = await serviceHealth(server, 'keycloak');
      // The probe's 1 s, plus room for a loaded CI machine.
      expect(Date.now() - started).toBeLessThan(1_000 + LOADED_CI_MARGIN_MS);
      expect(silent.reasons).toEqual([
        `health check ${url} failed: no answer within 1 s`,
      ]);
    } finally {
      health.closeAllConnections();
      health.close();
    }
  });

  it('marks a service down when none of its replicas is ready', async () => {
    const server = await startBackend(kube);
    await syncedOverview(server);
    const hub = PLATFORM_OBJECTS.find(o => o.metadata.name === 'hub')!;
    kube.apply({ ...hub, status: { replicas: 1, readyReplicas: 0 } });
    const health = await eventually(async () => {
      const h = await serviceHealth(server, 'jupyterhub');
      expect(h.state).toBe('down');
      return h;
    });
    expect(health.reasons).toEqual(['no ready replicas: hub 0/1']);
  });

  it('keeps the last known data, marked stale with its age, when the API server refuses connections', async () => {
    const server = await startBackend(kube);
    await syncedOverview(server);
    kube.faults.unreachable('refuse');
    const stale = await eventually(async () => {
      const b = await overview(server);
      expect(b.cluster.freshness.stale).toBe(true);
      expect(b.cluster.freshness.error).toMatch(/refused the connection/);
      return b;
    });
    expect(stale.cluster.freshness.ageSeconds).toEqual(expect.any(Number));
    expect(stale.nodes).toHaveLength(3);
    const conda = await serviceHealth(server, 'conda-store');
    expect(conda.notes.join('\n')).toMatch(
      /cluster demo: the cluster data is \d+ s old/,
    );

    kube.faults.reachable();
    kube.faults.crashLoop('dev', 'conda-store-worker-6f7d-y2');
    // Fresh again, and changes made while it was away arrive: at the next retry, whose
    // back-off doubled while the server refused (up to 30 s, WatchedCollection) — on a
    // loaded CI machine the refusal lasted long enough that 10 s was not always enough.
    await eventually(async () => {
      const b = await overview(server);
      expect(b.cluster.freshness.stale).toBe(false);
      expect(b.problemPodsTotal).toBe(1);
    }, 30_000 + LOADED_CI_MARGIN_MS);
  });

  it('answers within the deadline while the API server hangs, and says why the data is stale', async () => {
    const server = await startBackend(kube);
    await syncedOverview(server);
    kube.faults.unreachable('hang');
    const started = Date.now();
    const stale = await eventually(async () => {
      const b = await overview(server);
      expect(b.cluster.freshness.stale).toBe(true);
      return b;
    });
    // Heartbeat interval (0.3 s) + request timeout (1 s), with room for a loaded CI
    // machine.
    expect(Date.now() - started).toBeLessThan(1_300 + LOADED_CI_MARGIN_MS);
    expect(stale.cluster.freshness.error).toMatch(
      /did not (answer|open a watch) within 1 s/,
    );
    expect(stale.problemPods).toEqual([]);

    // Logs are fetched live: the route gives up at the deadline with a 503.
    const logsStarted = Date.now();
    const logs = await request(server)
      .get(
        '/api/platform-health/clusters/demo/namespaces/dev/pods/hub-7d9f8-abcde/logs',
      )
      .set('authorization', as('linus'));
    expect(logs.status).toBe(503);
    expect(logs.body.error.message).toMatch(/did not answer within 1 s/);
    expect(Date.now() - logsStarted).toBeLessThan(1_000 + LOADED_CI_MARGIN_MS);

    kube.faults.reachable();
    await syncedOverview(server);
  });

  it('resumes its watches after the server drops them, relisting when the history expired', async () => {
    const server = await startBackend(kube);
    await syncedOverview(server);
    kube.faults.dropWatches({ expire: true });
    kube.faults.oomKilled('dev', 'hub-7d9f8-abcde');
    await eventually(async () => {
      const b = await overview(server);
      expect(b.problemPods.map(p => p.reason)).toEqual(['OOMKilled']);
    });
  });

  it('guards every route: sign-in, role, input', async () => {
    const server = await startBackend(kube);
    await syncedOverview(server);
    const get = (path: string, user?: string) => {
      const req = request(server).get(`/api/platform-health${path}`);
      return user ? req.set('authorization', as(user)) : req;
    };
    for (const path of [
      '/clusters',
      '/clusters/demo/overview',
      '/clusters/demo/namespaces/dev/pods/hub-7d9f8-abcde/logs',
      '/services',
      '/services/default/jupyterhub',
      '/metrics',
    ]) {
      expect((await get(path)).status).toBe(401);
    }
    for (const path of [
      '/clusters',
      '/clusters/demo/overview',
      '/clusters/demo/namespaces/dev/pods/hub-7d9f8-abcde/logs',
      '/metrics',
    ]) {
      const res = await get(path, 'ada');
      expect(res.status).toBe(403);
    }
    expect(
      (await get('/clusters/demo/overview', 'ada')).body.error.message,
    ).toBe(
      'The cluster overview is for DevOps and admins: ask a platform admin for the devops role',
    );
    expect((await get('/services', 'ada')).status).toBe(200);
    expect((await get('/clusters', 'margaret')).status).toBe(200);

    const bad = await get(
      '/clusters/demo/namespaces/dev/pods/hub-7d9f8-abcde/logs?tailLines=0&follow=1',
      'linus',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      "Invalid query: tailLines: must be at least 1; Unrecognized key(s) in object: 'follow'",
    );
    expect((await get('/clusters/Demo_1/overview', 'linus')).status).toBe(400);
    const unknown = await get('/clusters/prod/overview', 'linus');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      "There is no cluster 'prod': the configured clusters are demo",
    );
    expect((await get('/services/default/nope', 'ada')).status).toBe(404);
    const noPod = await get(
      '/clusters/demo/namespaces/dev/pods/gone/logs',
      'linus',
    );
    expect(noPod.status).toBe(404);
    const noContainer = await get(
      '/clusters/demo/namespaces/dev/pods/hub-7d9f8-abcde/logs?container=sidecar',
      'linus',
    );
    expect(noContainer.status).toBe(404);
    expect(noContainer.body.error.message).toBe(
      "Pod dev/hub-7d9f8-abcde has no container 'sidecar' (it has hub)",
    );
    expect(auditEvents()).toContainEqual({
      eventId: 'pod-logs-read',
      status: 'failed',
      meta: {
        cluster: 'demo',
        namespace: 'dev',
        pod: 'hub-7d9f8-abcde',
        container: 'sidecar',
      },
    });
    // Unauthenticated, refused and malformed requests never reach the logs: only the
    // read of a missing container is recorded (as failed).
    expect(
      auditEvents().filter((e: any) => e.meta.pod === 'hub-7d9f8-abcde'),
    ).toHaveLength(1);
    // No secret of the cluster in any answer.
    const all = await Promise.all(
      ['/clusters', '/clusters/demo/overview', '/services'].map(p =>
        get(p, 'margaret'),
      ),
    );
    for (const res of all)
      expect(JSON.stringify(res.body)).not.toContain(kube.token);
  });

  it("serves the portal's metrics in Prometheus format to operators", async () => {
    const server = await startBackend(kube);
    await syncedOverview(server);
    kube.faults.crashLoop('dev', 'conda-store-worker-6f7d-y2');
    await eventually(async () => {
      const res = await request(server)
        .get('/api/platform-health/metrics')
        .set('authorization', as('linus'));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.text).toMatch(
        /^atrium_cluster_up\{[^}]*cluster="demo"[^}]*\} 1/m,
      );
      expect(res.text).toMatch(
        /^atrium_kube_workload_desired_replicas\{[^}]*workload="conda-store-worker"[^}]*service="conda-store"[^}]*\} 1/m,
      );
      expect(res.text).toMatch(
        /^atrium_kube_problem_pods\{[^}]*reason="CrashLoopBackOff"[^}]*service="conda-store"[^}]*\} 1/m,
      );
    });
  });
});

describe('the metrics route with Backstage’s real auth', () => {
  it('accepts the static external-access token and refuses requests without it', async () => {
    const kube = await startKubeTestServer({ seed: 'empty' });
    const token = 'prometheus-scrape-token-0123456789';
    const backend = await startTestBackend({
      features: [
        platformHealthPlugin,
        authServiceFactory,
        httpAuthServiceFactory,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: { token, subject: 'prometheus' },
                    accessRestrictions: [{ plugin: 'platform-health' }],
                  },
                ],
              },
            },
            platformHealth: {
              clusters: [{ name: 'demo', url: kube.url, token: kube.token }],
            },
          },
        }),
      ],
    });
    try {
      const scrape = await request(backend.server)
        .get('/api/platform-health/metrics')
        .set('authorization', `Bearer ${token}`);
      expect(scrape.status).toBe(200);
      expect(scrape.text).toContain('# TYPE atrium_cluster_up gauge');
      expect(
        (await request(backend.server).get('/api/platform-health/metrics'))
          .status,
      ).toBe(401);
      expect(
        (
          await request(backend.server)
            .get('/api/platform-health/metrics')
            .set('authorization', 'Bearer not-the-token')
        ).status,
      ).toBe(401);
    } finally {
      await backend.stop();
      await kube.close();
    }
  });

  it('serves them to anyone when platformHealth.metrics.allowUnauthenticated is set', async () => {
    const kube = await startKubeTestServer({ seed: 'empty' });
    const backend = await startTestBackend({
      features: [
        platformHealthPlugin,
        authServiceFactory,
        httpAuthServiceFactory,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            platformHealth: {
              clusters: [{ name: 'demo', url: kube.url, token: kube.token }],
              metrics: { allowUnauthenticated: true },
            },
          },
        }),
      ],
    });
    try {
      const res = await request(backend.server).get(
        '/api/platform-health/metrics',
      );
      expect(res.status).toBe(200);
      // Only the metrics route is open.
      expect(
        (await request(backend.server).get('/api/platform-health/services'))
          .status,
      ).toBe(401);
    } finally {
      await backend.stop();
      await kube.close();
    }
  });
});

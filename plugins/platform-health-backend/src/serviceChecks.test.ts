import type { ServiceHealth } from '@internal/plugin-platform-health-common';
import { LOADED_CI_MARGIN_MS } from '@internal/test-utils';
import path from 'node:path';
import request from 'supertest';
import {
  as,
  platformComponent,
  startPlatformHealthBackend,
  TRUSTED_ORIGIN,
} from './__testUtils__/testBackend';
import {
  startRecordingServer,
  type RecordingServer,
} from './__testUtils__/recordingServer';

jest.setTimeout(60_000);

/**
 * Who decides what the backend fetches for a service's health: health URLs, Prometheus
 * queries and alert selectors are honoured only from trusted catalog origins (the
 * config's static locations and `services.trustedOrigins`) or from config, and health
 * URLs are fetched only on the hosts of `services.probeHosts`. Each target here is a
 * local HTTP server that records what it is asked.
 */
const PUSHED_ORIGIN = 'atrium-git:/srv/atrium/git/team-vision/project-x.git';
const UNTRUSTED_NOTE = (ref: string, annotations: string) =>
  `${annotations}: ${ref} comes from ${PUSHED_ORIGIN}, which is not a trusted origin: an admin can list it in platformHealth.services.trustedOrigins or set the check in platformHealth.services.components`;

/** A Prometheus HTTP API that answers every query with 1 and serves `alerts`. */
function fakePrometheus(alerts: Array<Record<string, unknown>> = []) {
  return startRecordingServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url?.startsWith('/api/v1/alerts')) {
      res.end(JSON.stringify({ status: 'success', data: { alerts } }));
      return;
    }
    res.end(
      JSON.stringify({
        status: 'success',
        data: {
          resultType: 'vector',
          result: [{ metric: {}, value: [Date.now() / 1000, '1'] }],
        },
      }),
    );
  });
}

/** The PromQL queries a fake Prometheus was asked. */
const queriesOf = (prometheus: RecordingServer) =>
  prometheus.requests
    .filter(r => r.startsWith('GET /api/v1/query?'))
    .map(r => new URLSearchParams(r.split('?')[1]).get('query'));

describe('health checks from the catalog', () => {
  const servers: RecordingServer[] = [];
  const backends: Array<{ stop(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(backends.splice(0).map(b => b.stop()));
    await Promise.all(servers.splice(0).map(s => s.close()));
  });

  async function start(
    entities: Parameters<typeof startPlatformHealthBackend>[0]['entities'],
    platformHealth: Record<string, any>,
    config: Record<string, any> = {},
  ) {
    const backend = await startPlatformHealthBackend({
      entities,
      platformHealth: { requestTimeout: { seconds: 1 }, ...platformHealth },
      config,
    });
    backends.push(backend);
    return backend.server;
  }

  const health = async (
    server: any,
    name: string,
    user = 'ada',
  ): Promise<ServiceHealth> => {
    const res = await request(server)
      .get(`/api/platform-health/services/default/${name}`)
      .set('authorization', as(user));
    expect(res.status).toBe(200);
    return res.body;
  };

  it('never fetches the health URL, runs the queries or reads the alerts of an entity from an untrusted origin', async () => {
    const target = await startRecordingServer();
    const prometheus = await fakePrometheus();
    servers.push(target, prometheus);
    const server = await start(
      [
        platformComponent(
          'project-x',
          {
            // What anyone who may push to the project's repository could write.
            'atrium.io/health-url': `${target.url}/latest/meta-data/iam/security-credentials/`,
            'atrium.io/prometheus-availability':
              'count({__name__=~"aws_secret.*"})',
            'atrium.io/prometheus-alerts': 'alertname=~"a|b"',
            'backstage.io/kubernetes-id': 'project-x',
          },
          { origin: PUSHED_ORIGIN },
        ),
        // Outside the platform System, only its annotations would list it.
        platformComponent(
          'side-project',
          { 'atrium.io/health-url': `${target.url}/side` },
          { origin: PUSHED_ORIGIN, spec: { system: 'research' } },
        ),
        platformComponent('hub', {
          'atrium.io/prometheus-availability': 'avg(up{job="hub"})',
        }),
      ],
      {
        prometheus: { url: prometheus.url },
        services: {
          cacheTtl: { milliseconds: 0 },
          // The host is allowed: the origin alone keeps it from being fetched.
          probeHosts: ['127.0.0.1'],
          trustedOrigins: ['url:https://git.example.org/platform/catalog/'],
        },
      },
    );

    const projectX = await health(server, 'project-x');
    expect(projectX.probe).toBeUndefined();
    expect(projectX.metrics).toEqual({});
    expect(projectX.alertsFreshness).toBeUndefined();
    expect(projectX.notes).toContain(
      UNTRUSTED_NOTE(
        'component:default/project-x',
        'atrium.io/health-url, atrium.io/prometheus-availability and atrium.io/prometheus-alerts are ignored',
      ),
    );
    const list = await request(server)
      .get('/api/platform-health/services')
      .set('authorization', as('ada'));
    expect(
      (list.body.items as ServiceHealth[]).map(s => s.name).sort(),
    ).toEqual(['hub', 'project-x']);
    expect(target.requests).toEqual([]);
    expect(queriesOf(prometheus)).toEqual(['avg(up{job="hub"})']);
    expect(
      prometheus.requests.filter(r => r.startsWith('GET /api/v1/alerts')),
    ).toEqual([]);
  });

  it('fetches only hosts allowed by probeHosts, also for URLs from config, and says which key allows them', async () => {
    const allowed = await startRecordingServer();
    const internal = await startRecordingServer();
    servers.push(allowed, internal);
    const server = await start(
      [
        platformComponent('wiki', {
          'atrium.io/health-url': `${allowed.url}/health`,
        }),
        platformComponent('admin-api', {
          'atrium.io/health-url': `${internal.url}/admin`,
        }),
        platformComponent('files', {
          'atrium.io/health-url': 'file:///etc/passwd',
        }),
        platformComponent('overridden', {}),
        // From a static catalog location of the config (relative to the working
        // directory, as the catalog resolves it).
        platformComponent(
          'from-static-location',
          { 'atrium.io/health-url': `${allowed.url}/static` },
          { origin: `file:${path.resolve('catalog/platform.yaml')}` },
        ),
      ],
      {
        services: {
          cacheTtl: { milliseconds: 0 },
          probeHosts: [
            `127.0.0.1:${allowed.port}`,
            '*.svc.cluster.local',
            'platform.example.org',
          ],
          trustedOrigins: [TRUSTED_ORIGIN],
          components: { overridden: { healthUrl: `${internal.url}/config` } },
        },
      },
      {
        catalog: {
          locations: [{ type: 'file', target: './catalog/platform.yaml' }],
        },
      },
    );

    const wiki = await health(server, 'wiki');
    expect(wiki.probe).toMatchObject({ ok: true, status: 200 });
    expect(wiki.state).toBe('healthy');
    const fromStatic = await health(server, 'from-static-location');
    expect(fromStatic.probe).toMatchObject({ ok: true });
    expect(allowed.requests).toEqual(['GET /health', 'GET /static']);

    const adminApi = await health(server, 'admin-api');
    expect(adminApi.probe).toBeUndefined();
    expect(adminApi.state).toBe('unknown');
    expect(adminApi.notes).toEqual([
      `atrium.io/health-url ${internal.url}/admin is not probed: its host 127.0.0.1:${internal.port} is not in platformHealth.services.probeHosts`,
    ]);
    const overridden = await health(server, 'overridden');
    expect(overridden.probe).toBeUndefined();
    expect(overridden.notes).toEqual([
      `atrium.io/health-url ${internal.url}/config is not probed: its host 127.0.0.1:${internal.port} is not in platformHealth.services.probeHosts`,
    ]);
    expect(internal.requests).toEqual([]);

    const files = await health(server, 'files');
    expect(files.probe).toBeUndefined();
    expect(files.notes).toEqual([
      'atrium.io/health-url file:///etc/passwd is not probed: only http and https URLs are',
    ]);
  });

  it('probes nothing while probeHosts is empty (the default)', async () => {
    const target = await startRecordingServer();
    servers.push(target);
    const server = await start(
      [platformComponent('wiki', { 'atrium.io/health-url': target.url })],
      {
        services: {
          cacheTtl: { milliseconds: 0 },
          trustedOrigins: [TRUSTED_ORIGIN],
        },
      },
    );
    const wiki = await health(server, 'wiki');
    expect(wiki.probe).toBeUndefined();
    expect(wiki.notes).toEqual([
      `atrium.io/health-url ${target.url} is not probed: its host 127.0.0.1:${target.port} is not in platformHealth.services.probeHosts`,
    ]);
    expect(target.requests).toEqual([]);
  });

  it('refuses a regular expression in an alert selector, and answers well within a second (no ReDoS)', async () => {
    // (.*.*)*X against an 18-character value that does not end in X backtracks for
    // about a minute in a backtracking engine, blocking the whole backend.
    const prometheus = await fakePrometheus([
      {
        labels: { alertname: 'aaaaaaaaaaaaaaaaaa', service: 'hub' },
        state: 'firing',
        annotations: { summary: 'hub is slow' },
      },
    ]);
    servers.push(prometheus);
    const server = await start(
      [
        platformComponent('hub', {
          'atrium.io/prometheus-alerts': 'alertname=~(.*.*)*X',
        }),
        platformComponent('hub-alerts', {
          'atrium.io/prometheus-alerts':
            'service=~"hub|jupyterhub",alertname!~"Watchdog"',
        }),
      ],
      {
        prometheus: { url: prometheus.url },
        services: {
          cacheTtl: { milliseconds: 0 },
          trustedOrigins: [TRUSTED_ORIGIN],
        },
      },
    );
    const started = Date.now();
    const hub = await health(server, 'hub');
    // Refused without running it: a backtracking regex would take minutes; a loaded CI
    // machine a few seconds at most.
    expect(Date.now() - started).toBeLessThan(LOADED_CI_MARGIN_MS);
    expect(hub.alerts).toEqual([]);
    expect(hub.notes).toContain(
      "atrium.io/prometheus-alerts: =~ and !~ take literal values separated by | (a|b|c), not regular expressions: '(.*.*)*X'",
    );
    // Literal alternatives still select alerts.
    const listed = await health(server, 'hub-alerts');
    expect(listed.alerts.map(a => a.name)).toEqual(['aaaaaaaaaaaaaaaaaa']);
    expect(listed.state).toBe('degraded');
  });
});

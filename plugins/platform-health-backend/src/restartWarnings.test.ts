import {
  startKubeTestServer,
  type KubeObject,
  type KubeTestServer,
} from '@internal/kube-test-server';
import type {
  ClusterOverview,
  ServiceHealth,
} from '@internal/plugin-platform-health-common';
import request from 'supertest';
import { PLATFORM_OBJECTS } from './__testUtils__/platformCluster';
import {
  as,
  eventually,
  platformComponent,
  startPlatformHealthBackend,
  TRUSTED_ORIGIN,
} from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const ago = (ms: number) =>
  new Date(Date.now() - ms).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * A platform pod that runs again after its container ended: the status a kubelet
 * reports after a restart (the new instance running and ready, the last one's end in
 * `lastState.terminated`).
 */
function restarted(
  name: string,
  restartCount: number,
  last: { reason: string; exitCode: number; finishedAt: string },
): KubeObject {
  const pod = structuredClone(
    PLATFORM_OBJECTS.find(o => o.metadata.name === name)!,
  );
  const status = (pod.status as any).containerStatuses[0];
  status.restartCount = restartCount;
  status.state = { running: { startedAt: last.finishedAt } };
  status.lastState = {
    terminated: {
      ...last,
      startedAt: ago(30 * HOUR),
      containerID: `containerd://${'b'.repeat(64)}`,
    },
  };
  return pod;
}

describe('pods that run now but did not run well lately', () => {
  let kube: KubeTestServer;
  let backend: Awaited<ReturnType<typeof startPlatformHealthBackend>>;
  beforeAll(async () => {
    kube = await startKubeTestServer({
      seed: {
        objects: PLATFORM_OBJECTS.map(o => {
          switch (o.metadata.name) {
            // OOMKilled two hours ago, running since.
            case 'conda-store-worker-6f7d-y2':
              return restarted(o.metadata.name, 1, {
                reason: 'OOMKilled',
                exitCode: 137,
                finishedAt: ago(2 * HOUR),
              });
            // Four restarts, the last three hours ago.
            case 'hub-7d9f8-abcde':
              return restarted(o.metadata.name, 4, {
                reason: 'Error',
                exitCode: 1,
                finishedAt: ago(3 * HOUR),
              });
            // One restart two days ago: quiet since, not a warning.
            case 'grafana-84c-z3':
              return restarted(o.metadata.name, 1, {
                reason: 'Error',
                exitCode: 2,
                finishedAt: ago(48 * HOUR),
              });
            default:
              return o;
          }
        }),
      },
    });
    backend = await startPlatformHealthBackend({
      entities: [
        platformComponent('conda-store', {
          'backstage.io/kubernetes-id': 'conda-store',
        }),
      ],
      platformHealth: {
        clusters: [{ name: 'demo', url: kube.url, token: kube.token }],
        requestTimeout: { seconds: 1 },
        services: {
          cacheTtl: { milliseconds: 0 },
          trustedOrigins: [TRUSTED_ORIGIN],
        },
      },
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await kube?.close();
  });

  it('are warnings in the cluster overview, after the errors', async () => {
    const overview: ClusterOverview = await eventually(async () => {
      const res = await request(backend.server)
        .get('/api/platform-health/clusters/demo/overview')
        .set('authorization', as('linus'));
      expect(res.body.problemPodsTotal).toBe(2);
      return res.body;
    });
    expect(
      overview.problemPods.map(p => [p.name, p.reason, p.severity]),
    ).toEqual([
      ['conda-store-worker-6f7d-y2', 'OOMKilledRecently', 'warning'],
      ['hub-7d9f8-abcde', 'RestartedRecently', 'warning'],
    ]);
    expect(overview.problemPods[0].message).toMatch(
      /^container worker ran out of memory at \S+ \(OOMKilled, 1 restart\); it runs again$/,
    );
    expect(overview.problemPods[1]).toMatchObject({
      container: 'hub',
      restarts: 4,
      message: expect.stringMatching(
        /^container hub restarted 4 times, last at \S+ \(Error, code 1\); it runs again$/,
      ),
    });

    // A crash loop now is an error, listed before the warnings.
    kube.faults.crashLoop('dev', 'grafana-84c-z3', { restarts: 2 });
    const withError: ClusterOverview = await eventually(async () => {
      const res = await request(backend.server)
        .get('/api/platform-health/clusters/demo/overview')
        .set('authorization', as('linus'));
      expect(res.body.problemPodsTotal).toBe(3);
      return res.body;
    });
    expect(withError.problemPods[0]).toMatchObject({
      name: 'grafana-84c-z3',
      reason: 'CrashLoopBackOff',
    });
    expect(withError.problemPods[0].severity).toBeUndefined();

    // The portal's problem-pod metric (what alert rules read) counts errors only.
    const metrics = await eventually(async () => {
      const res = await request(backend.server)
        .get('/api/platform-health/metrics')
        .set('authorization', as('margaret'));
      expect(res.text).toMatch(
        /atrium_kube_problem_pods\{[^}]*reason="CrashLoopBackOff"[^}]*\} 1/,
      );
      return res.text;
    });
    expect(metrics).not.toMatch(/Recently/);
  });

  it("are listed on their service's health page without making it degraded", async () => {
    const health: ServiceHealth = await eventually(async () => {
      const res = await request(backend.server)
        .get('/api/platform-health/services/default/conda-store')
        .set('authorization', as('linus'));
      expect(res.body.problemPodsTotal).toBe(1);
      return res.body;
    });
    expect(health.state).toBe('healthy');
    expect(health.reasons).toEqual([]);
    expect(health.problemPods).toEqual([
      expect.objectContaining({
        name: 'conda-store-worker-6f7d-y2',
        reason: 'OOMKilledRecently',
        severity: 'warning',
      }),
    ]);
  });
});

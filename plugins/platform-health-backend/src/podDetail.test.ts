import {
  startKubeTestServer,
  type KubeTestServer,
} from '@internal/kube-test-server';
import type { ServiceHealth } from '@internal/plugin-platform-health-common';
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

/**
 * What a service page shows of the cluster: label selectors only within a namespace,
 * and pods, their reasons and events only to those who may read the cluster (DevOps,
 * admins). The demo cluster plus a pod of another team in namespace `research`.
 */
const RESEARCH_SECRET = 'cannot read s3://research-private/patients.parquet';
const RESEARCH_POD = {
  ...PLATFORM_OBJECTS.find(o => o.metadata.name === 'grafana-84c-z3')!,
  metadata: {
    name: 'patient-model-trainer-0',
    namespace: 'research',
    labels: { app: 'patient-model' },
  },
};

const ENTITIES = [
  platformComponent('conda-store', {
    'backstage.io/kubernetes-id': 'conda-store',
  }),
  // Every pod of every namespace, if a selector without a namespace were honoured.
  platformComponent('everything', {
    'backstage.io/kubernetes-label-selector': '!not-a-label',
  }),
  platformComponent('grafana', {
    'backstage.io/kubernetes-label-selector': 'app=grafana',
    'backstage.io/kubernetes-namespace': 'dev',
  }),
  // A project's catalog-info.yaml, pushed by whoever works on it.
  platformComponent(
    'pushed-project',
    {
      'backstage.io/kubernetes-label-selector': 'app=patient-model',
      'backstage.io/kubernetes-namespace': 'research',
    },
    { origin: 'atrium-git:/srv/atrium/git/team-vision/pushed-project.git' },
  ),
];

describe('what service pages show of the cluster', () => {
  let kube: KubeTestServer;
  let backend: Awaited<ReturnType<typeof startPlatformHealthBackend>>;
  beforeEach(async () => {
    kube = await startKubeTestServer({ seed: { objects: PLATFORM_OBJECTS } });
    kube.apply(RESEARCH_POD);
    kube.faults.crashLoop('research', 'patient-model-trainer-0', {
      restarts: 3,
      message: RESEARCH_SECRET,
    });
    kube.faults.crashLoop('dev', 'conda-store-worker-6f7d-y2', {
      restarts: 7,
      message: 'conda_store_server.worker: cannot connect to redis:6379',
    });
    backend = await startPlatformHealthBackend({
      entities: ENTITIES,
      platformHealth: {
        clusters: [{ name: 'demo', url: kube.url, token: kube.token }],
        requestTimeout: { seconds: 1 },
        heartbeatInterval: { milliseconds: 300 },
        services: {
          cacheTtl: { milliseconds: 0 },
          trustedOrigins: [TRUSTED_ORIGIN],
        },
      },
    });
    // Wait until the cache holds both crash loops.
    await eventually(async () => {
      const res = await request(backend.server)
        .get('/api/platform-health/clusters/demo/overview')
        .set('authorization', as('linus'));
      if (res.body.problemPodsTotal !== 2) {
        throw new Error(
          `${res.body.problemPodsTotal} problem pods cached, not 2`,
        );
      }
    });
  });
  afterEach(async () => {
    await backend?.stop();
    await kube?.close();
  });

  const health = async (name: string, user: string): Promise<ServiceHealth> => {
    const res = await request(backend.server)
      .get(`/api/platform-health/services/default/${name}`)
      .set('authorization', as(user));
    expect(res.status).toBe(200);
    return res.body;
  };

  it('refuses a label selector without a namespace instead of matching every pod of every namespace', async () => {
    const everything = await health('everything', 'margaret');
    expect(everything.workloads).toEqual([]);
    expect(everything.problemPods).toEqual([]);
    expect(everything.problemPodsTotal).toBe(0);
    expect(everything.notes).toContain(
      'backstage.io/kubernetes-label-selector is ignored without backstage.io/kubernetes-namespace: a label selector only picks workloads within one namespace',
    );
    expect(JSON.stringify(everything)).not.toContain('patient-model');
    expect(everything.state).toBe('unknown');

    // With a namespace it is used, in that namespace only.
    const grafana = await health('grafana', 'margaret');
    expect(grafana.workloads.map(w => `${w.namespace}/${w.name}`)).toEqual([
      'dev/grafana',
    ]);
  });

  it("ignores the selector, namespace and cluster of an entity from an untrusted origin (it keeps Backstage's kubernetes-id)", async () => {
    const pushed = await health('pushed-project', 'margaret');
    expect(pushed.problemPods).toEqual([]);
    expect(pushed.workloads).toEqual([]);
    expect(JSON.stringify(pushed)).not.toContain(RESEARCH_SECRET);
    expect(pushed.notes).toContain(
      'backstage.io/kubernetes-label-selector and backstage.io/kubernetes-namespace are ignored: component:default/pushed-project comes from atrium-git:/srv/atrium/git/team-vision/pushed-project.git, which is not a trusted origin: an admin can list it in platformHealth.services.trustedOrigins or set the check in platformHealth.services.components',
    );
  });

  it('shows pod names, reasons and events to DevOps and admins only; others get the state, the replicas and a count', async () => {
    const scientist = await health('conda-store', 'ada');
    expect(scientist.state).toBe('degraded');
    expect(scientist.problemPods).toEqual([]);
    expect(scientist.problemPodsTotal).toBe(1);
    expect(scientist.problemPodsWithheld).toBe(true);
    expect(scientist.reasons).toContain(
      '1 pod has problems (DevOps and admins see which)',
    );
    const shown = JSON.stringify(scientist);
    for (const secret of [
      'conda-store-worker-6f7d-y2',
      'CrashLoopBackOff',
      'redis:6379',
      'BackOff',
    ]) {
      expect(shown).not.toContain(secret);
    }

    const operator = await health('conda-store', 'linus');
    expect(operator.state).toBe('degraded');
    expect(operator.problemPodsWithheld).toBe(false);
    expect(operator.problemPodsTotal).toBe(1);
    expect(operator.problemPods[0]).toMatchObject({
      name: 'conda-store-worker-6f7d-y2',
      reason: 'CrashLoopBackOff',
    });
    expect(operator.reasons).toContain(
      'pod conda-store-worker-6f7d-y2: CrashLoopBackOff (7 restarts)',
    );

    expect(scientist.workloads.map(w => [w.name, w.ready, w.desired])).toEqual(
      operator.workloads.map(w => [w.name, w.ready, w.desired]),
    );

    // The same in the list of every service.
    const list = await request(backend.server)
      .get('/api/platform-health/services')
      .set('authorization', as('ada'));
    expect(list.status).toBe(200);
    const listed = list.body.items as ServiceHealth[];
    const conda = listed.find(s => s.name === 'conda-store')!;
    expect(conda.problemPods).toEqual([]);
    expect(conda.reasons).toContain(
      '1 pod has problems (DevOps and admins see which)',
    );
    expect(JSON.stringify(listed)).not.toMatch(
      /conda-store-worker-6f7d-y2|redis:6379|patient-model|research-private/,
    );
    const asOperator = await request(backend.server)
      .get('/api/platform-health/services')
      .set('authorization', as('margaret'));
    expect(
      (asOperator.body.items as ServiceHealth[]).find(
        s => s.name === 'conda-store',
      )!.problemPods,
    ).toHaveLength(1);
  });
});

import { createServiceFactory } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  asUser,
  atriumTestBackendFeatures,
} from '@internal/backend-test-features';
import {
  startKubeTestServer,
  type KubeTestServer,
} from '@internal/kube-test-server';
// A test wiring both plugins into one backend, as the app does (no runtime coupling).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import platformHealthPlugin from '@internal/plugin-platform-health-backend';
import { startJupyterHub, type StartedJupyterHub } from '@internal/test-utils';
import request from 'supertest';
import { progressOf } from './__testUtils__/routesTestBackend';
import { workspacesPlugin } from './plugin';

jest.setTimeout(120_000);

/**
 * Diagnose end to end in one test backend: the workspaces plugin and the REAL
 * platform-health plugin (its cluster cache watching a kube-test-server seeded with the
 * demo cluster: four nodes, one of them with one nvidia.com/gpu held by ada's
 * `gpu-experiments` pod), and a REAL JupyterHub whose demo hook
 * (dev/jupyterhub/demo_cluster.py) keeps a pod with KubeSpawner's labels in that cluster
 * per running server, as start.sh's demo does.
 */
describe('workspace diagnosis with platform-health and the demo cluster', () => {
  let kube: KubeTestServer;
  let hub: StartedJupyterHub;
  let server: any;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    kube = await startKubeTestServer({ seed: 'demo' });
    hub = await startJupyterHub({
      demoKube: { url: kube.url, token: kube.token, startTimeoutSeconds: 1 },
    });
    const backend = await startTestBackend({
      features: [
        workspacesPlugin,
        platformHealthPlugin,
        catalogServiceMock.factory({ entities: [] }),
        // Platform-health notifies owners of alerts; nothing here fires one.
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: async () => {} }),
        }),
        ...atriumTestBackendFeatures({
          groups: { 'user:default/ada': ['group:default/team-vision'] },
          config: {
            workspaces: {
              jupyterhub: { url: hub.url, apiToken: hub.serviceToken },
              profiles: [
                {
                  display_name: 'Small Instance',
                  slug: 'small',
                  default: true,
                },
                {
                  display_name: 'Four-GPU Training',
                  slug: 'gpu-4x',
                  kubespawner_override: {
                    extra_resource_limits: { 'nvidia.com/gpu': 4 },
                  },
                },
              ],
            },
            platformHealth: {
              clusters: [{ name: 'demo', url: kube.url, token: kube.token }],
              requestTimeout: { seconds: 1 },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });
  afterAll(async () => {
    await stop?.();
    await hub?.stop();
    await kube?.close();
  });

  const launch = async (name: string, profile: string) => {
    const created = await request(server)
      .post('/api/workspaces/workspaces')
      .set('authorization', asUser('ada'))
      .send({ name, profile });
    expect(created.status).toBe(201);
    return {
      id: created.body.id as string,
      events: await progressOf(server, asUser('ada'), created.body.id),
    };
  };

  /** The diagnosis, once platform-health's cache has seen the pod (watch events). */
  const diagnosisWithPod = async (id: string) => {
    for (let i = 0; i < 50; i++) {
      const res = await request(server)
        .get(`/api/workspaces/workspaces/${id}/diagnosis`)
        .set('authorization', asUser('ada'));
      expect(res.status).toBe(200);
      if (res.body.pod) return res.body;
      await new Promise(r => setTimeout(r, 200));
    }
    throw new Error('platform-health never saw the pod');
  };

  it('shows why a start that asks for more GPUs than the cluster has fails', async () => {
    const { id, events } = await launch('big', 'gpu-4x');
    const message =
      'Spawn failed: pod dev/jupyter-ada--big did not start in 1 seconds!';
    expect(events[events.length - 1]).toMatchObject({ failed: true, message });

    const diagnosis = await diagnosisWithPod(id);
    const scheduler =
      '0/4 nodes are available: 4 Insufficient nvidia.com/gpu. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.';
    expect(diagnosis).toMatchObject({
      hubMessage: message,
      pod: {
        cluster: 'demo',
        namespace: 'dev',
        name: 'jupyter-ada--big',
        phase: 'Pending',
        conditions: [
          { type: 'PodScheduled', status: 'False', reason: 'Unschedulable' },
        ],
        events: [
          { type: 'Warning', reason: 'FailedScheduling', message: scheduler },
        ],
        limits: { gpus: 4 },
      },
    });
    expect(diagnosis.pod.nodeName).toBeUndefined();
    expect(diagnosis.findings).toEqual([
      expect.objectContaining({
        cause: 'FailedScheduling',
        severity: 'error',
        summary: expect.stringMatching(
          /^no node has a free GPU: 1 of 1 are held by jupyter-ada--gpu-experiments \(ada, running since .*\); the workspace asks for 4$/,
        ),
        facts: [scheduler],
      }),
    ]);
  });

  it('shows a running workspace on its node, and its pod goes when it stops', async () => {
    const { id, events } = await launch('fine', 'small');
    expect(events[events.length - 1]).toMatchObject({ ready: true });
    const diagnosis = await diagnosisWithPod(id);
    expect(diagnosis.pod).toMatchObject({
      name: 'jupyter-ada--fine',
      phase: 'Running',
      nodeName: 'ip-10-10-2-118.ec2.internal',
      nodeReady: true,
      restarts: 0,
    });
    expect(diagnosis.findings).toEqual([]);
    expect(diagnosis.kernels).toEqual([]);

    const stopped = await request(server)
      .post(`/api/workspaces/workspaces/${id}/stop`)
      .set('authorization', asUser('ada'));
    expect(stopped.status).toBe(202);
    let pods: string[] = [];
    for (let i = 0; i < 50; i++) {
      pods = kube
        .list('v1', 'Pod', 'dev')
        .map(p => p.metadata.name)
        .filter(n => n.startsWith('jupyter-ada--'));
      if (!pods.includes('jupyter-ada--fine')) break;
      await new Promise(r => setTimeout(r, 200));
    }
    // The failed start's Pending pod stays for Diagnose; the stopped one is gone.
    expect(pods.sort()).toEqual([
      'jupyter-ada--big',
      'jupyter-ada--gpu-experiments',
    ]);
  });
});

import * as k8s from '@kubernetes/client-node';
import { startKubeTestServer } from './index';
import type { KubeTestServer } from './types';
import { clientsFor, statusOf } from './__testUtils__/clients';

describe('discovery, version and auth', () => {
  let server: KubeTestServer;
  beforeAll(async () => {
    server = await startKubeTestServer({ seed: 'demo' });
  });
  afterAll(() => server.close());

  it('answers /version and the discovery documents through client-node', async () => {
    const { kc } = clientsFor(server);
    const version = await kc.makeApiClient(k8s.VersionApi).getCode();
    expect(version.gitVersion).toMatch(/^v1\.\d+\.\d+$/);

    const core = await kc.makeApiClient(k8s.CoreApi).getAPIVersions();
    expect(core.versions).toEqual(['v1']);

    const groups = await kc.makeApiClient(k8s.ApisApi).getAPIVersions();
    expect(groups.groups.map(g => g.name)).toEqual(
      expect.arrayContaining(['apps', 'batch', 'networking.k8s.io', 'autoscaling', 'metrics.k8s.io']),
    );

    const coreResources = await kc.makeApiClient(k8s.CoreV1Api).getAPIResources();
    const names = coreResources.resources.map(r => r.name);
    expect(names).toEqual(
      expect.arrayContaining(['pods', 'pods/log', 'nodes', 'namespaces', 'events', 'resourcequotas', 'limitranges', 'services', 'configmaps', 'persistentvolumeclaims']),
    );
    expect(coreResources.resources.find(r => r.name === 'pods')).toMatchObject({
      kind: 'Pod',
      namespaced: true,
      shortNames: ['po'],
    });
    const apps = await kc.makeApiClient(k8s.AppsV1Api).getAPIResources();
    expect(apps.resources.map(r => r.name)).toEqual(
      expect.arrayContaining(['deployments', 'statefulsets', 'daemonsets', 'replicasets']),
    );
  });

  it('answers every request with a bad or missing token with a 401 Status', async () => {
    const { core } = clientsFor(server, 'wrong-token');
    const error = await core.listNamespace().catch(e => e);
    expect(error).toBeInstanceOf(k8s.ApiException);
    expect(error.code).toBe(401);

    const res = await fetch(`${server.url}/api/v1/pods`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it('answers unknown paths and kinds with a 404 Status', async () => {
    const res = await fetch(`${server.url}/apis/example.com/v1/widgets`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(res.status).toBe(404);
    expect((await res.json()).reason).toBe('NotFound');

    const { core } = clientsFor(server);
    const error = await core.readNamespacedPod({ name: 'nope', namespace: 'dev' }).catch(e => e);
    expect(statusOf(error)).toMatchObject({ code: 404, reason: 'NotFound', message: 'pods "nope" not found' });
  });

  it('serves the empty lists Backstage reads for kinds nobody seeded', async () => {
    const { kc } = clientsFor(server);
    const hpas = await kc
      .makeApiClient(k8s.AutoscalingV2Api)
      .listNamespacedHorizontalPodAutoscaler({ namespace: 'dev' });
    expect(hpas.items).toEqual([]);
    const ingresses = await kc.makeApiClient(k8s.NetworkingV1Api).listIngressForAllNamespaces();
    expect(ingresses.items).toEqual([]);
    const daemonSets = await kc.makeApiClient(k8s.AppsV1Api).listDaemonSetForAllNamespaces();
    expect(daemonSets.items).toEqual([]);
    const cronJobs = await kc.makeApiClient(k8s.BatchV1Api).listNamespacedCronJob({ namespace: 'dev' });
    expect(cronJobs.items.map(c => c.metadata?.name)).toEqual(['nightly-etl']);
  });
});

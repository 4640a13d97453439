import { startKubeTestServer } from './index';
import type { KubeObject, KubeTestServer } from './types';
import { clientsFor, eventually, statusOf } from './__testUtils__/clients';

function configMap(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } };
}

/** A slowed list's delay, and the most an unslowed one may take on a loaded machine. */
const SLOW_MS = 2_000;
const QUICK_MS = 1_500;

/** The behaviours of a real kube-apiserver the platform-health cache must survive. */
describe('what a real apiserver does to its clients', () => {
  let server: KubeTestServer;
  beforeEach(async () => {
    server = await startKubeTestServer({
      seed: 'demo',
      bookmarkIntervalMs: 50,
      restrictedTokens: { 'reader-token': ['events', 'deployments.apps'] },
    });
  });
  afterEach(() => server.close());

  it('sends bookmarks at the configured cadence, and a half-open watch goes silent without closing', async () => {
    const { watch } = clientsFor(server);
    const seen: string[] = [];
    let ended: unknown = 'open';
    const controller = await watch.watch(
      '/api/v1/namespaces/default/configmaps',
      { allowWatchBookmarks: true, resourceVersion: '1' },
      type => seen.push(type),
      err => {
        ended = err;
      },
    );
    await eventually(() => expect(seen.filter(t => t === 'BOOKMARK').length).toBeGreaterThanOrEqual(3));

    server.faults.halfOpenWatches();
    const heard = seen.length;
    server.apply(configMap('while-silent'));
    await new Promise(resolve => setTimeout(resolve, 300));
    // Six bookmark periods: not one line, and the connection is still open.
    expect(seen).toHaveLength(heard);
    expect(ended).toBe('open');
    expect(server.traffic('configmaps').openWatches).toBe(1);

    // A new watch gets its headers (client-node resolves) and then nothing either.
    const seenNew: string[] = [];
    const second = await watch.watch(
      '/api/v1/namespaces/default/configmaps',
      { allowWatchBookmarks: true },
      type => seenNew.push(type),
      () => {},
    );
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(seenNew).toEqual([]);
    expect(server.traffic('configmaps')).toMatchObject({ watches: 2, openWatches: 2 });

    // Other requests are answered meanwhile, which is why a heartbeat cannot tell.
    const { core } = clientsFor(server);
    expect((await core.listNamespacedConfigMap({ namespace: 'default' })).items.map(c => c.metadata?.name)).toContain(
      'while-silent',
    );

    server.faults.halfOpenWatches(false);
    const third: string[] = [];
    const healthy = await watch.watch(
      '/api/v1/namespaces/default/configmaps',
      { allowWatchBookmarks: true },
      type => third.push(type),
      () => {},
    );
    await eventually(() => expect(third).toContain('BOOKMARK'));
    expect(seen).toHaveLength(heard);
    for (const c of [controller, second, healthy]) c.abort();
    await eventually(() => expect(server.traffic('configmaps').openWatches).toBe(0));
  });

  it('delays list pages of a slowed resource and counts lists and watches in flight', async () => {
    const { core } = clientsFor(server);
    // Slow enough that a quick list stays well under it even when a loaded CI machine
    // stalls this worker for a second (with 300 ms against < 250 ms it did not).
    server.faults.slowList('pods', SLOW_MS);
    const started = Date.now();
    const lists = [core.listPodForAllNamespaces(), core.listPodForAllNamespaces()];
    await eventually(() => expect(server.traffic('pods').listsInFlight).toBe(2));
    await Promise.all(lists);
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOW_MS - 10);
    expect(server.traffic('pods')).toMatchObject({ lists: 2, listsInFlight: 0, maxListsInFlight: 2 });
    // Other resources are not slowed.
    const quick = Date.now();
    await core.listNode();
    expect(Date.now() - quick).toBeLessThan(QUICK_MS);
    // One slow page in the middle of a paged list, once.
    server.faults.slowList('pods', SLOW_MS, { times: 1, onlyContinued: true });
    const first = await core.listPodForAllNamespaces({ limit: 2 });
    const slowPage = Date.now();
    await core.listPodForAllNamespaces({ limit: 2, _continue: first.metadata!._continue });
    expect(Date.now() - slowPage).toBeGreaterThanOrEqual(SLOW_MS - 10);
    const fastPage = Date.now();
    await core.listPodForAllNamespaces({ limit: 2, _continue: first.metadata!._continue });
    expect(Date.now() - fastPage).toBeLessThan(QUICK_MS);
    expect(server.traffic('pods')).toMatchObject({ lists: 5, firstPages: 3 });
    server.faults.slowList('pods', 0);
    const again = Date.now();
    await core.listPodForAllNamespaces();
    expect(Date.now() - again).toBeLessThan(QUICK_MS);
  }, 30_000);

  it('answers a restricted token 403 Forbidden on the resources its role lacks, like RBAC', async () => {
    const reader = clientsFor(server, 'reader-token');
    expect((await reader.core.listPodForAllNamespaces()).items.length).toBeGreaterThan(0);
    const events = await reader.core.listEventForAllNamespaces().catch(e => e);
    expect(statusOf(events)).toEqual({
      code: 403,
      reason: 'Forbidden',
      message:
        'events is forbidden: User "system:serviceaccount:atrium:restricted-reader" cannot list resource "events" in API group "" at the cluster scope',
    });
    const deployments = await reader.apps.listNamespacedDeployment({ namespace: 'dev' }).catch(e => e);
    expect(statusOf(deployments).code).toBe(403);
    expect(statusOf(deployments).message).toMatch(
      /deployments.apps is forbidden: .* cannot list resource "deployments" in API group "apps" in the namespace "dev"/,
    );
    // The full token may; an unknown one is still 401.
    expect((await clientsFor(server).core.listEventForAllNamespaces()).items.length).toBeGreaterThan(0);
    expect(statusOf(await clientsFor(server, 'nope').core.listNode().catch(e => e)).code).toBe(401);
  });

  it('generates pods of real size on request: managedFields, annotations, the token volume', async () => {
    const { core } = clientsFor(server);
    server.generate({ nodes: 2, pods: 10, namespaces: 1, realSize: true });
    const pods = (await core.listNamespacedPod({ namespace: 'team-001' })).items;
    expect(pods).toHaveLength(10);
    for (const pod of pods) {
      expect(pod.metadata?.managedFields?.map(f => f.manager)).toEqual(['kube-controller-manager', 'kubelet']);
      expect(pod.spec?.volumes?.[0].name).toBe('kube-api-access');
    }
    const raw = server.list('v1', 'Pod', 'team-001')[0];
    expect(JSON.stringify(raw).length).toBeGreaterThan(4000);
  });

  it('answers 503 from metrics.k8s.io for pods alone while node metrics keep working', async () => {
    const { metrics } = clientsFor(server);
    server.faults.metricsUnavailable('pods');
    expect((await metrics.getNodeMetrics()).items.length).toBeGreaterThan(0);
    await expect(metrics.getPodMetrics()).rejects.toThrow();
    await expect(metrics.getPodMetrics('dev')).rejects.toThrow();
    server.faults.metricsUnavailable('all');
    await expect(metrics.getNodeMetrics()).rejects.toThrow();
    server.faults.metricsUnavailable();
    expect((await metrics.getPodMetrics('dev')).items.length).toBeGreaterThan(0);
  });
});

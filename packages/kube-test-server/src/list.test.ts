import { startKubeTestServer } from './index';
import type { KubeObject, KubeTestServer } from './types';
import { clientsFor, statusOf } from './__testUtils__/clients';

function pod(namespace: string, name: string, labels: Record<string, string>, phase = 'Running'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { nodeName: 'node-a', containers: [{ name: 'main', image: 'busybox' }] },
    status: { phase },
  };
}

describe('list', () => {
  let server: KubeTestServer;
  beforeAll(async () => {
    server = await startKubeTestServer({ seed: 'demo' });
  });
  afterAll(() => server.close());

  const names = (list: { items: Array<{ metadata?: { name?: string } }> }) =>
    list.items.map(i => i.metadata?.name).sort();

  it('selects by label with =, ==, !=, in, notin, exists and !key', async () => {
    const { core, apps } = clientsFor(server);
    const condaPods = await core.listNamespacedPod({
      namespace: 'dev',
      labelSelector: 'backstage.io/kubernetes-id=conda-store',
    });
    expect(names(condaPods)).toEqual([
      expect.stringMatching(/^nebari-conda-store-server-/),
      expect.stringMatching(/^nebari-conda-store-worker-/),
    ]);
    const hubDeployments = await apps.listNamespacedDeployment({
      namespace: 'dev',
      labelSelector: 'backstage.io/kubernetes-id==jupyterhub',
    });
    expect(names(hubDeployments)).toEqual(['hub', 'proxy']);

    const hubAndProxy = await core.listPodForAllNamespaces({ labelSelector: 'component in (hub, proxy)' });
    expect(hubAndProxy.items.map(p => p.metadata?.labels?.component).sort()).toEqual(['hub', 'proxy']);

    const adaServers = await core.listNamespacedPod({
      namespace: 'dev',
      labelSelector: 'component=singleuser-server,hub.jupyter.org/username=ada',
    });
    expect(names(adaServers)).toEqual(['jupyter-ada', 'jupyter-ada--gpu-experiments']);

    const notDefault = await core.listNamespacedPod({
      namespace: 'dev',
      labelSelector: 'component=singleuser-server,hub.jupyter.org/servername!=',
    });
    expect(names(notDefault)).toEqual(['jupyter-ada--gpu-experiments']);

    const withUser = await core.listNamespacedPod({ namespace: 'dev', labelSelector: 'hub.jupyter.org/username' });
    const withoutUser = await core.listNamespacedPod({ namespace: 'dev', labelSelector: '!hub.jupyter.org/username' });
    const all = await core.listNamespacedPod({ namespace: 'dev' });
    expect(withUser.items).toHaveLength(3);
    expect(withUser.items.length + withoutUser.items.length).toBe(all.items.length);
    expect(withoutUser.items.every(p => !p.metadata?.labels?.['hub.jupyter.org/username'])).toBe(true);

    const notJupyter = await core.listNamespacedPod({ namespace: 'dev', labelSelector: 'app!=jupyterhub' });
    expect(notJupyter.items.every(p => p.metadata?.labels?.app !== 'jupyterhub')).toBe(true);
    expect(notJupyter.items.length).toBe(all.items.length - 5);
  });

  it('selects by field: name, namespace, phase, node and event fields, with = and !=', async () => {
    const { core } = clientsFor(server);
    const onGpu = await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=ip-10-10-2-36.ec2.internal' });
    expect(names(onGpu)).toEqual(['jupyter-ada--gpu-experiments']);

    const running = await core.listPodForAllNamespaces({ fieldSelector: 'status.phase=Running,metadata.namespace=dev' });
    const notRunning = await core.listPodForAllNamespaces({ fieldSelector: 'status.phase!=Running' });
    expect(running.items.length).toBe(14);
    expect(notRunning.items).toEqual([]);

    const byName = await core.listNamespacedPod({ namespace: 'dev', fieldSelector: 'metadata.name=keycloak-0' });
    expect(names(byName)).toEqual(['keycloak-0']);
    const allButOne = await core.listNamespacedPod({ namespace: 'dev', fieldSelector: 'metadata.name!=keycloak-0' });
    expect(allButOne.items).toHaveLength(13);

    const worker = (await core.listNamespacedPod({
      namespace: 'dev',
      labelSelector: 'app.kubernetes.io/name=conda-store-worker',
    })).items[0];
    const events = await core.listNamespacedEvent({
      namespace: 'dev',
      fieldSelector: `involvedObject.name=${worker.metadata!.name},involvedObject.kind=Pod,type=Warning`,
    });
    expect(events.items).toHaveLength(1);
    expect(events.items[0]).toMatchObject({ reason: 'BackOff', type: 'Warning' });
    expect(events.items[0].count).toBeGreaterThan(1);
  });

  it('answers a malformed selector or an unsupported field with a 400 that says what is wrong', async () => {
    const { core } = clientsFor(server);
    const badLabel = await core.listNamespacedPod({ namespace: 'dev', labelSelector: 'app in (a' }).catch(e => e);
    expect(statusOf(badLabel)).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(statusOf(badLabel).message).toContain('unable to parse requirement');

    const badField = await core.listNamespacedPod({ namespace: 'dev', fieldSelector: 'spec.image=x' }).catch(e => e);
    expect(statusOf(badField)).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(statusOf(badField).message).toContain('field label not supported: spec.image');
  });

  it('pages with limit/continue over one pinned snapshot while objects change', async () => {
    const { core } = clientsFor(server);
    server.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'paging' } });
    for (let i = 0; i < 25; i++) {
      server.apply(pod('paging', `p-${String(i).padStart(2, '0')}`, { app: i % 2 ? 'odd' : 'even' }));
    }

    const first = await core.listNamespacedPod({ namespace: 'paging', limit: 10 });
    expect(names(first)).toEqual(Array.from({ length: 10 }, (_, i) => `p-${String(i).padStart(2, '0')}`));
    expect(first.metadata?.remainingItemCount).toBe(15);
    const listRv = first.metadata?.resourceVersion;
    expect(first.metadata?._continue).toBeTruthy();

    // Changes after the first page: none of them may show up in the later pages.
    server.remove('v1', 'Pod', 'paging', 'p-20');
    server.apply(pod('paging', 'p-99', { app: 'late' }));
    server.apply(pod('paging', 'p-15', { app: 'changed' }));

    const second = await core.listNamespacedPod({ namespace: 'paging', limit: 10, _continue: first.metadata!._continue });
    const third = await core.listNamespacedPod({ namespace: 'paging', limit: 10, _continue: second.metadata!._continue });
    expect(second.metadata?.resourceVersion).toBe(listRv);
    expect(third.metadata?.resourceVersion).toBe(listRv);
    expect(third.metadata?._continue).toBeUndefined();
    const paged = [...first.items, ...second.items, ...third.items];
    expect(paged.map(p => p.metadata!.name)).toEqual(
      Array.from({ length: 25 }, (_, i) => `p-${String(i).padStart(2, '0')}`),
    );
    expect(paged.find(p => p.metadata!.name === 'p-15')!.metadata!.labels).toEqual({ app: 'odd' });

    // A fresh list sees the changes.
    const fresh = await core.listNamespacedPod({ namespace: 'paging' });
    expect(names(fresh)).toContain('p-99');
    expect(names(fresh)).not.toContain('p-20');
    expect(Number(fresh.metadata!.resourceVersion)).toBeGreaterThan(Number(listRv));

    // Filtered pages: no remainingItemCount, like the API server.
    const odd = await core.listNamespacedPod({ namespace: 'paging', labelSelector: 'app=odd', limit: 5 });
    expect(odd.items).toHaveLength(5);
    expect(odd.metadata?.remainingItemCount).toBeUndefined();
    const oddRest = await core.listNamespacedPod({
      namespace: 'paging',
      labelSelector: 'app=odd',
      limit: 50,
      _continue: odd.metadata!._continue,
    });
    expect(oddRest.items).toHaveLength(6);

    // A token used with other selectors, a forged token, and a token after expiry.
    const oddAgain = await core.listNamespacedPod({ namespace: 'paging', labelSelector: 'app=odd', limit: 5 });
    const mismatch = await core
      .listNamespacedPod({ namespace: 'paging', limit: 10, _continue: oddAgain.metadata!._continue })
      .catch(e => e);
    expect(statusOf(mismatch)).toMatchObject({ code: 400, reason: 'BadRequest' });
    const forged = await core.listNamespacedPod({ namespace: 'paging', _continue: 'bm90LWEtdG9rZW4' }).catch(e => e);
    expect(statusOf(forged).code).toBe(400);
    const again = await core.listNamespacedPod({ namespace: 'paging', limit: 10 });
    server.faults.dropWatches({ expire: true });
    const expired = await core
      .listNamespacedPod({ namespace: 'paging', limit: 10, _continue: again.metadata!._continue })
      .catch(e => e);
    expect(statusOf(expired)).toMatchObject({ code: 410, reason: 'Expired' });
  });
});

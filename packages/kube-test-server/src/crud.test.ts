import * as k8s from '@kubernetes/client-node';
import { startKubeTestServer } from './index';
import type { KubeTestServer } from './types';
import { clientsFor, statusOf } from './__testUtils__/clients';

const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
const jsonPatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch);
const strategicPatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch);

function newPod(name: string): k8s.V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'demo' } },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
  };
}

describe('get, create, replace, patch and delete', () => {
  let server: KubeTestServer;
  beforeAll(async () => {
    server = await startKubeTestServer({ seed: 'empty' });
  });
  afterAll(() => server.close());

  it('creates (201) with server-set metadata and answers 409 AlreadyExists for a second create', async () => {
    const { core } = clientsFor(server);
    const created = await core.createNamespacedPod({ namespace: 'default', body: newPod('crud-a') });
    expect(created.metadata).toMatchObject({ name: 'crud-a', namespace: 'default' });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(created.status?.phase).toBe('Pending');

    const again = await core.createNamespacedPod({ namespace: 'default', body: newPod('crud-a') }).catch(e => e);
    expect(statusOf(again)).toEqual({ code: 409, reason: 'AlreadyExists', message: 'pods "crud-a" already exists' });

    const got = await core.readNamespacedPod({ name: 'crud-a', namespace: 'default' });
    expect(got.metadata?.uid).toBe(created.metadata?.uid);

    const generated = await core.createNamespacedPod({
      namespace: 'default',
      body: { ...newPod(''), metadata: { generateName: 'worker-' } },
    });
    expect(generated.metadata?.name).toMatch(/^worker-[a-z0-9]{5}$/);
  });

  it('answers a create in a missing namespace with 404 and a bad name with 422 Invalid', async () => {
    const { core } = clientsFor(server);
    const missing = await core.createNamespacedPod({ namespace: 'nowhere', body: newPod('x') }).catch(e => e);
    expect(statusOf(missing)).toMatchObject({ code: 404, reason: 'NotFound', message: 'namespaces "nowhere" not found' });
    const bad = await core.createNamespacedPod({ namespace: 'default', body: newPod('Not_Valid') }).catch(e => e);
    expect(statusOf(bad)).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(statusOf(bad).message).toContain('metadata.name');
  });

  it('replaces with optimistic concurrency: a stale resourceVersion answers 409 Conflict', async () => {
    const { apps } = clientsFor(server);
    const deployment: k8s.V1Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
      },
    };
    const created = await apps.createNamespacedDeployment({ namespace: 'default', body: deployment });
    expect(created.metadata?.generation).toBe(1);

    const scaled = await apps.replaceNamespacedDeployment({
      name: 'web',
      namespace: 'default',
      body: { ...created, spec: { ...created.spec!, replicas: 3 } },
    });
    expect(scaled.spec?.replicas).toBe(3);
    expect(scaled.metadata?.generation).toBe(2);
    expect(Number(scaled.metadata?.resourceVersion)).toBeGreaterThan(Number(created.metadata?.resourceVersion));

    const stale = await apps
      .replaceNamespacedDeployment({ name: 'web', namespace: 'default', body: { ...created, spec: { ...created.spec!, replicas: 5 } } })
      .catch(e => e);
    expect(statusOf(stale)).toMatchObject({ code: 409, reason: 'Conflict' });
    expect(statusOf(stale).message).toContain('the object has been modified');

    const unconditional = await apps.replaceNamespacedDeployment({
      name: 'web',
      namespace: 'default',
      body: { ...created, metadata: { ...created.metadata, resourceVersion: undefined }, spec: { ...created.spec!, replicas: 5 } },
    });
    expect(unconditional.spec?.replicas).toBe(5);

    const deleted = await apps.deleteNamespacedDeployment({ name: 'web', namespace: 'default' });
    expect(deleted).toMatchObject({ status: 'Success', details: { name: 'web', group: 'apps', kind: 'deployments' } });
  });

  it('applies merge, strategic-merge (as merge) and JSON patches, and a stale patch conflicts', async () => {
    const { core } = clientsFor(server);
    await core.createNamespacedPod({ namespace: 'default', body: newPod('patched') });

    const merged = await core.patchNamespacedPod(
      { name: 'patched', namespace: 'default', body: { metadata: { labels: { tier: 'gold', app: null } } } },
      mergePatch,
    );
    expect(merged.metadata?.labels).toEqual({ tier: 'gold' });

    const strategic = await core.patchNamespacedPod(
      { name: 'patched', namespace: 'default', body: { metadata: { annotations: { note: 'hi' } } } },
      strategicPatch,
    );
    expect(strategic.metadata?.annotations).toEqual({ note: 'hi' });
    expect(strategic.metadata?.labels).toEqual({ tier: 'gold' });

    const json = await core.patchNamespacedPod(
      {
        name: 'patched',
        namespace: 'default',
        body: [
          { op: 'test', path: '/metadata/labels/tier', value: 'gold' },
          { op: 'replace', path: '/metadata/labels/tier', value: 'silver' },
          { op: 'add', path: '/spec/containers/0/args', value: ['--verbose'] },
        ],
      },
      jsonPatch,
    );
    expect(json.metadata?.labels).toEqual({ tier: 'silver' });
    expect(json.spec?.containers[0].args).toEqual(['--verbose']);

    const failedTest = await core
      .patchNamespacedPod(
        { name: 'patched', namespace: 'default', body: [{ op: 'test', path: '/metadata/labels/tier', value: 'gold' }] },
        jsonPatch,
      )
      .catch(e => e);
    expect(statusOf(failedTest).code).toBe(400);

    const stale = await core
      .patchNamespacedPod(
        { name: 'patched', namespace: 'default', body: { metadata: { resourceVersion: '1', labels: { x: 'y' } } } },
        mergePatch,
      )
      .catch(e => e);
    expect(statusOf(stale)).toMatchObject({ code: 409, reason: 'Conflict' });

    const renamed = await core
      .patchNamespacedPod({ name: 'patched', namespace: 'default', body: { metadata: { name: 'other' } } }, mergePatch)
      .catch(e => e);
    expect(statusOf(renamed)).toMatchObject({ code: 422, reason: 'Invalid' });
  });

  it('writes status only through the status subresource', async () => {
    const { core } = clientsFor(server);
    await core.createNamespacedPod({ namespace: 'default', body: newPod('statusful') });
    const ignored = await core.patchNamespacedPod(
      { name: 'statusful', namespace: 'default', body: { status: { phase: 'Failed' } } },
      mergePatch,
    );
    expect(ignored.status?.phase).toBe('Pending');
    const written = await core.patchNamespacedPodStatus(
      { name: 'statusful', namespace: 'default', body: { status: { phase: 'Running' } } },
      mergePatch,
    );
    expect(written.status?.phase).toBe('Running');
  });

  it('deletes: a pod answers with the object, then 404; preconditions are checked', async () => {
    const { core } = clientsFor(server);
    const created = await core.createNamespacedPod({ namespace: 'default', body: newPod('doomed') });
    const wrongUid = await core
      .deleteNamespacedPod({ name: 'doomed', namespace: 'default', body: { preconditions: { uid: 'not-it' } } })
      .catch(e => e);
    expect(statusOf(wrongUid)).toMatchObject({ code: 409, reason: 'Conflict' });

    const deleted = await core.deleteNamespacedPod({ name: 'doomed', namespace: 'default' });
    expect(deleted.metadata?.uid).toBe(created.metadata?.uid);
    const gone = await core.readNamespacedPod({ name: 'doomed', namespace: 'default' }).catch(e => e);
    expect(statusOf(gone)).toMatchObject({ code: 404, reason: 'NotFound' });
    const twice = await core.deleteNamespacedPod({ name: 'doomed', namespace: 'default' }).catch(e => e);
    expect(statusOf(twice).code).toBe(404);
  });

  it('deletes a collection by label selector', async () => {
    const { core } = clientsFor(server);
    for (const [name, app] of [['dc-1', 'batch'], ['dc-2', 'batch'], ['dc-3', 'web']]) {
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name, labels: { app } } } });
    }
    await core.deleteCollectionNamespacedConfigMap({ namespace: 'default', labelSelector: 'app=batch' });
    const left = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'app in (batch,web)' });
    expect(left.items.map(c => c.metadata?.name)).toEqual(['dc-3']);
  });

  it('deleting a namespace deletes what is in it', async () => {
    const { core } = clientsFor(server);
    await core.createNamespace({ body: { metadata: { name: 'temp' } } });
    await core.createNamespacedPod({ namespace: 'temp', body: newPod('inside') });
    await core.createNamespacedConfigMap({ namespace: 'temp', body: { metadata: { name: 'cfg' }, data: { a: 'b' } } });
    await core.deleteNamespace({ name: 'temp' });
    expect((await core.listNamespacedPod({ namespace: 'temp' })).items).toEqual([]);
    expect((await core.listNamespacedConfigMap({ namespace: 'temp' })).items).toEqual([]);
  });

  it('serves custom resources given to apply() through CustomObjectsApi', async () => {
    const { custom } = clientsFor(server);
    server.apply({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'train-1', namespace: 'default', labels: { team: 'vision' } },
      spec: { entrypoint: 'main' },
      status: { phase: 'Running' },
    });
    const list = (await custom.listNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: 'default',
      plural: 'workflows',
      labelSelector: 'team=vision',
    })) as { items: Array<{ metadata: { name: string } }> };
    expect(list.items.map(i => i.metadata.name)).toEqual(['train-1']);
    const patched = (await custom.patchNamespacedCustomObject(
      { group: 'argoproj.io', version: 'v1alpha1', namespace: 'default', plural: 'workflows', name: 'train-1', body: { spec: { suspend: true } } },
      mergePatch,
    )) as { spec: Record<string, unknown> };
    expect(patched.spec).toEqual({ entrypoint: 'main', suspend: true });
  });

  it('test-facing apply/list/remove copy objects, so callers cannot change the store behind its back', () => {
    const applied = server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'iso', namespace: 'default' }, data: { k: 'v' } });
    (applied.data as Record<string, string>).k = 'mutated';
    expect(server.list('v1', 'ConfigMap', 'default').find(c => c.metadata.name === 'iso')?.data).toEqual({ k: 'v' });
    server.remove('v1', 'ConfigMap', 'default', 'iso');
    expect(server.list('v1', 'ConfigMap', 'default').map(c => c.metadata.name)).not.toContain('iso');
    expect(() => server.remove('v1', 'ConfigMap', 'default', 'iso')).toThrow('configmaps "iso" not found');
    expect(() => server.list('example.com/v1', 'Widget')).toThrow(/unknown kind/);
  });
});

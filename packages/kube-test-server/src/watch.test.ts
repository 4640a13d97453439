import * as k8s from '@kubernetes/client-node';
import { startKubeTestServer } from './index';
import type { KubeObject, KubeTestServer } from './types';
import { clientsFor, eventually } from './__testUtils__/clients';

function configMap(name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels }, data };
}

type Seen = { type: string; name?: string; rv?: string; code?: number };

/** Starts a client-node Watch and records what it receives. */
async function record(
  server: KubeTestServer,
  path: string,
  query: Record<string, string | number | boolean | undefined>,
) {
  const { watch } = clientsFor(server);
  const seen: Seen[] = [];
  let ended: unknown = 'open';
  const controller = await watch.watch(
    path,
    query,
    (type, obj) => seen.push({ type, name: obj?.metadata?.name, rv: obj?.metadata?.resourceVersion, code: obj?.code }),
    err => {
      ended = err;
    },
  );
  return { seen, ended: () => ended, stop: () => controller.abort() };
}

describe('watch', () => {
  let server: KubeTestServer;
  beforeEach(async () => {
    server = await startKubeTestServer({ seed: 'empty', bookmarkIntervalMs: 100, watchHistorySize: 50 });
  });
  afterEach(() => server.close());

  it('replays the changes after a resourceVersion, then streams live ones in order', async () => {
    const { core } = clientsFor(server);
    server.apply(configMap('before'));
    const listed = await core.listNamespacedConfigMap({ namespace: 'default' });
    const rv = listed.metadata!.resourceVersion!;
    server.apply(configMap('a'));
    server.apply(configMap('a', {}, { changed: 'yes' }));
    server.remove('v1', 'ConfigMap', 'default', 'before');

    const w = await record(server, '/api/v1/namespaces/default/configmaps', { resourceVersion: rv });
    server.apply(configMap('b'));
    await eventually(() => expect(w.seen).toHaveLength(4));
    expect(w.seen.map(s => `${s.type} ${s.name}`)).toEqual(['ADDED a', 'MODIFIED a', 'DELETED before', 'ADDED b']);
    const rvs = w.seen.map(s => Number(s.rv));
    expect([...rvs].sort((x, y) => x - y)).toEqual(rvs);
    expect(rvs[0]).toBeGreaterThan(Number(rv));
    w.stop();
  });

  it('without a resourceVersion starts with the current objects as ADDED', async () => {
    server.apply(configMap('one'));
    server.apply(configMap('two'));
    const w = await record(server, '/api/v1/namespaces/default/configmaps', {});
    await eventually(() => expect(w.seen.map(s => `${s.type} ${s.name}`)).toEqual(['ADDED one', 'ADDED two']));
    w.stop();
  });

  it('turns changes that move an object into or out of a label selector into ADDED and DELETED', async () => {
    server.apply(configMap('x', { team: 'vision' }));
    const w = await record(server, '/api/v1/configmaps', {
      labelSelector: 'team=vision',
      resourceVersion: String(server.list('v1', 'ConfigMap', 'default')[0].metadata.resourceVersion),
    });
    server.apply(configMap('x', { team: 'genomics' }));
    server.apply(configMap('y', { team: 'genomics' }));
    server.apply(configMap('y', { team: 'vision' }));
    server.apply(configMap('y', { team: 'vision' }, { v: '2' }));
    await eventually(() => expect(w.seen).toHaveLength(3));
    expect(w.seen.map(s => `${s.type} ${s.name}`)).toEqual(['DELETED x', 'ADDED y', 'MODIFIED y']);
    w.stop();
  });

  it('answers a too-old resourceVersion with an ERROR event carrying a 410 Expired Status, then closes', async () => {
    const start = server.list('v1', 'Namespace')[0].metadata.resourceVersion!;
    for (let i = 0; i < 60; i++) server.apply(configMap(`c${i}`)); // more than the 50 kept
    const w = await record(server, '/api/v1/configmaps', { resourceVersion: start });
    await eventually(() => expect(w.ended()).toBeNull());
    expect(w.seen).toEqual([expect.objectContaining({ type: 'ERROR', code: 410 })]);
  });

  it('sends BOOKMARK events with the current resourceVersion when asked to', async () => {
    const w = await record(server, '/api/v1/pods', { allowWatchBookmarks: true, resourceVersion: '1' });
    server.apply(configMap('unrelated'));
    await eventually(() => expect(w.seen.filter(s => s.type === 'BOOKMARK').length).toBeGreaterThanOrEqual(2));
    const last = w.seen.filter(s => s.type === 'BOOKMARK').pop()!;
    const listed = await clientsFor(server).core.listPodForAllNamespaces();
    expect(last.rv).toBe(listed.metadata!.resourceVersion);
    const plain = await record(server, '/api/v1/pods', { resourceVersion: '1' });
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(plain.seen).toEqual([]);
    w.stop();
    plain.stop();
  });

  it('ends a watch after timeoutSeconds', async () => {
    const w = await record(server, '/api/v1/configmaps', { timeoutSeconds: 1 });
    await eventually(() => expect(w.ended()).toBeNull(), 3000);
  });

  it('keeps an informer in sync across dropped watches, and makes it re-list after expiry (410)', async () => {
    const { kc, core } = clientsFor(server);
    server.apply(configMap('keep'));
    server.apply(configMap('old'));
    let lists = 0;
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () => {
      lists++;
      return core.listNamespacedConfigMap({ namespace: 'default' });
    });
    const deleted: string[] = [];
    const errors: unknown[] = [];
    informer.on('delete', obj => deleted.push(obj.metadata!.name!));
    informer.on('error', err => errors.push(err));
    await informer.start();
    const names = () => informer.list('default').map(c => c.metadata!.name).sort();
    await eventually(() => expect(names()).toEqual(['keep', 'old']));

    // A dropped watch: the informer re-watches from its resourceVersion, no re-list.
    server.faults.dropWatches();
    server.apply(configMap('during-drop'));
    await eventually(() => expect(names()).toEqual(['during-drop', 'keep', 'old']));
    expect(lists).toBe(1);

    // Expired: the next watch gets 410, the informer re-lists and reconciles what it missed.
    server.faults.dropWatches({ expire: true });
    server.remove('v1', 'ConfigMap', 'default', 'old');
    server.apply(configMap('after-expiry'));
    await eventually(() => expect(names()).toEqual(['after-expiry', 'during-drop', 'keep']));
    expect(lists).toBe(2);
    expect(deleted).toEqual(['old']);
    expect(errors).toEqual([]);

    // And it is watching again.
    server.apply(configMap('live'));
    await eventually(() => expect(names()).toContain('live'));
    await informer.stop();
  });
});

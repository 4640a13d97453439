import type * as k8s from '@kubernetes/client-node';
import { startKubeTestServer } from './index';
import type { KubeObject, KubeTestServer } from './types';
import { clientsFor, eventually, statusOf } from './__testUtils__/clients';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function pod(name: string, nodeName?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'main', image: 'busybox' }] },
    status: {
      phase: 'Running',
      containerStatuses: [
        { name: 'main', ready: true, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } },
      ],
    },
  };
}

/** Graceful deletion and compaction, as a real apiserver (and its kubelets) do them. */
describe('object lifecycle like a real apiserver', () => {
  let server: KubeTestServer;
  afterEach(() => server.close());

  it('deletes a pod on a node gracefully: deletionTimestamp first, containers stop on SIGTERM, then removal', async () => {
    server = await startKubeTestServer({ seed: 'empty', podShutdownMs: 300 });
    server.apply(pod('running', 'node-1'));
    server.apply(pod('unscheduled'));
    server.apply(pod('forced', 'node-1'));
    const { core, watch } = clientsFor(server);
    const seen: string[] = [];
    const controller = await watch.watch(
      '/api/v1/namespaces/default/pods',
      { resourceVersion: server.list('v1', 'Pod')[0].metadata.resourceVersion },
      (type, obj: k8s.V1Pod) =>
        seen.push(
          `${type} ${obj.metadata?.name}${obj.metadata?.deletionTimestamp ? ' terminating' : ''}${
            obj.status?.containerStatuses?.[0]?.state?.terminated
              ? ` exit ${obj.status.containerStatuses[0].state.terminated.exitCode} ${obj.status.phase}`
              : ''
          }`,
        ),
      () => {},
    );

    const answer = await core.deleteNamespacedPod({ name: 'running', namespace: 'default' });
    expect(answer.metadata?.deletionTimestamp).toBeDefined();
    expect(answer.metadata?.deletionGracePeriodSeconds).toBe(30);
    // Still there, terminating; a second DELETE changes nothing.
    const read = await core.readNamespacedPod({ name: 'running', namespace: 'default' });
    expect(read.metadata?.deletionTimestamp).toEqual(answer.metadata?.deletionTimestamp);
    await core.deleteNamespacedPod({ name: 'running', namespace: 'default' });

    // Not bound to a node, or a grace period of 0: gone at once.
    await core.deleteNamespacedPod({ name: 'unscheduled', namespace: 'default' });
    await core.deleteNamespacedPod({ name: 'forced', namespace: 'default', gracePeriodSeconds: 0 });
    expect(server.list('v1', 'Pod').map(p => p.metadata.name)).toEqual(['running']);

    await eventually(() => expect(server.list('v1', 'Pod')).toEqual([]));
    const gone = await core.readNamespacedPod({ name: 'running', namespace: 'default' }).catch(e => e);
    expect(statusOf(gone).code).toBe(404);
    await eventually(() =>
      expect(seen.filter(s => s.includes('running'))).toEqual([
        'MODIFIED running terminating',
        'MODIFIED running terminating exit 143 Failed',
        'DELETED running terminating exit 143 Failed',
      ]),
    );
    controller.abort();
  });

  it('compacts: watches and continue tokens from before the last compaction answer 410 Expired', async () => {
    server = await startKubeTestServer({ seed: 'demo', compactionIntervalMs: 150 });
    const { core, watch } = clientsFor(server);
    const first = await core.listPodForAllNamespaces({ limit: 2 });
    const token = first.metadata?._continue;
    expect(token).toBeDefined();
    const oldVersion = first.metadata?.resourceVersion;

    // Changes, and two compaction rounds past them.
    server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'later', namespace: 'default' } });
    await sleep(400);

    const expired = await core.listPodForAllNamespaces({ limit: 2, _continue: token }).catch(e => e);
    expect(statusOf(expired)).toMatchObject({ code: 410, reason: 'Expired' });

    const events: Array<{ type: string; code?: number }> = [];
    let ended: unknown = 'open';
    await watch.watch(
      '/api/v1/pods',
      { resourceVersion: oldVersion },
      (type, obj) => events.push({ type, code: obj?.code }),
      err => {
        ended = err;
      },
    );
    await eventually(() => expect(ended).not.toBe('open'));
    expect(events).toEqual([{ type: 'ERROR', code: 410 }]);

    // A fresh list works, and a watch from its version too.
    const fresh = await core.listPodForAllNamespaces({ limit: 2 });
    const live: string[] = [];
    const controller = await watch.watch(
      '/api/v1/pods',
      { resourceVersion: fresh.metadata?.resourceVersion },
      type => live.push(type),
      () => {},
    );
    server.faults.crashLoop('dev', server.list('v1', 'Pod', 'dev')[0].metadata.name);
    await eventually(() => expect(live).toContain('MODIFIED'));
    controller.abort();
  });
});

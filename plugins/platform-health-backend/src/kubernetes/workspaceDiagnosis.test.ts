import { mockServices } from '@backstage/backend-test-utils';
import {
  startKubeTestServer,
  type KubeObject,
  type KubeTestServer,
} from '@internal/kube-test-server';
import {
  clusterConfig as config,
  JHUB_OBJECTS,
  podEvent,
  seededJupyterHubCluster,
  workspacePod,
} from '../__testUtils__/workspacePods';
import { ClusterService } from './ClusterService';
import { eventually } from './__testUtils__/cacheFor';
import { safeLabelSlug } from './kubespawnerLabels';
import { diagnoseWorkspacePod } from './workspaceDiagnoser';

jest.setTimeout(30_000);

/*
 * Where the shapes come from:
 * - the pull failure: the kubelet's events of jupyterhub/kubespawner
 *   tests/sample-events/invalid-pod-image.events.json (ghcr.io/foo:bat), including an
 *   event of an older pod of the same name (another uid);
 * - the readiness failure: kubelet's prober (kubernetes pkg/kubelet/prober/prober.go
 *   records `Unhealthy` "Readiness probe failed: <the HTTP prober's error>");
 * - OOMKilled, CrashLoopBackOff, NodeNotReady: the test server's faults, which set the
 *   status fields and events a kubelet and node controller set.
 */
const PULL_FAILURE =
  'Failed to pull image "ghcr.io/foo:bat": failed to pull and unpack image "ghcr.io/foo:bat": failed to resolve reference "ghcr.io/foo:bat": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Afoo%3Apull&service=ghcr.io: 400 Bad Request';
const READINESS_FAILURE =
  'Readiness probe failed: Get "http://10.244.1.7:8888/user/bob/api": dial tcp 10.244.1.7:8888: connect: connection refused';

describe('a workspace diagnosis from the cluster cache', () => {
  const cluster = seededJupyterHubCluster();
  let kube: KubeTestServer;
  let clusters: ClusterService;
  const start = async (objects: KubeObject[]) => {
    ({ kube, clusters } = await cluster.start(objects));
  };
  const diagnosis = async (username: string, servername = '') =>
    (await diagnoseWorkspacePod(clusters, username, servername)).diagnosis;

  it('says the workspace ran out of its memory limit, with the previous instance log', async () => {
    await start([
      workspacePod({ name: 'jupyter-ada', username: 'ada', nodeName: 'cpu-1' }),
    ]);
    kube.setLogs('jhub', 'jupyter-ada', 'notebook', [
      'loading 40 GB of parquet',
      'Killed',
    ]);
    kube.faults.oomKilled('jhub', 'jupyter-ada');
    const result = await eventually(async () => {
      const d = await diagnosis('ada');
      expect(d.findings[0]?.cause).toBe('OOMKilled');
      return d;
    });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      severity: 'error',
      summary: 'the workspace ran out of its 8 GiB',
      action:
        'choose a profile with more memory than 8 GiB or reduce the data loaded',
    });
    expect(result.findings[0].facts[0]).toMatch(
      /^container notebook: OOMKilled \(exit code 137\) at /,
    );
    expect(result.pod?.containers[0]).toMatchObject({
      name: 'notebook',
      state: 'waiting',
      reason: 'CrashLoopBackOff',
      restartCount: 1,
      lastTermination: { reason: 'OOMKilled', exitCode: 137 },
    });
    expect(result.logTail).toEqual({
      container: 'notebook',
      previous: true,
      lines: ['loading 40 GB of parquet', 'Killed'],
    });
    expect(result.missing).toEqual([]);
  });

  it("gives the image and the registry's answer, ignoring an older pod's events", async () => {
    const pod = workspacePod({
      name: 'jupyter-ada',
      username: 'ada',
      nodeName: 'cpu-1',
      uid: 'c0ffee00-0000-4000-8000-000000000001',
    });
    await start([
      pod,
      podEvent(pod, 'Failed', 'Error: ImagePullBackOff', {
        uid: '1a8acb75-3567-4162-8fff-8c21c96f9ec1',
      }),
    ]);
    kube.faults.imagePullBackOff('jhub', 'jupyter-ada', 'ghcr.io/foo:bat');
    // The kubelet's next attempt, with the registry's answer of the sample.
    const later = new Date(Date.now() + 2000)
      .toISOString()
      .replace(/\.\d+Z$/, 'Z');
    kube.apply(podEvent(pod, 'Failed', PULL_FAILURE, { count: 2, at: later }));
    const result = await eventually(async () => {
      const d = await diagnosis('ada');
      expect(d.findings[0]?.cause).toBe('ImagePull');
      expect(d.findings[0].facts).toContain(PULL_FAILURE);
      return d;
    });
    expect(result.findings[0].summary).toBe(
      'the image ghcr.io/foo:bat cannot be pulled: the registry answered failed to pull and unpack image "ghcr.io/foo:bat": failed to resolve reference "ghcr.io/foo:bat": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Afoo%3Apull&service=ghcr.io: 400 Bad Request',
    );
    // The older pod's event (another uid) is not this pod's.
    expect(
      result.pod?.events.filter(e => e.message === 'Error: ImagePullBackOff'),
    ).toHaveLength(1);
  });

  it('explains a crash loop and shows what the server printed before it died', async () => {
    await start([
      workspacePod({ name: 'jupyter-ada', username: 'ada', nodeName: 'cpu-1' }),
    ]);
    kube.faults.crashLoop('jhub', 'jupyter-ada', {
      restarts: 4,
      message: "ModuleNotFoundError: No module named 'jupyterhub'",
    });
    const result = await eventually(async () => {
      const d = await diagnosis('ada');
      expect(d.findings[0]?.cause).toBe('CrashLoop');
      return d;
    });
    expect(result.findings[0].summary).toBe(
      'the server keeps crashing: it restarted 4 times, last exiting with code 1 (Error)',
    );
    expect(result.logTail).toEqual({
      container: 'notebook',
      previous: true,
      lines: ["ModuleNotFoundError: No module named 'jupyterhub'"],
    });
    expect(result.pod?.restarts).toBe(4);
  });

  it('reports a failing readiness check and a node going NotReady under the workspace', async () => {
    const pod = workspacePod({
      name: 'jupyter-bob',
      username: 'bob',
      nodeName: 'cpu-2',
    });
    (pod.status as any).conditions[1] = {
      type: 'Ready',
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [notebook]',
      lastTransitionTime: '2026-12-01T08:00:00Z',
    };
    (pod.status as any).containerStatuses[0].ready = false;
    await start([
      pod,
      podEvent(pod, 'Unhealthy', READINESS_FAILURE, { count: 12 }),
    ]);
    kube.setLogs('jhub', 'jupyter-bob', 'notebook', [
      '[I 08:00:01 ServerApp] starting',
    ]);
    const readiness = await eventually(async () => {
      const d = await diagnosis('bob');
      expect(d.findings.map(f => f.cause)).toEqual(['Readiness']);
      return d;
    });
    expect(readiness.findings[0]).toMatchObject({
      severity: 'error',
      summary:
        'the server runs but does not answer its readiness check (12 failures)',
      facts: [READINESS_FAILURE, 'containers with unready status: [notebook]'],
    });
    expect(readiness.logTail).toEqual({
      container: 'notebook',
      previous: false,
      lines: ['[I 08:00:01 ServerApp] starting'],
    });

    kube.faults.nodeNotReady('cpu-2');
    const down = await eventually(async () => {
      const d = await diagnosis('bob');
      expect(d.findings[0]?.cause).toBe('NodeNotReady');
      return d;
    });
    expect(down.pod?.nodeReady).toBe(false);
    expect(down.findings[0].summary).toMatch(
      /^its node cpu-2 is not ready: NodeStatusUnknown/,
    );
  });

  it('says when a start has been pending past the spawn timeout', async () => {
    const tenMinutesAgo = new Date(Date.now() - 600_000)
      .toISOString()
      .replace(/\.\d+Z$/, 'Z');
    await start([
      workspacePod({
        name: 'jupyter-ada--slow',
        username: 'ada',
        servername: 'slow',
        creationTimestamp: tenMinutesAgo,
      }),
    ]);
    const result = await diagnosis('ada', 'slow');
    expect(result.findings.map(f => f.cause)).toEqual(['SpawnTimeout']);
    expect(result.findings[0].summary).toBe(
      "the workspace has been starting for 10 min, past the hub's spawn timeout of 5 min: the hub gives the start up",
    );
  });

  it('joins by the escaped labels of pods without annotations, KubeSpawner 7 and older, and keeps servers apart', async () => {
    const username = 'ada.lovelace@example.org';
    await start([
      workspacePod({
        name: 'jupyter-ada-2elovelace-40example-2eorg--gpu-20run',
        username,
        servername: 'GPU run',
        // KubeSpawner 7's label values (safe_slug; kubespawnerLabels.test.ts checks
        // the function against KubeSpawner's own test vectors).
        labels: {
          username: safeLabelSlug(username),
          servername: safeLabelSlug('GPU run'),
        },
        annotations: false,
        nodeName: 'cpu-1',
      }),
      // The default server, spawned by an older KubeSpawner (escapism's escaping).
      workspacePod({
        name: 'jupyter-ada-2elovelace-40example-2eorg',
        username,
        labels: { username: 'ada-2elovelace-40example-2eorg', servername: '' },
        annotations: false,
        nodeName: 'cpu-2',
      }),
    ]);
    expect(safeLabelSlug(username)).toMatch(
      /^ada-lovelace-example---[0-9a-f]{8}$/,
    );
    expect((await diagnosis(username, 'GPU run')).pod?.name).toBe(
      'jupyter-ada-2elovelace-40example-2eorg--gpu-20run',
    );
    expect((await diagnosis(username)).pod?.name).toBe(
      'jupyter-ada-2elovelace-40example-2eorg',
    );
    const other = await diagnosis(username, 'cpu');
    expect(other.pod).toBeNull();
    expect(other.missing).toEqual([
      `no pod with the labels component=singleuser-server, hub.jupyter.org/username=${safeLabelSlug(
        username,
      )}, hub.jupyter.org/servername=cpu in cluster demo`,
    ]);
  });

  it('says what is missing: no pod, no cluster, a cluster not loaded, a cluster that hangs', async () => {
    await start([
      workspacePod({ name: 'jupyter-ada', username: 'ada', nodeName: 'cpu-1' }),
    ]);
    kube.setLogs('jhub', 'jupyter-ada', 'notebook', ['running']);
    expect((await diagnosis('nobody')).missing).toEqual([
      'no pod with the labels component=singleuser-server, hub.jupyter.org/username=nobody, hub.jupyter.org/servername= in cluster demo',
    ]);

    // The cluster stops answering: the cached pod is still diagnosed, the log is missing.
    kube.faults.unreachable('hang');
    const hanging = await diagnosis('ada');
    expect(hanging.pod?.name).toBe('jupyter-ada');
    expect(hanging.logTail).toBeUndefined();
    expect(hanging.missing.join('\n')).toMatch(
      /the log of notebook could not be read: .*did not answer within/,
    );

    // A cache that never loaded knows no pod, and says why.
    const fresh = new ClusterService(config(kube), mockServices.logger.mock());
    fresh.start();
    try {
      const loading = (await diagnoseWorkspacePod(fresh, 'ada', '')).diagnosis;
      expect(loading.pod).toBeNull();
      expect(loading.missing[0]).toMatch(
        /^cluster demo is not loaded yet, so its pods are unknown: /,
      );
    } finally {
      await fresh.stop();
    }

    const none = new ClusterService(
      config(undefined),
      mockServices.logger.mock(),
    );
    expect((await diagnoseWorkspacePod(none, 'ada', '')).diagnosis).toEqual({
      pod: null,
      findings: [],
      missing: [
        "no cluster is configured (platformHealth.clusters): the workspace's pod cannot be looked up",
      ],
    });
    kube.faults.reachable();
  });

  it('says when the credentials may not read the events', async () => {
    kube = await startKubeTestServer({
      seed: {
        objects: [
          ...JHUB_OBJECTS,
          workspacePod({
            name: 'jupyter-ada',
            username: 'ada',
            running: false,
          }),
        ],
      },
      restrictedTokens: { 'reader-token': ['events'] },
    });
    clusters = new ClusterService(
      config(kube, 'reader-token'),
      mockServices.logger.mock(),
    );
    clusters.start();
    expect(await clusters.get('demo').waitForSync(10_000)).toBe(true);
    const result = await diagnosis('ada');
    expect(result.pod?.name).toBe('jupyter-ada');
    expect(result.missing[0]).toMatch(
      /^cluster demo: not allowed to read events, shown as empty .*cannot list resource "events"/,
    );
  });
});

import type { CoreV1Event, V1Node, V1Pod } from '@kubernetes/client-node';
import {
  startKubeTestServer,
  type KubeObject,
  type KubeTestServer,
} from '@internal/kube-test-server';
import { PLATFORM_OBJECTS } from '../__testUtils__/platformCluster';
import { eventually, startCache, stopCaches } from './__testUtils__/cacheFor';

jest.setTimeout(30_000);

const managedFields = [
  {
    manager: 'kube-controller-manager',
    operation: 'Update',
    apiVersion: 'v1',
    time: '2026-11-29T10:00:00Z',
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } },
  },
];

/** A pod as a real cluster serves it: managedFields, last-applied, env, volumes, probes. */
function realPod(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'dev',
      labels: { app: 'heavy' },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': 'x'.repeat(4000),
        // KubeSpawner's raw names: the only annotations kept (the workspace join).
        'hub.jupyter.org/username': 'ada@example.org',
      },
      managedFields,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'heavy-1',
          uid: 'rs',
        },
      ],
    },
    spec: {
      nodeName: 'node-a',
      volumes: [{ name: 'data', emptyDir: {} }],
      containers: [
        {
          name: 'main',
          image: 'quay.io/example/heavy:1',
          env: [{ name: 'SECRET_REF', value: 'y'.repeat(2000) }],
          readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
          resources: {
            requests: { cpu: '250m', memory: '256Mi' },
            limits: { cpu: '1', memory: '1Gi' },
          },
        },
      ],
    },
    status: {
      phase: 'Running',
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: '2026-11-29T10:00:05Z',
        },
      ],
      hostIP: '10.0.0.1',
      hostIPs: [{ ip: '10.0.0.1' }],
      podIP: '100.64.0.9',
      podIPs: [{ ip: '100.64.0.9' }],
      qosClass: 'Burstable',
      startTime: '2026-11-29T10:00:00Z',
      containerStatuses: [
        {
          name: 'main',
          image: 'quay.io/example/heavy:1',
          imageID: `quay.io/example/heavy@sha256:${'ab'.repeat(32)}`,
          containerID: `containerd://${'f0'.repeat(32)}`,
          ready: true,
          started: true,
          restartCount: 1,
          state: { running: { startedAt: '2026-11-29T10:00:04Z' } },
          lastState: {
            terminated: {
              exitCode: 137,
              reason: 'OOMKilled',
              containerID: `containerd://${'0f'.repeat(32)}`,
              startedAt: '2026-11-29T10:00:01Z',
              finishedAt: '2026-11-29T10:00:03Z',
            },
          },
          volumeMounts: [
            {
              name: 'kube-api-access',
              mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
              readOnly: true,
              recursiveReadOnly: 'Disabled',
            },
          ],
        },
      ],
    },
  };
}

function event(name: string, type: 'Normal' | 'Warning'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'dev', managedFields },
    involvedObject: { kind: 'Pod', namespace: 'dev', name: 'heavy-0' },
    type,
    reason: name,
    message: `${name} happened`,
    lastTimestamp: new Date().toISOString(),
  };
}

describe('what the cache keeps of real objects', () => {
  let kube: KubeTestServer;
  afterEach(async () => {
    await stopCaches();
    await kube.close();
  });

  it('keeps slim projections, without managedFields, and only Warning events', async () => {
    kube = await startKubeTestServer({
      seed: {
        objects: [
          ...PLATFORM_OBJECTS,
          realPod('heavy-0'),
          event('Scheduled', 'Normal'),
          event('BackOff', 'Warning'),
        ],
      },
    });
    // The server serves them whole.
    const served = kube
      .list('v1', 'Pod', 'dev')
      .find(p => p.metadata.name === 'heavy-0')!;
    expect(served.metadata.managedFields).toEqual(managedFields);
    expect(JSON.stringify(served).length).toBeGreaterThan(6000);
    const cache = startCache(kube);
    expect(await cache.waitForSync(10_000)).toBe(true);
    const pod = cache
      .list<V1Pod>('pods', 'dev')
      .find(p => p.metadata?.name === 'heavy-0')!;
    expect(pod.metadata).toEqual({
      name: 'heavy-0',
      namespace: 'dev',
      uid: expect.any(String),
      resourceVersion: expect.any(String),
      labels: { app: 'heavy' },
      ownerReferences: [expect.objectContaining({ kind: 'ReplicaSet' })],
      creationTimestamp: expect.any(String),
      annotations: { 'hub.jupyter.org/username': 'ada@example.org' },
    });
    expect(pod.spec).toEqual({
      nodeName: 'node-a',
      containers: [
        {
          name: 'main',
          image: 'quay.io/example/heavy:1',
          // Of the limits only memory and GPUs (what a workspace diagnosis reads).
          resources: {
            requests: { cpu: '250m', memory: '256Mi' },
            limits: { memory: '1Gi' },
          },
        },
      ],
    });
    // Of the status, what the overview and the diagnoses read: no IPs, QoS class,
    // image and container IDs, volume mounts or lastProbeTime.
    expect(pod.status).toEqual({
      phase: 'Running',
      startTime: '2026-11-29T10:00:00Z',
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          lastTransitionTime: '2026-11-29T10:00:05Z',
        },
      ],
      containerStatuses: [
        {
          name: 'main',
          image: 'quay.io/example/heavy:1',
          ready: true,
          started: true,
          restartCount: 1,
          state: { running: { startedAt: '2026-11-29T10:00:04Z' } },
          lastState: {
            terminated: {
              exitCode: 137,
              reason: 'OOMKilled',
              startedAt: '2026-11-29T10:00:01Z',
              finishedAt: '2026-11-29T10:00:03Z',
            },
          },
        },
      ],
    });
    expect(JSON.stringify(pod).length).toBeLessThan(
      JSON.stringify(served).length / 5,
    );
    const node = cache.list<V1Node>('nodes')[0];
    expect(node.metadata?.managedFields).toBeUndefined();
    expect(node.status?.allocatable).toBeDefined();
    expect(
      cache.list<CoreV1Event>('events').map(e => `${e.type} ${e.reason}`),
    ).toEqual(['Warning BackOff']);

    // Through the watch as well: a Normal event is not kept, a Warning is, slim.
    kube.apply(event('Pulled', 'Normal'));
    kube.apply(event('Unhealthy', 'Warning'));
    await eventually(() =>
      expect(
        cache
          .list<CoreV1Event>('events')
          .map(e => e.reason)
          .sort(),
      ).toEqual(['BackOff', 'Unhealthy']),
    );
    expect(
      cache.list<CoreV1Event>('events').every(e => !e.metadata?.managedFields),
    ).toBe(true);
  });
  it('shares what it holds with a relist: an unchanged object is kept, not copied', async () => {
    kube = await startKubeTestServer({
      seed: {
        objects: [...PLATFORM_OBJECTS, realPod('heavy-0'), realPod('heavy-1')],
      },
    });
    const cache = startCache(kube);
    expect(await cache.waitForSync(10_000)).toBe(true);
    const unchanged = cache.get<V1Pod>('pods', 'dev', 'heavy-0')!;
    const before = cache.get<V1Pod>('pods', 'dev', 'heavy-1')!;
    const firstPages = kube.traffic('pods').firstPages;

    // Every version expires (a relist from page 1) and one pod changes meanwhile.
    kube.faults.dropWatches({ expire: true });
    const served = kube.get('v1', 'Pod', 'dev', 'heavy-1')!;
    kube.apply({
      ...served,
      metadata: { ...served.metadata, labels: { app: 'heavy', tier: 'b' } },
    });
    await eventually(() => {
      expect(kube.traffic('pods').firstPages).toBeGreaterThan(firstPages);
      expect(
        cache.get<V1Pod>('pods', 'dev', 'heavy-1')?.metadata?.labels,
      ).toEqual({ app: 'heavy', tier: 'b' });
    });
    // The same object, not a second copy of it; the changed one is new.
    expect(cache.get<V1Pod>('pods', 'dev', 'heavy-0')).toBe(unchanged);
    expect(cache.get<V1Pod>('pods', 'dev', 'heavy-1')).not.toBe(before);
    expect(cache.list<V1Pod>('pods', 'dev').length).toBe(
      kube.list('v1', 'Pod', 'dev').length,
    );
  });
});

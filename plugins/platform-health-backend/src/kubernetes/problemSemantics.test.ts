import {
  startKubeTestServer,
  type KubeObject,
  type KubeTestServer,
} from '@internal/kube-test-server';
import { PLATFORM_OBJECTS } from '../__testUtils__/platformCluster';
import { eventually, startCache, stopCaches } from './__testUtils__/cacheFor';
import { computeOverview } from './overview';
import type { ClusterCache } from './ClusterCache';

jest.setTimeout(30_000);

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const MINUTE = 60_000;

function pod(
  name: string,
  status: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'dev',
      creationTimestamp: ago(300 * MINUTE),
      ...metadata,
    },
    spec: {
      nodeName: 'node-a',
      containers: [{ name: 'main', image: 'quay.io/example/app:1' }],
    },
    status,
  };
}

const exited = (exitCode: number, finishedAt = ago(MINUTE)) => ({
  phase: 'Running',
  containerStatuses: [
    {
      name: 'main',
      ready: false,
      restartCount: 0,
      state: {
        terminated: { exitCode, reason: 'Error', finishedAt },
      },
    },
  ],
});

function failedJobPod(name: string, finishedMinutesAgo: number): KubeObject {
  return pod(
    name,
    {
      phase: 'Failed',
      startTime: ago((finishedMinutesAgo + 1) * MINUTE),
      containerStatuses: [
        {
          name: 'main',
          ready: false,
          restartCount: 0,
          state: {
            terminated: {
              exitCode: 1,
              reason: 'Error',
              finishedAt: ago(finishedMinutesAgo * MINUTE),
            },
          },
        },
      ],
    },
    {
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name: 'nightly-etl',
          uid: 'job-uid',
          controller: true,
        },
      ],
    },
  );
}

function evicted(name: string, minutesAgo: number): KubeObject {
  return pod(name, {
    phase: 'Failed',
    reason: 'Evicted',
    message: 'The node was low on resource: memory.',
    startTime: ago(minutesAgo * MINUTE),
  });
}

function warning(
  name: string,
  involved: string,
  times: Record<string, unknown>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'dev' },
    involvedObject: { kind: 'Pod', namespace: 'dev', name: involved },
    type: 'Warning',
    reason: name,
    message: name,
    ...times,
  };
}

const overviewOf = (cache: ClusterCache) =>
  computeOverview(
    {
      name: 'demo',
      title: 'Demo',
      simulated: true,
      freshness: cache.freshness(),
    },
    cache.snapshot(),
  );

describe('what counts as a problem, and what is missing', () => {
  let kube: KubeTestServer;
  afterEach(async () => {
    await stopCaches();
    await kube.close();
  });

  it('reports readiness failures, not pods stopping on SIGTERM, and keeps finished pods from crowding the list', async () => {
    kube = await startKubeTestServer({
      seed: {
        objects: [
          ...PLATFORM_OBJECTS,
          pod('stopping', exited(143), { deletionTimestamp: ago(10_000) }),
          pod('crashed', exited(2)),
          pod('unready', {
            phase: 'Running',
            conditions: [
              {
                type: 'Ready',
                status: 'False',
                reason: 'ContainersNotReady',
                message: 'containers with unready status: [main]',
              },
            ],
            containerStatuses: [
              {
                name: 'main',
                ready: false,
                restartCount: 0,
                state: { running: { startedAt: ago(30 * MINUTE) } },
              },
            ],
          }),
          pod('just-started', {
            phase: 'Running',
            conditions: [{ type: 'Ready', status: 'False' }],
            containerStatuses: [
              {
                name: 'main',
                ready: false,
                restartCount: 0,
                state: { running: { startedAt: ago(10_000) } },
              },
            ],
          }),
          failedJobPod('nightly-etl-a', 50),
          failedJobPod('nightly-etl-b', 5),
          failedJobPod('nightly-etl-c', 20),
          failedJobPod('nightly-etl-old', 200),
          evicted('evicted-recent', 10),
          evicted('evicted-yesterday', 24 * 60),
          warning('Older', 'unready', {
            lastTimestamp: ago(20 * MINUTE),
            firstTimestamp: ago(20 * MINUTE),
          }),
          // events.k8s.io: first seen long ago, last observed a minute ago.
          warning('Series', 'unready', {
            eventTime: ago(120 * MINUTE),
            series: { count: 12, lastObservedTime: ago(MINUTE) },
          }),
        ],
      },
    });
    const cache = startCache(kube);
    expect(await cache.waitForSync(10_000)).toBe(true);
    const overview = overviewOf(cache);
    const problems = Object.fromEntries(
      overview.problemPods.map(p => [p.name, p]),
    );
    expect(Object.keys(problems).sort()).toEqual([
      'crashed',
      'evicted-recent',
      'nightly-etl-b',
      'unready',
    ]);
    expect(problems.crashed.reason).toBe('Error');
    expect(problems.unready).toMatchObject({
      reason: 'ContainersNotReady',
      container: 'main',
      message:
        'main running but not ready (readiness probe failing): containers with unready status: [main]',
    });
    expect(problems['nightly-etl-b'].message).toMatch(
      /\(and 2 older failed pods of Job nightly-etl\)$/,
    );
    expect(problems['evicted-recent'].message).toBe(
      'Evicted: The node was low on resource: memory.',
    );
    // Newest first, by series.lastObservedTime for events.k8s.io events.
    expect(problems.unready.events.map(e => e.reason)).toEqual([
      'Series',
      'Older',
    ]);
    expect(overview.warningEvents.map(e => e.reason).slice(0, 2)).toEqual([
      'Series',
      'Older',
    ]);
  });

  it('says which collection the credentials may not read instead of loading for ever', async () => {
    kube = await startKubeTestServer({
      seed: { objects: PLATFORM_OBJECTS },
      bookmarkIntervalMs: 100,
      restrictedTokens: { 'reader-token': ['events'] },
    });
    const cache = startCache(kube, {}, 'reader-token');
    expect(await cache.waitForSync(5_000)).toBe(true);
    const freshness = await eventually(() => {
      const f = cache.freshness();
      expect(f.stale).toBe(false);
      return f;
    });
    expect(freshness.error).toMatch(
      /^not allowed to read events, shown as empty \(grant list and watch on it\): .*403: events is forbidden: User "system:serviceaccount:atrium:restricted-reader" cannot list resource "events"/,
    );
    expect(overviewOf(cache).nodes).toHaveLength(3);
  });

  it('reports metrics that fail as unavailable, and keeps node metrics when pod metrics fail', async () => {
    kube = await startKubeTestServer({ seed: { objects: PLATFORM_OBJECTS } });
    const cache = startCache(kube, { metricsIntervalMs: 60_000 });
    expect(await cache.waitForSync(10_000)).toBe(true);
    await cache.pollMetrics();
    const healthy = overviewOf(cache);
    expect(healthy.metrics.available).toBe(true);
    expect(healthy.namespaces.find(n => n.name === 'dev')?.used).toBeDefined();

    kube.faults.metricsUnavailable('pods');
    await cache.pollMetrics();
    const podsDown = overviewOf(cache);
    expect(podsDown.metrics).toMatchObject({
      available: true,
      error: expect.stringMatching(/^metrics.k8s.io: pod metrics: .*503/),
    });
    expect(podsDown.totals.used?.cpu).toBeGreaterThan(0);
    expect(podsDown.nodes.every(n => n.used)).toBe(true);
    // No old pod numbers passed off as current.
    expect(
      podsDown.namespaces.find(n => n.name === 'dev')?.used,
    ).toBeUndefined();

    kube.faults.metricsUnavailable('all');
    await cache.pollMetrics();
    const allDown = overviewOf(cache);
    expect(allDown.metrics.available).toBe(false);
    expect(allDown.metrics.error).toMatch(/node metrics: .*503/);
    expect(allDown.totals.used).toBeUndefined();
    expect(allDown.nodes.some(n => n.used)).toBe(false);
  });
});

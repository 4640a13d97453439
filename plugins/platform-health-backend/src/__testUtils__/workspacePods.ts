import { mockServices } from '@backstage/backend-test-utils';
import {
  startKubeTestServer,
  type KubeObject,
  type KubeTestServer,
} from '@internal/kube-test-server';
import type { PlatformHealthConfig } from '../config';
import { ClusterService } from '../kubernetes/ClusterService';

/**
 * A JupyterHub cluster for workspace diagnoses: a `jhub` namespace, two CPU nodes and
 * two GPU nodes (2 × nvidia.com/gpu each), and single-user pods as KubeSpawner 7 makes
 * them (z2jh defaults: labels `component=singleuser-server`, the escaped
 * `hub.jupyter.org/username` / `servername`, annotations with the raw names, a
 * container named `notebook` with memory and GPU limits).
 */
const created = '2026-12-01T08:00:00Z';

export function node(name: string, gpus = 0): KubeObject {
  const extended: Record<string, string> = gpus
    ? { 'nvidia.com/gpu': String(gpus) }
    : {};
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'node-role.kubernetes.io/worker': '',
        ...(gpus ? { 'nvidia.com/gpu.present': 'true' } : {}),
      },
      creationTimestamp: created,
    },
    spec: {},
    status: {
      capacity: { cpu: '16', memory: '64Gi', pods: '110', ...extended },
      allocatable: { cpu: '15800m', memory: '62Gi', pods: '110', ...extended },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: created,
          lastTransitionTime: created,
        },
      ],
    },
  };
}

/** The platform-health config of one cluster `demo` on the test server (none without one). */
export function clusterConfig(
  kube: KubeTestServer | undefined,
  token = kube?.token,
): PlatformHealthConfig {
  return {
    clusters: kube
      ? [
          {
            name: 'demo',
            title: 'Demo',
            simulated: true,
            connection: {
              type: 'url',
              url: kube.url,
              token,
              skipTLSVerify: true,
            },
          },
        ]
      : [],
    requestTimeoutMs: 1000,
    staleAfterMs: 60_000,
    heartbeatIntervalMs: 200,
    metricsIntervalMs: 60_000,
  } as unknown as PlatformHealthConfig;
}

export interface WorkspacePodOptions {
  name: string;
  username: string;
  servername?: string;
  /** Label values as KubeSpawner wrote them (default: the raw names). */
  labels?: { username: string; servername: string };
  /** KubeSpawner's raw-name annotations (default true). */
  annotations?: boolean;
  nodeName?: string;
  gpus?: number;
  memoryLimit?: string;
  memoryRequest?: string;
  uid?: string;
  creationTimestamp?: string;
  running?: boolean;
}

export function workspacePod(options: WorkspacePodOptions): KubeObject {
  const servername = options.servername ?? '';
  const labels = options.labels ?? {
    username: options.username,
    servername,
  };
  const started = options.creationTimestamp ?? created;
  const running = options.running ?? Boolean(options.nodeName);
  const gpus: Record<string, string> = options.gpus
    ? { 'nvidia.com/gpu': String(options.gpus) }
    : {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: options.name,
      namespace: 'jhub',
      ...(options.uid ? { uid: options.uid } : {}),
      creationTimestamp: started,
      labels: {
        app: 'jupyterhub',
        'app.kubernetes.io/component': 'singleuser-server',
        component: 'singleuser-server',
        heritage: 'jupyterhub',
        'hub.jupyter.org/network-access-hub': 'true',
        'hub.jupyter.org/servername': labels.servername,
        'hub.jupyter.org/username': labels.username,
        release: 'jhub',
      },
      annotations:
        options.annotations === false
          ? {}
          : {
              'hub.jupyter.org/username': options.username,
              ...(servername
                ? { 'hub.jupyter.org/servername': servername }
                : {}),
            },
    },
    spec: {
      ...(options.nodeName ? { nodeName: options.nodeName } : {}),
      containers: [
        {
          name: 'notebook',
          image: 'quay.io/jupyter/scipy-notebook:2024-12-02',
          resources: {
            requests: {
              cpu: '500m',
              memory: options.memoryRequest ?? '1Gi',
              ...gpus,
            },
            limits: { memory: options.memoryLimit ?? '8Gi', ...gpus },
          },
        },
      ],
    },
    status: running
      ? {
          phase: 'Running',
          startTime: started,
          conditions: [
            {
              type: 'Initialized',
              status: 'True',
              lastTransitionTime: started,
            },
            { type: 'Ready', status: 'True', lastTransitionTime: started },
            {
              type: 'ContainersReady',
              status: 'True',
              lastTransitionTime: started,
            },
            {
              type: 'PodScheduled',
              status: 'True',
              lastTransitionTime: started,
            },
          ],
          containerStatuses: [
            {
              name: 'notebook',
              image: 'quay.io/jupyter/scipy-notebook:2024-12-02',
              imageID: 'quay.io/jupyter/scipy-notebook@sha256:1f2e',
              containerID: `containerd://${'a'.repeat(64)}`,
              ready: true,
              started: true,
              restartCount: 0,
              state: { running: { startedAt: started } },
              lastState: {},
            },
          ],
        }
      : { phase: 'Pending' },
  };
}

export const JHUB_OBJECTS: KubeObject[] = [
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'jhub', creationTimestamp: created },
    status: { phase: 'Active' },
  },
  node('cpu-1'),
  node('cpu-2'),
  node('gpu-1', 2),
  node('gpu-2', 2),
];

/** A core/v1 Event about a pod, in the shape the kubelet and scheduler record. */
export function podEvent(
  pod: KubeObject,
  reason: string,
  message: string,
  options: {
    type?: 'Warning' | 'Normal';
    uid?: string;
    count?: number;
    at?: string;
  } = {},
): KubeObject {
  const at = options.at ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${pod.metadata.name}.${Math.random().toString(16).slice(2, 18)}`,
      namespace: pod.metadata.namespace,
    },
    involvedObject: {
      kind: 'Pod',
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      uid: options.uid ?? pod.metadata.uid,
      apiVersion: 'v1',
      fieldPath: 'spec.containers{notebook}',
    },
    reason,
    message,
    source: { component: 'kubelet', host: (pod.spec as any)?.nodeName },
    firstTimestamp: at,
    lastTimestamp: at,
    count: options.count ?? 1,
    type: options.type ?? 'Warning',
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: (pod.spec as any)?.nodeName ?? '',
  };
}

/**
 * A suite's cluster: `start(objects)` seeds a Kubernetes API test server with the
 * JupyterHub objects and `objects`, watches it with a ClusterService and waits for the
 * first sync; each test's cluster is stopped after it.
 */
export function seededJupyterHubCluster() {
  const running: { kube?: KubeTestServer; clusters?: ClusterService } = {};
  afterEach(async () => {
    await running.clusters?.stop();
    await running.kube?.close();
    running.clusters = undefined;
    running.kube = undefined;
  });
  return {
    async start(objects: KubeObject[]) {
      const kube = await startKubeTestServer({
        seed: { objects: [...JHUB_OBJECTS, ...objects] },
      });
      running.kube = kube;
      const clusters = new ClusterService(
        clusterConfig(kube),
        mockServices.logger.mock(),
      );
      running.clusters = clusters;
      clusters.start();
      expect(await clusters.get('demo').waitForSync(10_000)).toBe(true);
      return { kube, clusters };
    },
  };
}

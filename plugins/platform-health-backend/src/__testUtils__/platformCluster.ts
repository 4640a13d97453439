import type { KubeObject } from '@internal/kube-test-server';

/**
 * A small platform cluster for the route tests: three nodes, the `dev` namespace with
 * a ResourceQuota, JupyterHub (one Deployment, one pod) and conda-store (server and
 * worker Deployments), all healthy, labelled `backstage.io/kubernetes-id` like the
 * demo's examples/platform.yaml. Tests break it with the server's faults.
 */
const created = '2026-11-29T10:00:00Z';

function node(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { 'node-role.kubernetes.io/worker': '' },
      creationTimestamp: created,
    },
    spec: {},
    status: {
      capacity: { cpu: '8', memory: '32Gi', pods: '110' },
      allocatable: { cpu: '7800m', memory: '31Gi', pods: '110' },
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

function deployment(name: string, id: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'dev',
      labels: { 'backstage.io/kubernetes-id': id, app: name },
      creationTimestamp: created,
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, 'backstage.io/kubernetes-id': id } },
        spec: {
          containers: [{ name: 'main', image: `quay.io/example/${name}:1` }],
        },
      },
    },
    status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 },
  };
}

function pod(
  name: string,
  id: string,
  app: string,
  nodeName: string,
  container: string,
  requests: { cpu: string; memory: string },
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'dev',
      labels: { 'backstage.io/kubernetes-id': id, app },
      creationTimestamp: created,
    },
    spec: {
      nodeName,
      containers: [
        {
          name: container,
          image: `quay.io/example/${app}:1`,
          resources: { requests, limits: requests },
        },
      ],
    },
    status: {
      phase: 'Running',
      startTime: created,
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: created },
        { type: 'Ready', status: 'True', lastTransitionTime: created },
        {
          type: 'ContainersReady',
          status: 'True',
          lastTransitionTime: created,
        },
      ],
      containerStatuses: [
        {
          name: container,
          image: `quay.io/example/${app}:1`,
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: created } },
        },
      ],
    },
  };
}

export const PLATFORM_OBJECTS: KubeObject[] = [
  node('node-a'),
  node('node-b'),
  node('node-c'),
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'dev', creationTimestamp: created },
    status: { phase: 'Active' },
  },
  {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: {
      name: 'dev-quota',
      namespace: 'dev',
      creationTimestamp: created,
    },
    spec: {
      hard: { 'requests.cpu': '8', 'requests.memory': '16Gi', pods: '20' },
    },
    status: {
      hard: { 'requests.cpu': '8', 'requests.memory': '16Gi', pods: '20' },
      used: { 'requests.cpu': '2', 'requests.memory': '4Gi', pods: '4' },
    },
  },
  deployment('hub', 'jupyterhub'),
  deployment('conda-store-server', 'conda-store'),
  deployment('conda-store-worker', 'conda-store'),
  deployment('grafana', 'grafana'),
  pod('hub-7d9f8-abcde', 'jupyterhub', 'hub', 'node-a', 'hub', {
    cpu: '500m',
    memory: '1Gi',
  }),
  pod(
    'conda-store-server-5c6b-x1',
    'conda-store',
    'conda-store-server',
    'node-b',
    'server',
    {
      cpu: '500m',
      memory: '1Gi',
    },
  ),
  pod(
    'conda-store-worker-6f7d-y2',
    'conda-store',
    'conda-store-worker',
    'node-b',
    'worker',
    {
      cpu: '1',
      memory: '2Gi',
    },
  ),
  pod('grafana-84c-z3', 'grafana', 'grafana', 'node-c', 'grafana', {
    cpu: '100m',
    memory: '256Mi',
  }),
];

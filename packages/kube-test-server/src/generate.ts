import { randomUUID } from 'node:crypto';
import type { KubeObject } from './types';
import type { ObjectStore } from './store';
import { kubeTimestamp } from './store';

/** Kubernetes' own tested limit, and the default `maxPods` of the kubelet. */
export const MAX_PODS_PER_NODE = 110;

interface Pool {
  group: string;
  instanceType: string;
  share: number;
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
}

const POOLS: Pool[] = [
  {
    group: 'general',
    instanceType: 'm6i.2xlarge',
    share: 0.1,
    capacity: { cpu: '8', memory: '32386776Ki', pods: '110', 'ephemeral-storage': '104845292Ki' },
    allocatable: { cpu: '7910m', memory: '31369944Ki', pods: '110', 'ephemeral-storage': '95551679124' },
  },
  {
    group: 'user',
    instanceType: 'm6i.4xlarge',
    share: 0.6,
    capacity: { cpu: '16', memory: '65023012Ki', pods: '110', 'ephemeral-storage': '104845292Ki' },
    allocatable: { cpu: '15890m', memory: '63985188Ki', pods: '110', 'ephemeral-storage': '95551679124' },
  },
  {
    group: 'worker',
    instanceType: 'c6i.4xlarge',
    share: 0.3,
    capacity: { cpu: '16', memory: '32386776Ki', pods: '110', 'ephemeral-storage': '104845292Ki' },
    allocatable: { cpu: '15890m', memory: '31369944Ki', pods: '110', 'ephemeral-storage': '95551679124' },
  },
];

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** Workloads the generated pods belong to: name, container image and requests. */
const APPS = [
  { name: 'api', image: 'ghcr.io/example/api:2.14.1', cpu: 0.25, memoryMi: 512 },
  { name: 'etl-runner', image: 'ghcr.io/example/etl:0.9.3', cpu: 0.5, memoryMi: 1024 },
  { name: 'feature-store', image: 'ghcr.io/example/feast:0.40.1', cpu: 0.2, memoryMi: 768 },
  { name: 'model-server', image: 'ghcr.io/example/model-server:1.3.0', cpu: 1, memoryMi: 2048 },
  { name: 'dask-worker', image: 'ghcr.io/dask/dask:2024.12.1', cpu: 1, memoryMi: 4096 },
];

/** What a JupyterHub notebook server requests (Nebari's "Small Instance" is 2 CPU / 8G). */
const NOTEBOOK = { cpu: 1.5, memoryMi: 6144 };

/** The allocatable CPU and memory of the smallest pool. */
const SMALLEST_ALLOCATABLE = { cpu: 7.91, memoryGi: 29.9 };

/** One pod in ten is a JupyterHub notebook server. */
const NOTEBOOK_EVERY = 10;

function nodeIp(index: number): string {
  return `10.${16 + (index >> 16)}.${(index >> 8) & 255}.${index & 255}`;
}

function podIp(index: number): string {
  return `100.${64 + (index >> 16)}.${(index >> 8) & 255}.${index & 255}`;
}

function pad(n: number, width: number) {
  return String(n).padStart(width, '0');
}

/**
 * Adds a big cluster to the store. Objects of the same pool or workload share their
 * unchanging parts (conditions, container specs, owner references): stored objects are
 * immutable, so sharing is safe and keeps 150,000 pods in a few hundred MB.
 */
/**
 * The `managedFields` a real pod carries (controller-manager creating it, the scheduler
 * binding it, the kubelet writing its status), about 4 KB of JSON, as generated pods get
 * it with `realSize`.
 */
function podManagedFields(time: string, containers: number): unknown[] {
  const container = (i: number) => ({
    [`k:{"name":"c${i}"}`]: {
      '.': {},
      'f:image': {},
      'f:imagePullPolicy': {},
      'f:name': {},
      'f:ports': { '.': {}, 'k:{"containerPort":8080,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:name': {}, 'f:protocol': {} } },
      'f:resources': { '.': {}, 'f:limits': { '.': {}, 'f:cpu': {}, 'f:memory': {} }, 'f:requests': { '.': {}, 'f:cpu': {}, 'f:memory': {} } },
      'f:terminationMessagePath': {},
      'f:terminationMessagePolicy': {},
      'f:volumeMounts': { '.': {}, 'k:{"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}': { '.': {}, 'f:mountPath': {}, 'f:name': {}, 'f:readOnly': {} } },
    },
  });
  const status = (i: number) => ({
    [`k:{"type":"${['ContainersReady', 'Initialized', 'PodReadyToStartContainers', 'PodScheduled', 'Ready'][i]}"}`]: {
      '.': {},
      'f:lastProbeTime': {},
      'f:lastTransitionTime': {},
      'f:status': {},
      'f:type': {},
    },
  });
  return [
    {
      manager: 'kube-controller-manager',
      operation: 'Update',
      apiVersion: 'v1',
      time,
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': {
          'f:generateName': {},
          'f:labels': { '.': {}, 'f:app': {}, 'f:app.kubernetes.io/name': {}, 'f:app.kubernetes.io/part-of': {}, 'f:pod-template-hash': {} },
          'f:ownerReferences': { '.': {}, 'k:{"uid":"00000000-0000-0000-0000-000000000000"}': {} },
        },
        'f:spec': {
          'f:containers': Object.assign({}, ...Array.from({ length: containers }, (_, i) => container(i))),
          'f:dnsPolicy': {},
          'f:enableServiceLinks': {},
          'f:restartPolicy': {},
          'f:schedulerName': {},
          'f:securityContext': {},
          'f:serviceAccount': {},
          'f:serviceAccountName': {},
          'f:terminationGracePeriodSeconds': {},
          'f:tolerations': {},
          'f:volumes': { '.': {}, 'k:{"name":"kube-api-access"}': { '.': {}, 'f:name': {}, 'f:projected': { '.': {}, 'f:defaultMode': {}, 'f:sources': {} } } },
        },
      },
    },
    {
      manager: 'kubelet',
      operation: 'Update',
      apiVersion: 'v1',
      time,
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:status': {
          'f:conditions': Object.assign({}, ...Array.from({ length: 5 }, (_, i) => status(i))),
          'f:containerStatuses': {},
          'f:hostIP': {},
          'f:hostIPs': { '.': {}, 'k:{"ip":"10.0.0.1"}': { '.': {}, 'f:ip': {} } },
          'f:phase': {},
          'f:podIP': {},
          'f:podIPs': { '.': {}, 'k:{"ip":"10.1.0.1"}': { '.': {}, 'f:ip': {} } },
          'f:startTime': {},
        },
      },
      subresource: 'status',
    },
  ];
}

/** The service-account token volume every pod gets, as the API server injects it. */
const TOKEN_VOLUME = {
  name: 'kube-api-access',
  projected: {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  },
};

export function generateCluster(
  store: ObjectStore,
  opts: { nodes: number; pods: number; namespaces?: number; realSize?: boolean },
) {
  const { nodes, pods } = opts;
  if (!Number.isInteger(nodes) || nodes < 1 || !Number.isInteger(pods) || pods < 0) {
    throw new Error('generate() needs a positive whole number of nodes and a whole number of pods');
  }
  if (pods > nodes * MAX_PODS_PER_NODE) {
    throw new Error(
      `${pods} pods do not fit on ${nodes} nodes at ${MAX_PODS_PER_NODE} pods per node`,
    );
  }
  const namespaceCount = opts.namespaces ?? Math.max(1, Math.min(50, Math.ceil(pods / 3000)));
  const registry = store.registry;
  const nodeType = registry.byKind('v1', 'Node')!;
  const podType = registry.byKind('v1', 'Pod')!;
  const namespaceType = registry.byKind('v1', 'Namespace')!;
  const created = kubeTimestamp(new Date(Date.now() - 6 * 3600_000));

  const namespaces: string[] = [];
  for (let i = 1; i <= namespaceCount; i++) {
    const name = `team-${pad(i, 3)}`;
    namespaces.push(name);
    store.upsert(namespaceType, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  const nodeConditions = [
    ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
    ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
    ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
    ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
  ].map(([type, status, reason, message]) => ({
    type,
    status,
    lastHeartbeatTime: kubeTimestamp(),
    lastTransitionTime: created,
    reason,
    message,
  }));
  const nodeInfo = {
    architecture: 'amd64',
    containerRuntimeVersion: 'containerd://1.7.25',
    kernelVersion: '6.1.124-134.200.amzn2023.x86_64',
    kubeProxyVersion: 'v1.31.4-eks-aeac579',
    kubeletVersion: 'v1.31.4-eks-aeac579',
    operatingSystem: 'linux',
    osImage: 'Amazon Linux 2023.6.20250123',
  };
  const daemonEndpoints = { kubeletEndpoint: { Port: 10250 } };

  const nodeNames: string[] = [];
  let poolStart = 0;
  for (const [p, pool] of POOLS.entries()) {
    const count =
      p === POOLS.length - 1 ? nodes - poolStart : Math.round(nodes * pool.share);
    for (let i = poolStart; i < poolStart + count; i++) {
      const ip = nodeIp(i);
      const name = `ip-${ip.replace(/\./g, '-')}.ec2.internal`;
      const zone = ZONES[i % ZONES.length];
      nodeNames.push(name);
      store.upsert(nodeType, {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name,
          creationTimestamp: created,
          labels: {
            'beta.kubernetes.io/arch': 'amd64',
            'beta.kubernetes.io/instance-type': pool.instanceType,
            'beta.kubernetes.io/os': 'linux',
            'eks.amazonaws.com/capacityType': 'ON_DEMAND',
            'eks.amazonaws.com/nodegroup': pool.group,
            'kubernetes.io/arch': 'amd64',
            'kubernetes.io/hostname': name,
            'kubernetes.io/os': 'linux',
            'nebari.dev/node-group': pool.group,
            'node.kubernetes.io/instance-type': pool.instanceType,
            'topology.kubernetes.io/region': 'us-east-1',
            'topology.kubernetes.io/zone': zone,
          },
          annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
        },
        spec: { providerID: `aws:///${zone}/i-0${pad(i, 16)}` },
        status: {
          capacity: pool.capacity,
          allocatable: pool.allocatable,
          conditions: nodeConditions,
          addresses: [
            { type: 'InternalIP', address: ip },
            { type: 'InternalDNS', address: name },
            { type: 'Hostname', address: name },
          ],
          daemonEndpoints,
          nodeInfo: {
            ...nodeInfo,
            machineID: `ec2${pad(i, 29)}`,
            systemUUID: `ec2${pad(i, 5)}-0000-0000-0000-000000000000`,
            bootID: randomUUID(),
          },
        },
      });
    }
    poolStart += count;
  }

  // Shared parts of the pods of each workload.
  const podConditions = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(
    type => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: created }),
  );
  // Requests shrink as pods get denser, so every node's pods fit its allocatable CPU and
  // memory (with headroom) like a scheduler would have placed them.
  const podsPerNode = Math.ceil(pods / nodes);
  const averageCpu =
    NOTEBOOK.cpu / NOTEBOOK_EVERY +
    ((NOTEBOOK_EVERY - 1) / NOTEBOOK_EVERY) *
      (APPS.reduce((sum, app) => sum + app.cpu, 0) / APPS.length);
  const averageMemoryGi =
    NOTEBOOK.memoryMi / 1024 / NOTEBOOK_EVERY +
    ((NOTEBOOK_EVERY - 1) / NOTEBOOK_EVERY) *
      (APPS.reduce((sum, app) => sum + app.memoryMi, 0) / 1024 / APPS.length);
  const scale = Math.min(
    1,
    (0.8 * SMALLEST_ALLOCATABLE.cpu) / (podsPerNode * averageCpu),
    (0.8 * SMALLEST_ALLOCATABLE.memoryGi) / (podsPerNode * averageMemoryGi),
  );
  const cpu = (cores: number) => `${Math.max(1, Math.round(cores * scale * 1000))}m`;
  const memory = (mi: number) => `${Math.max(16, Math.round(mi * scale))}Mi`;

  const appTemplates = APPS.map(app => {
    const hash = `${app.name.length}c7d9f${app.name.charCodeAt(0).toString(16)}b`;
    const containers = [
      {
        name: app.name,
        image: app.image,
        ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
        resources: {
          requests: { cpu: cpu(app.cpu), memory: memory(app.memoryMi) },
          limits: { memory: memory(app.memoryMi) },
        },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      },
    ];
    const containerStatuses = [
      {
        name: app.name,
        image: app.image,
        imageID: `${app.image.split(':')[0]}@sha256:${'ab12'.repeat(16)}`,
        containerID: `containerd://${'f00d'.repeat(16)}`,
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: created } },
        lastState: {},
      },
    ];
    return { app, hash, containers, containerStatuses };
  });
  const notebookContainers = [
    {
      name: 'notebook',
      image: 'quay.io/nebari/nebari-jupyterlab:2024.11.1',
      args: ['/opt/conda/envs/default/bin/jupyterhub-singleuser'],
      ports: [{ containerPort: 8888, name: 'notebook-port', protocol: 'TCP' }],
      resources: {
        requests: { cpu: cpu(NOTEBOOK.cpu), memory: memory(NOTEBOOK.memoryMi) },
        limits: { cpu: cpu(NOTEBOOK.cpu * 2), memory: memory(NOTEBOOK.memoryMi * 1.5) },
      },
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      imagePullPolicy: 'IfNotPresent',
    },
  ];
  const notebookStatuses = [
    {
      name: 'notebook',
      image: 'quay.io/nebari/nebari-jupyterlab:2024.11.1',
      imageID: `quay.io/nebari/nebari-jupyterlab@sha256:${'cd34'.repeat(16)}`,
      containerID: `containerd://${'beef'.repeat(16)}`,
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: created } },
      lastState: {},
    },
  ];
  const sharedPodSpec = {
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    securityContext: {},
    schedulerName: 'default-scheduler',
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
  };
  const ownerRefs = new Map<string, unknown[]>();
  const labelsByOwner = new Map<string, Record<string, string>>();

  // Real size: every pod carries managedFields and the token volume (shared: stored
  // objects are immutable), so what goes over the wire is as big as a real pod's.
  const realParts = opts.realSize
    ? {
        managedFields: podManagedFields(created, 1),
        annotations: {
          'kubectl.kubernetes.io/restartedAt': created,
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': '8080',
        },
        volumes: [TOKEN_VOLUME],
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
      }
    : undefined;

  let notebookCount = 0;
  for (let i = 0; i < pods; i++) {
    const namespace = namespaces[i % namespaces.length];
    const nodeName = nodeNames[i % nodeNames.length];
    const hostIP = nodeIp(i % nodeNames.length);
    const ip = podIp(i);
    let metadata: KubeObject['metadata'];
    let containers: unknown;
    let containerStatuses: unknown;
    let qosClass: string;
    // Pod i goes to node i % nodes; the kind cycles per node too, so each node gets the
    // same mix of notebooks and workloads (not every tenth node only notebooks).
    const slot = (i % nodeNames.length) + Math.floor(i / nodeNames.length);
    if (slot % NOTEBOOK_EVERY === 0) {
      const user = `user-${pad(notebookCount++, 6)}`;
      metadata = {
        name: `jupyter-${user}`,
        namespace,
        creationTimestamp: created,
        labels: {
          app: 'jupyterhub',
          chart: 'jupyterhub-3.3.8',
          component: 'singleuser-server',
          heritage: 'jupyterhub',
          'hub.jupyter.org/network-access-hub': 'true',
          'hub.jupyter.org/servername': '',
          'hub.jupyter.org/username': user,
          release: 'nebari',
        },
        annotations: {
          'hub.jupyter.org/username': user,
          'hub.jupyter.org/servername': '',
        },
      };
      containers = notebookContainers;
      containerStatuses = notebookStatuses;
      qosClass = 'Burstable';
    } else {
      const template = appTemplates[slot % appTemplates.length];
      const owner = `${namespace}/${template.app.name}`;
      const replicaSet = `${template.app.name}-${template.hash}`;
      if (!ownerRefs.has(owner)) {
        ownerRefs.set(owner, [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: replicaSet,
            uid: randomUUID(),
            controller: true,
            blockOwnerDeletion: true,
          },
        ]);
        labelsByOwner.set(owner, {
          app: template.app.name,
          'app.kubernetes.io/name': template.app.name,
          'app.kubernetes.io/part-of': namespace,
          'pod-template-hash': template.hash,
        });
      }
      metadata = {
        name: `${replicaSet}-${pad(i, 6)}`,
        generateName: `${replicaSet}-`,
        namespace,
        creationTimestamp: created,
        labels: labelsByOwner.get(owner),
        ownerReferences: ownerRefs.get(owner),
      };
      containers = template.containers;
      containerStatuses = template.containerStatuses;
      qosClass = 'Burstable';
    }
    if (realParts) {
      metadata = {
        ...metadata,
        managedFields: realParts.managedFields,
        annotations: { ...realParts.annotations, ...(metadata.annotations as object) },
      };
    }
    store.upsert(podType, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata,
      spec: {
        ...sharedPodSpec,
        containers,
        nodeName,
        ...(realParts ? { volumes: realParts.volumes, tolerations: realParts.tolerations } : {}),
      },
      status: {
        phase: 'Running',
        conditions: podConditions,
        hostIP,
        hostIPs: [{ ip: hostIP }],
        podIP: ip,
        podIPs: [{ ip }],
        startTime: created,
        containerStatuses,
        qosClass,
      },
    });
  }
}
